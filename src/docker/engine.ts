import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import Dockerode from "dockerode";
import { ExecError, ExecErrorCode } from "../exec/errors.js";

/** Where the engine is and how it is reached. */
export interface EngineEndpoint {
  /** How the engine is reached. */
  kind: "unix" | "npipe" | "tcp" | "ssh";
  /** For messages: e.g. `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376 (TLS)`. */
  display: string;
  /**
   * Whether the engine shares this machine's filesystem (a unix socket or named pipe), so host
   * paths can be bind-mounted into its containers.
   */
  local: boolean;
}

/** Options for dockerode, and the endpoint they describe. */
export interface EngineConnection {
  /** What to pass to `new Dockerode(…)`: a socket path, or protocol, host and port (with TLS files or SSH agent). */
  options: Dockerode.DockerOptions;
  /** Where these options lead, for messages and for deciding whether host paths can be bind-mounted. */
  endpoint: EngineEndpoint;
}

const defaultSocket = "/var/run/docker.sock";

/**
 * How the `docker` CLI would reach the engine, from environment variables:
 *
 * - `DOCKER_HOST`: `unix:///path`, `npipe:////./pipe/name`, `tcp://host[:port]` (port 2375, or
 *   2376 with TLS) or `ssh://[user@]host[:port]` (using the agent at `SSH_AUTH_SOCK`);
 * - `DOCKER_TLS_VERIFY` (any non-empty value) or `DOCKER_TLS=1`: TLS for `tcp://`, with `ca.pem`,
 *   `cert.pem` and `key.pem` read from `DOCKER_CERT_PATH` (default `~/.docker`);
 * - without `DOCKER_HOST`: the local socket `/var/run/docker.sock`, or Docker Desktop's
 *   `~/.docker/run/docker.sock` when only that one exists.
 *
 * Docker CLI contexts are not read; set `DOCKER_HOST` instead.
 *
 * @throws ExecError (`EXEC_INVALID_TASK`) naming `DOCKER_HOST` when it cannot be understood, or
 *   `DOCKER_CERT_PATH` when a certificate file cannot be read.
 */
export function engineFromEnvironment(env: NodeJS.ProcessEnv = process.env): EngineConnection {
  const host = env.DOCKER_HOST?.trim();
  if (!host) {
    const desktop = join(homedir(), ".docker", "run", "docker.sock");
    const socketPath = !existsSync(defaultSocket) && existsSync(desktop) ? desktop : defaultSocket;
    return { options: { socketPath }, endpoint: { kind: "unix", display: `unix://${socketPath}`, local: true } };
  }
  if (host.startsWith("unix://")) {
    const socketPath = host.slice("unix://".length) || defaultSocket;
    return { options: { socketPath }, endpoint: { kind: "unix", display: `unix://${socketPath}`, local: true } };
  }
  if (host.startsWith("npipe://")) {
    const socketPath = host.slice("npipe://".length) || "//./pipe/docker_engine";
    return { options: { socketPath }, endpoint: { kind: "npipe", display: host, local: true } };
  }
  let url: URL;
  try {
    url = new URL(host.includes("://") ? host : `tcp://${host}`);
  } catch (cause) {
    throw badSetting("DOCKER_HOST", host, "expected unix://, npipe://, tcp:// or ssh://", cause);
  }
  if (url.protocol === "ssh:") {
    const port = url.port ? Number(url.port) : 22;
    const options: Dockerode.DockerOptions = {
      protocol: "ssh",
      host: url.hostname,
      port,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      sshOptions: env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {},
    };
    return { options, endpoint: { kind: "ssh", display: `ssh://${url.host}`, local: false } };
  }
  if (url.protocol !== "tcp:" && url.protocol !== "http:" && url.protocol !== "https:") {
    throw badSetting("DOCKER_HOST", host, "expected unix://, npipe://, tcp:// or ssh://");
  }
  const tls = Boolean(env.DOCKER_TLS_VERIFY) || env.DOCKER_TLS === "1" || url.protocol === "https:";
  const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
  const options: Dockerode.DockerOptions = { protocol: tls ? "https" : "http", host: url.hostname, port };
  if (tls) Object.assign(options, certificates(env.DOCKER_CERT_PATH || join(homedir(), ".docker")));
  const display = `tcp://${url.hostname}:${port}${tls ? " (TLS)" : ""}`;
  return { options, endpoint: { kind: "tcp", display, local: false } };
}

function certificates(dir: string): { ca: Buffer; cert: Buffer; key: Buffer } {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch (cause) {
      throw badSetting("DOCKER_CERT_PATH", dir, `cannot read ${name}`, cause);
    }
  };
  return { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") };
}

function badSetting(name: string, value: string, problem: string, cause?: unknown): ExecError {
  return new ExecError(ExecErrorCode.InvalidTask, `${name}=${JSON.stringify(value)}: ${problem}`, { cause });
}

/** The endpoint of a dockerode instance made elsewhere, read from its connection settings. */
export function endpointOfClient(docker: { modem?: unknown }): EngineEndpoint {
  const modem = (docker.modem ?? {}) as { socketPath?: unknown; host?: unknown; port?: unknown; protocol?: unknown };
  if (modem.socketPath) {
    const path = typeof modem.socketPath === "string" ? modem.socketPath : "the default socket";
    const pipe = typeof modem.socketPath === "string" && modem.socketPath.startsWith("//./pipe/");
    return { kind: pipe ? "npipe" : "unix", display: pipe ? `npipe://${path}` : `unix://${path}`, local: true };
  }
  const kind = modem.protocol === "ssh" ? "ssh" : "tcp";
  return { kind, display: `${kind}://${String(modem.host ?? "?")}:${String(modem.port ?? "?")}`, local: false };
}

/** A dockerode client for an engine connection; no client-level timeout (calls are bounded one by one). */
export function createDockerClient(connection: EngineConnection): Dockerode {
  return new Dockerode(connection.options);
}

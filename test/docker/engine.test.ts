import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { classifyEngineError, isNotFound } from "../../src/docker/classify.js";
import {
  DockerEngineError,
  defaultPullPolicy,
  EngineUnreachableError,
  encodeRegistryAuth,
  engineFromEnvironment,
  parseImageRef,
  registryAuthFromConfig,
} from "../../src/docker/index.js";
import { isTemporary } from "../../src/index.js";

const temporaryDirs: string[] = [];
/** A temporary directory, deleted after the file's tests. */
function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

describe("engineFromEnvironment (as the docker CLI)", () => {
  it("no DOCKER_HOST: the local socket", () => {
    const { options, endpoint } = engineFromEnvironment({});
    expect(options.socketPath).toMatch(/docker\.sock$/);
    expect(endpoint).toMatchObject({ kind: "unix", local: true });
  });

  it("unix://, tcp:// (port 2375), tcp with TLS (2376, certificates), ssh://", () => {
    expect(engineFromEnvironment({ DOCKER_HOST: "unix:///tmp/d.sock" })).toEqual({
      options: { socketPath: "/tmp/d.sock" },
      endpoint: { kind: "unix", display: "unix:///tmp/d.sock", local: true },
    });
    expect(engineFromEnvironment({ DOCKER_HOST: "tcp://10.0.0.5" })).toEqual({
      options: { protocol: "http", host: "10.0.0.5", port: 2375 },
      endpoint: { kind: "tcp", display: "tcp://10.0.0.5:2375", local: false },
    });
    const certs = temporaryDir("tw-certs-");
    for (const name of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(certs, name), name);
    const tls = engineFromEnvironment({ DOCKER_HOST: "tcp://h", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs });
    expect(tls.options).toMatchObject({ protocol: "https", host: "h", port: 2376 });
    expect(String(tls.options.ca)).toBe("ca.pem");
    expect(tls.endpoint.display).toBe("tcp://h:2376 (TLS)");
    const ssh = engineFromEnvironment({ DOCKER_HOST: "ssh://me@box:2222", SSH_AUTH_SOCK: "/agent" });
    expect(ssh.options).toEqual({
      protocol: "ssh",
      host: "box",
      port: 2222,
      username: "me",
      sshOptions: { agent: "/agent" },
    });
    expect(ssh.endpoint).toEqual({ kind: "ssh", display: "ssh://box:2222", local: false });
  });

  it("a DOCKER_HOST or certificate path that cannot be used is an error naming the variable", () => {
    expect(() => engineFromEnvironment({ DOCKER_HOST: "ftp://x" })).toThrow(/^DOCKER_HOST="ftp:\/\/x"/);
    expect(() =>
      engineFromEnvironment({ DOCKER_HOST: "tcp://h", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/nonexistent" }),
    ).toThrow(/^DOCKER_CERT_PATH="\/nonexistent": cannot read ca.pem/);
  });
});

describe("engine errors are classified by HTTP status, never by text", () => {
  it("a status makes a DockerEngineError with the engine's message; 503 is temporary", () => {
    const err = classifyEngineError(
      Object.assign(new Error("(HTTP code 404) no such container - No such container: x "), {
        statusCode: 404,
        json: { message: "No such container: x" },
      }),
      "inspecting container x",
      "unix:///s",
    );
    expect(err).toBeInstanceOf(DockerEngineError);
    expect((err as Error).message).toBe("inspecting container x: No such container: x");
    expect(isNotFound(err)).toBe(true);
    expect(isTemporary(classifyEngineError({ statusCode: 503, json: { message: "busy" } }, "op", "e"))).toBe(true);
    expect(isTemporary(classifyEngineError({ statusCode: 500, json: { message: "busy" } }, "op", "e"))).toBe(false);
  });

  it("the same text without a status is not a 404", () => {
    const err = classifyEngineError(new Error("No such container: x"), "op", "e");
    expect(isNotFound(err)).toBe(false);
    expect(err).not.toBeInstanceOf(DockerEngineError);
  });

  it("a socket error is an unreachable engine (temporary); other errors pass unchanged", () => {
    const refused = classifyEngineError(
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "op",
      "unix:///s",
    );
    expect(refused).toBeInstanceOf(EngineUnreachableError);
    expect((refused as Error).message).toBe("op: docker engine unreachable at unix:///s: connect ECONNREFUSED");
    const bug = new TypeError("x is undefined");
    expect(classifyEngineError(bug, "op", "e")).toBe(bug);
  });
});

describe("image references and the default pull policy", () => {
  it.each([
    ["busybox", { registry: "docker.io", repository: "busybox" }, "always"],
    ["busybox:latest", { registry: "docker.io", repository: "busybox", tag: "latest" }, "always"],
    ["busybox:1.36", { registry: "docker.io", repository: "busybox", tag: "1.36" }, "missing"],
    ["127.0.0.1:5999/x:1", { registry: "127.0.0.1:5999", repository: "127.0.0.1:5999/x", tag: "1" }, "missing"],
    ["localhost/a/b", { registry: "localhost", repository: "localhost/a/b" }, "always"],
    ["ghcr.io/o/i@sha256:abc", { registry: "ghcr.io", repository: "ghcr.io/o/i", digest: "sha256:abc" }, "missing"],
  ])("%s", (ref, parsed, policy) => {
    expect(parseImageRef(ref)).toEqual(parsed);
    expect(defaultPullPolicy(parseImageRef(ref))).toBe(policy);
  });
});

describe("registry credentials from the docker config", () => {
  function configDir(config: object): string {
    const dir = temporaryDir("tw-docker-config-");
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    return dir;
  }
  const decode = (value: string | undefined) => JSON.parse(Buffer.from(String(value), "base64url").toString());

  it("auths: user:password, matched by host (Docker Hub under any of its names)", async () => {
    const auth = Buffer.from("me:pw").toString("base64");
    const dir = configDir({ auths: { "https://index.docker.io/v1/": { auth }, "reg.example:5000": { auth } } });
    expect(decode(await registryAuthFromConfig("docker.io", { configDir: dir }))).toEqual({
      username: "me",
      password: "pw",
      serveraddress: "https://index.docker.io/v1/",
    });
    expect(decode(await registryAuthFromConfig("reg.example:5000", { configDir: dir }))).toMatchObject({
      serveraddress: "reg.example:5000",
    });
    expect(await registryAuthFromConfig("other.example", { configDir: dir })).toBeUndefined();
  });

  it("credential helpers win over the store; identity tokens are passed as such", async () => {
    const dir = configDir({ credHelpers: { "ghcr.io": "gh" }, credsStore: "desktop", auths: {} });
    const asked: string[] = [];
    const runHelper = async (helper: string, server: string) => {
      asked.push(`${helper} ${server}`);
      return JSON.stringify(helper === "gh" ? { Username: "<token>", Secret: "tok" } : { Username: "u", Secret: "s" });
    };
    expect(decode(await registryAuthFromConfig("ghcr.io", { configDir: dir, runHelper }))).toEqual({
      identitytoken: "tok",
      serveraddress: "ghcr.io",
    });
    expect(decode(await registryAuthFromConfig("quay.io", { configDir: dir, runHelper }))).toEqual({
      username: "u",
      password: "s",
      serveraddress: "quay.io",
    });
    expect(asked).toEqual(["gh ghcr.io", "desktop quay.io"]);
  });

  it("no config: no credentials", async () => {
    expect(await registryAuthFromConfig("docker.io", { configDir: "/nonexistent" })).toBeUndefined();
    expect(encodeRegistryAuth({ serveraddress: "x" })).toBe(Buffer.from('{"serveraddress":"x"}').toString("base64url"));
  });
});

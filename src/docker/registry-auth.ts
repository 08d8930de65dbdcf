import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Credentials for one registry, as the engine's `X-Registry-Auth` header carries them: a user
 * name and password, or an identity token.
 */
export interface RegistryCredentials {
  /** The user name, with `password`. */
  username?: string;
  /** The password (or an access token used as one), with `username`. */
  password?: string;
  /** A refresh token the registry issued, used instead of a user name and password. */
  identitytoken?: string;
  /** The registry they are for: its host (and port), or `https://index.docker.io/v1/` for Docker Hub. */
  serveraddress: string;
}

/** Where the user's docker configuration is read from. */
export interface DockerConfigSource {
  /** Directory holding `config.json`. @defaultValue `$DOCKER_CONFIG`, else `~/.docker` */
  configDir?: string | undefined;
  /** Runs a credential helper; replaceable for tests. @defaultValue runs `docker-credential-<name> get` */
  runHelper?: (helper: string, serverUrl: string) => Promise<string>;
}

const dockerHubKey = "https://index.docker.io/v1/";
const dockerHubHosts = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** Encodes credentials the way the engine expects them: base64url of their JSON. */
export function encodeRegistryAuth(credentials: RegistryCredentials): string {
  return Buffer.from(JSON.stringify(credentials)).toString("base64url");
}

function hostOf(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "");
  return dockerHubHosts.has(host) ? "docker.io" : host;
}

/**
 * The credentials for `registry` from the user's docker `config.json`, as the `docker` CLI finds
 * them: a credential helper for that registry (`credHelpers`), else the default store
 * (`credsStore`), else an `auths` entry (`auth` as base64 `user:password`, or `identitytoken`).
 * Keys are matched by host, so `https://index.docker.io/v1/` and `docker.io` agree.
 *
 * @returns the encoded header value, or `undefined` when the config has nothing for it (or
 *   there is no config)
 * @throws Error when a credential helper fails or answers something unreadable
 */
export async function registryAuthFromConfig(
  registry: string,
  source: DockerConfigSource = {},
): Promise<string | undefined> {
  const dir = source.configDir ?? process.env.DOCKER_CONFIG ?? join(homedir(), ".docker");
  let config: {
    auths?: Record<string, { auth?: string; identitytoken?: string }>;
    credHelpers?: Record<string, string>;
    credsStore?: string;
  };
  try {
    config = JSON.parse(await readFile(join(dir, "config.json"), "utf8"));
  } catch {
    return undefined;
  }
  const host = hostOf(registry);
  const serveraddress = host === "docker.io" ? dockerHubKey : host;
  const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => hostOf(key) === host)?.[1];
  const entry = Object.entries(config.auths ?? {}).find(([key]) => hostOf(key) === host)?.[1];
  const store = helper ?? (entry?.auth || entry?.identitytoken ? undefined : config.credsStore);
  if (store) {
    const run = source.runHelper ?? runCredentialHelper;
    const answer = JSON.parse(await run(store, serveraddress)) as { Username?: string; Secret?: string };
    if (!answer.Secret) return undefined;
    if (answer.Username === "<token>") return encodeRegistryAuth({ identitytoken: answer.Secret, serveraddress });
    return encodeRegistryAuth({ username: answer.Username ?? "", password: answer.Secret, serveraddress });
  }
  if (entry?.identitytoken) return encodeRegistryAuth({ identitytoken: entry.identitytoken, serveraddress });
  if (entry?.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    return encodeRegistryAuth({
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
      serveraddress,
    });
  }
  return undefined;
}

function runCredentialHelper(helper: string, serverUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ["get"], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err)
        reject(new Error(`credential helper docker-credential-${helper} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(serverUrl);
  });
}

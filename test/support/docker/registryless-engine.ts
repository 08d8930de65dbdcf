import { mkdtemp, rm } from "node:fs/promises";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { engineFromEnvironment } from "../../../src/docker/index.js";

/** A Docker endpoint for a child process (`DOCKER_HOST`), and how to take it down. */
export interface RegistrylessEngine {
  /** `unix://…`: the value for `DOCKER_HOST`. */
  host: string;
  close(): Promise<void>;
}

/** What the endpoint answers to a pull: the engine's error shape, with the reason a registry-less engine gives. */
export const noRegistryReason = 'Get "https://registry-1.docker.io/v2/": dial tcp: no registry (taskwright test)';

/**
 * The real engine as seen from a machine without a registry and without any image of its own:
 * a unix socket that forwards every call to the engine the tests use, except that an image
 * inspection answers 404 and a pull fails (HTTP 500 with {@link noRegistryReason}). Lets a test
 * see what happens when an image cannot be pulled, wherever it runs.
 *
 * @throws Error when the tests' engine is not reached through a unix socket
 */
export async function registrylessEngine(): Promise<RegistrylessEngine> {
  const upstream = engineFromEnvironment().options.socketPath;
  if (typeof upstream !== "string") throw new Error("registrylessEngine needs an engine on a unix socket");
  const dir = await mkdtemp(join(tmpdir(), "tw-registryless-"));
  const socket = join(dir, "docker.sock");
  const server = createServer((req, res) => {
    const path = (req.url ?? "").replace(/^\/v[\d.]+/, "");
    const refuse = (status: number, message: string) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ message }));
    };
    if (path.startsWith("/images/create")) return refuse(500, noRegistryReason);
    if (/^\/images\/.+\/json/.test(path)) return refuse(404, "No such image (taskwright test)");
    const forward = request(
      { socketPath: upstream, method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", (err) => res.destroy(err));
    req.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(socket, resolve));
  return {
    host: `unix://${socket}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

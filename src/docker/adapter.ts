import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { boundedCall, type CallBounds } from "./bounded.js";
import { isConflict, isNotFound, isNotModified } from "./classify.js";
import type { ContainerInspect, DialRequest, DockerClient, EngineInfo, ImageInspect, PluginInfo } from "./client.js";
import type { EngineEndpoint } from "./engine.js";
import { openStream, readJsonBody } from "./streams.js";

/** How often a removal in progress elsewhere is checked on. */
const removalPollMs = 50;

/** The engine's answer to a container wait. */
export interface WaitResult {
  StatusCode: number;
  Error?: { Message?: string } | null;
}

/**
 * A thin layer over a dockerode-shaped client: one method per engine call. Every call is bounded
 * (the caller's signal, plus `requestTimeout`), and its errors are classified by HTTP status:
 * `DockerEngineError` with `statusCode`, or a temporary `EngineUnreachableError`. Answers that
 * mean "already in the wanted state" (404 on inspect, 304 on stop, …) are not errors here.
 *
 * @internal
 */
export class DockerAdapter {
  /**
   * @param client - the dockerode instance (or a fake of its shape)
   * @param endpoint - where the engine is, for messages
   * @param requestTimeout - milliseconds an ordinary call may take
   */
  constructor(
    readonly client: DockerClient,
    readonly endpoint: EngineEndpoint,
    readonly requestTimeout: number,
  ) {}

  private call<T>(
    operation: string,
    signal: AbortSignal | undefined,
    run: (signal: AbortSignal) => Promise<T>,
    bounds: Partial<CallBounds> = {},
  ): Promise<T> {
    const full: CallBounds = { signal, timeoutMs: this.requestTimeout, ...bounds };
    return boundedCall(operation, this.endpoint.display, full, run);
  }

  /** The container, or `undefined` when there is none by that name or id. */
  async inspectContainer(nameOrId: string, signal?: AbortSignal): Promise<ContainerInspect | undefined> {
    try {
      return await this.call(
        `inspecting container ${nameOrId}`,
        signal,
        (abortSignal) => this.client.getContainer(nameOrId).inspect({ abortSignal }),
        { idempotent: true },
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Creates a container and returns its id; the name goes in the query, everything else in the body. */
  async createContainer(name: string, body: object, signal?: AbortSignal): Promise<string> {
    const created = await this.call(`creating container ${name}`, signal, (abortSignal) =>
      // `_query`/`_body` keep the body (env values included) out of the request URL.
      this.client.createContainer({ _query: { name }, _body: body, abortSignal }),
    );
    return created.id;
  }

  /** Starts a container; a 304 (already started) is success. */
  async startContainer(nameOrId: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.call(`starting container ${nameOrId}`, signal, (abortSignal) =>
        this.client.getContainer(nameOrId).start({ abortSignal }),
      );
    } catch (err) {
      if (!isNotModified(err)) throw err;
    }
  }

  /**
   * Stops a container with its stop signal, killing it after `graceSeconds`; the call may take
   * that long plus the ordinary request timeout. Already stopped (304) or gone (404) is success.
   */
  async stopContainer(nameOrId: string, graceSeconds: number, signal?: AbortSignal): Promise<void> {
    try {
      await this.call(
        `stopping container ${nameOrId}`,
        signal,
        (abortSignal) => this.client.getContainer(nameOrId).stop({ t: graceSeconds, abortSignal }),
        { timeoutMs: graceSeconds * 1000 + this.requestTimeout, idempotent: true },
      );
    } catch (err) {
      if (!isNotModified(err) && !isNotFound(err)) throw err;
    }
  }

  /** Kills a container (SIGKILL). Gone (404) or not running (409) is success. */
  async killContainer(nameOrId: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.call(
        `killing container ${nameOrId}`,
        signal,
        (abortSignal) => this.client.getContainer(nameOrId).kill({ abortSignal }),
        { idempotent: true },
      );
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (!isNotFound(err) && status !== 409) throw err;
    }
  }

  /**
   * Removes a container with its anonymous volumes, forcing it down if it runs. Gone (404) is
   * success. A forced removal is refused (409) only while another removal of the container is in
   * progress: then this one waits, within the request timeout, for the container to be gone.
   */
  async removeContainer(nameOrId: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.call(
        `removing container ${nameOrId}`,
        signal,
        (abortSignal) => this.client.getContainer(nameOrId).remove({ v: true, force: true, abortSignal }),
        { idempotent: true },
      );
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isConflict(err)) throw err;
      await this.waitUntilGone(nameOrId, err, signal);
    }
  }

  /** Polls until the container no longer exists; rejects with `refusal` if it outlasts the request timeout. */
  private async waitUntilGone(nameOrId: string, refusal: unknown, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.requestTimeout;
    while (await this.inspectContainer(nameOrId, signal)) {
      if (Date.now() >= deadline) throw refusal;
      await sleep(removalPollMs, undefined, { signal });
    }
  }

  /**
   * Blocks until the container is not running and returns the engine's answer. The request has no
   * overall timeout (a task may run for days); only the answer's headers are bounded.
   */
  async waitContainer(id: string, signal?: AbortSignal): Promise<WaitResult> {
    const operation = `waiting for container ${id}`;
    const body = await this.stream(operation, signal, {
      path: `/containers/${id}/wait?`,
      method: "POST",
      options: { condition: "not-running" },
      statusCodes: { 200: true, 400: "bad parameter", 404: "no such container", 500: "server error" },
    });
    return (await readJsonBody(body, operation, this.endpoint.display, signal)) as WaitResult;
  }

  /** The image, or `undefined` when it is not present. */
  async inspectImage(ref: string, signal?: AbortSignal): Promise<ImageInspect | undefined> {
    try {
      return await this.call(`inspecting image ${ref}`, signal, () => this.client.getImage(ref).inspect(), {
        idempotent: true,
      });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Starts pulling an image and returns the progress stream (JSON messages). */
  pullImage(
    repository: string,
    tag: string,
    registryAuth: string | undefined,
    signal?: AbortSignal,
  ): Promise<Readable> {
    return this.stream(`pulling image ${repository}:${tag}`, signal, {
      path: "/images/create?",
      method: "POST",
      options: { fromImage: repository, tag },
      statusCodes: { 200: true, 404: "no such image", 500: "server error" },
      ...(registryAuth ? { authconfig: { base64: registryAuth } } : {}),
    });
  }

  /** Subscribes to the engine's events matching `filters`, from `since` (unix seconds, or `"<s>.<ns>"`). */
  events(filters: Record<string, string[]>, since: string | undefined, signal?: AbortSignal): Promise<Readable> {
    const options: Record<string, unknown> = { filters };
    if (since !== undefined) options.since = since;
    return this.stream("watching container events", signal, {
      path: "/events?",
      method: "GET",
      options,
      statusCodes: { 200: true, 400: "bad parameter", 500: "server error" },
    });
  }

  /** Opens a container's log stream (multiplexed, or raw for a TTY container). */
  logs(id: string, query: Record<string, unknown>, signal?: AbortSignal): Promise<Readable> {
    return this.stream(`reading logs of container ${id}`, signal, {
      path: `/containers/${id}/logs?`,
      method: "GET",
      options: query,
      statusCodes: { 200: true, 404: "no such container", 500: "server error", 501: "not implemented" },
    });
  }

  /** The engine's description of itself. */
  info(signal?: AbortSignal): Promise<EngineInfo> {
    return this.call("reading engine info", signal, (abortSignal) => this.client.info({ abortSignal }), {
      idempotent: true,
    });
  }

  /** The engine's managed plugins. */
  plugins(signal?: AbortSignal): Promise<PluginInfo[]> {
    return this.call("listing engine plugins", signal, (abortSignal) => this.client.listPlugins({ abortSignal }), {
      idempotent: true,
    });
  }

  private stream(operation: string, signal: AbortSignal | undefined, request: DialRequest): Promise<Readable> {
    return openStream(this.client, request, {
      operation,
      endpoint: this.endpoint.display,
      signal,
      headerTimeoutMs: this.requestTimeout,
    });
  }
}

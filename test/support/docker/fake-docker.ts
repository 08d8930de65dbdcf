import { Readable } from "node:stream";
import type {
  ContainerInspect,
  DialRequest,
  DockerClient,
  DockerContainerClient,
  EngineEvent,
  EngineInfo,
  ImageInspect,
  PluginInfo,
} from "../../../src/docker/index.js";

/** An error as dockerode rejects with when the engine answers `statusCode`. */
export function engineError(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), {
    statusCode,
    json: { message },
  });
}

/** A socket-level error as Node raises it. */
export function connectionError(code = "ECONNREFUSED"): Error & { code: string } {
  return Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });
}

/** A body the fake engine streams: chunks (or JSON values, one per line), then an end or an error. */
export function body(chunks: Array<Uint8Array | string | object>, end: "end" | Error = "end"): Readable {
  const bytes = chunks.map((chunk) =>
    chunk instanceof Uint8Array ? chunk : Buffer.from(typeof chunk === "string" ? chunk : `${JSON.stringify(chunk)}\n`),
  );
  let i = 0;
  return new Readable({
    read() {
      if (i < bytes.length) this.push(bytes[i++]);
      else if (end === "end") this.push(null);
      else this.destroy(end);
    },
  });
}

/** A stream that never ends (until destroyed): an event stream with nothing to say. */
export function silentBody(): Readable {
  return new Readable({ read() {} });
}

/** One multiplexed log frame (stream 1 stdout, 2 stderr). */
export function logFrame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** An inspection of a container in the given state. */
export function inspectOf(
  status: string,
  fields: {
    id?: string;
    exitCode?: number;
    pid?: number;
    error?: string;
    labels?: Record<string, string>;
    startedAt?: string;
  } & Partial<Pick<ContainerInspect, "Config" | "NetworkSettings">> & {
      health?: NonNullable<ContainerInspect["State"]["Health"]>;
      oomKilled?: boolean;
    } = {},
): ContainerInspect {
  const running = status === "running";
  return {
    Id: fields.id ?? "cid",
    Name: "/container",
    State: {
      Status: status,
      Running: running,
      Pid: fields.pid ?? (running ? 42 : 0),
      ExitCode: fields.exitCode ?? 0,
      Error: fields.error ?? "",
      OOMKilled: fields.oomKilled ?? false,
      StartedAt:
        fields.startedAt ?? (running || status === "exited" ? "2024-01-01T00:00:00.5Z" : "0001-01-01T00:00:00Z"),
      FinishedAt: status === "exited" ? "2024-01-01T00:00:01Z" : "0001-01-01T00:00:00Z",
      ...(fields.health ? { Health: fields.health } : {}),
    },
    Config: { Labels: fields.labels ?? {}, Tty: false, ...fields.Config },
    NetworkSettings: fields.NetworkSettings ?? { Ports: {} },
  };
}

type Fn<A extends unknown[], R> = (...args: A) => R | Promise<R>;

/**
 * A dockerode-shaped fake engine, in the manner of the original's `StubAPIClient`: every method
 * counts its calls in `calls` (by the engine API's name) before running its function; a method
 * whose function is not set throws, so a test states every call it expects.
 */
export class FakeDocker implements DockerClient {
  readonly calls: Record<string, number> = {};
  /** Every request made, in order, as `"<name> <id>"`. */
  readonly log: string[] = [];
  createFn?: Fn<[name: string, body: Record<string, unknown>], { id: string }>;
  inspectFn?: Fn<[id: string], ContainerInspect>;
  startFn?: Fn<[id: string], unknown>;
  stopFn?: Fn<[id: string, t: number | undefined], unknown>;
  killFn?: Fn<[id: string, signal: string | undefined], unknown>;
  removeFn?: Fn<[id: string, options: { v?: boolean; force?: boolean }], unknown>;
  waitFn?: Fn<[id: string, signal: AbortSignal | undefined], Readable>;
  eventsFn?: Fn<[query: Record<string, unknown>], Readable>;
  pullFn?: Fn<[query: Record<string, unknown>, auth: unknown], Readable>;
  logsFn?: Fn<[id: string, query: Record<string, unknown>], Readable>;
  imageInspectFn?: Fn<[name: string], ImageInspect>;
  infoFn?: Fn<[], EngineInfo>;
  pluginsFn?: Fn<[], PluginInfo[]>;

  private count(name: string, id = ""): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
    this.log.push(id ? `${name} ${id}` : name);
  }

  private run<A extends unknown[], R>(name: string, fn: Fn<A, R> | undefined, ...args: A): Promise<R> {
    if (!fn) return Promise.reject(new Error(`FakeDocker: unexpected call to ${name}`));
    return Promise.resolve().then(() => fn(...args));
  }

  readonly modem = {
    dial: (request: DialRequest, callback: (err: unknown, data: unknown) => void): void => {
      const query = request.options ?? {};
      const route = (): Promise<Readable> => {
        const wait = /^\/containers\/([^/]+)\/wait\?$/.exec(request.path);
        if (wait) return this.streamed("ContainerWait", wait[1] as string, () => this.waitFn, request.abortSignal);
        const logs = /^\/containers\/([^/]+)\/logs\?$/.exec(request.path);
        if (logs) {
          this.count("ContainerLogs", logs[1]);
          return this.run("ContainerLogs", this.logsFn, logs[1] as string, query);
        }
        if (request.path === "/events?") {
          this.count("Events");
          return this.run("Events", this.eventsFn, query);
        }
        if (request.path === "/images/create?") {
          this.count("ImagePull", `${String(query.fromImage)}:${String(query.tag)}`);
          return this.run("ImagePull", this.pullFn, query, request.authconfig);
        }
        return Promise.reject(new Error(`FakeDocker: unexpected request ${request.method} ${request.path}`));
      };
      route().then(
        (stream) => {
          request.abortSignal?.addEventListener("abort", () => stream.destroy(), { once: true });
          callback(null, stream);
        },
        (err: unknown) => callback(err, null),
      );
    },
  };

  private streamed(
    name: string,
    id: string,
    fn: () => Fn<[string, AbortSignal | undefined], Readable> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Readable> {
    this.count(name, id);
    return this.run(name, fn(), id, signal);
  }

  createContainer(options: { _query: { name: string }; _body: Record<string, unknown> }): Promise<{ id: string }> {
    this.count("ContainerCreate", options._query.name);
    return this.run("ContainerCreate", this.createFn, options._query.name, options._body);
  }

  /** Counts a call, then runs its function. */
  private call<A extends unknown[], R>(name: string, id: string, fn: Fn<A, R> | undefined, ...args: A): Promise<R> {
    this.count(name, id);
    return this.run(name, fn, ...args);
  }

  getContainer(id: string): DockerContainerClient {
    return {
      inspect: () => this.call("ContainerInspect", id, this.inspectFn, id),
      start: () => this.call("ContainerStart", id, this.startFn, id),
      stop: (options) => this.call("ContainerStop", id, this.stopFn, id, options?.t),
      kill: (options) => this.call("ContainerKill", id, this.killFn, id, options?.signal),
      remove: (options) =>
        this.call("ContainerRemove", id, this.removeFn, id, { v: options?.v, force: options?.force }),
    };
  }

  getImage(name: string): { inspect(): Promise<ImageInspect> } {
    return { inspect: () => this.call("ImageInspect", name, this.imageInspectFn, name) };
  }

  info(): Promise<EngineInfo> {
    this.count("Info");
    return this.run("Info", this.infoFn);
  }

  listPlugins(): Promise<PluginInfo[]> {
    this.count("PluginList");
    return this.run("PluginList", this.pluginsFn);
  }
}

/** What the fake engine answers to a wait: the exit code, as a finished stream. */
export function waitAnswer(code = 0): Readable {
  return body([{ StatusCode: code }]);
}

/** A finished event stream holding these container events. */
export function eventsOf(...actions: string[]): Readable {
  const events: EngineEvent[] = actions.map((Action) => ({ Type: "container", Action, Actor: { ID: "cid" } }));
  return body(events);
}

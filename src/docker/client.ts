import type { Readable } from "node:stream";

// The part of dockerode the executor uses, and the parts of the engine's answers it reads. A
// dockerode instance satisfies `DockerClient`; tests pass a fake of the same shape.

/**
 * A request as docker-modem's `dial` takes it. The executor sends the engine calls whose answer
 * is a stream (container wait, logs, events, image pull) this way.
 */
export interface DialRequest {
  /** The engine API path, ending with `?` so the client appends `options` as the query string, e.g. `/events?`. */
  path: string;
  /** The HTTP method. */
  method: "GET" | "POST" | "DELETE" | "HEAD" | "PUT";
  /** Query parameters (the path ends with `?`). */
  options?: Record<string, unknown>;
  /** Whether the callback receives the response body as a stream instead of parsed JSON. */
  isStream?: boolean;
  /**
   * The HTTP statuses to expect: `true` marks success; a string makes the call fail with that
   * text as the reason. Any status not listed fails as `"unexpected"`. The error carries the
   * status as `statusCode`.
   */
  statusCodes: Record<number, boolean | string>;
  /** Aborting it ends the request (and a streamed response). */
  abortSignal?: AbortSignal;
  /**
   * Registry credentials, sent as the `X-Registry-Auth` header: `key` or `base64` verbatim (the
   * executor passes `base64`, the value of `encodeRegistryAuth`), or any other object encoded by
   * the client.
   */
  authconfig?:
    | {
        /** The header value, already encoded. */
        base64?: string;
        /** The header value, already encoded; wins over `base64`. */
        key?: string;
      }
    | Record<string, unknown>;
}

/**
 * The request/response methods of one container, as dockerode's `Container` has them. Each
 * rejects with an error carrying the engine's HTTP status as `statusCode` when the engine answers
 * with an error, or a Node.js system error (`code`, e.g. `ECONNREFUSED`) when it cannot be
 * reached; the executor classifies them by those, never by message text.
 */
export interface DockerContainerClient {
  /** Reads the container's configuration and state. Rejects with status 404 when there is no such container. */
  inspect(options?: { abortSignal?: AbortSignal }): Promise<ContainerInspect>;
  /** Starts the container. Rejects with status 304 when it already runs (the executor takes that as success). */
  start(options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  /**
   * Sends the container its stop signal and kills it when it has not exited after `t` seconds;
   * resolves once it stopped. Rejects with status 304 when it is not running, 404 when there is
   * no such container.
   */
  stop(options?: { t?: number; abortSignal?: AbortSignal }): Promise<unknown>;
  /**
   * Sends the container a signal (a name such as `"SIGTERM"`); without one, the engine sends
   * `SIGKILL`. Rejects with status 409 when it is not running, 404 when there is no such container.
   */
  kill(options?: { signal?: string; abortSignal?: AbortSignal }): Promise<unknown>;
  /**
   * Removes the container; `v` also removes its anonymous volumes, `force` kills it first when it
   * runs. Rejects with status 404 when there is no such container.
   */
  remove(options?: { v?: boolean; force?: boolean; abortSignal?: AbortSignal }): Promise<unknown>;
}

/**
 * What the executor needs of a Docker client: a subset of dockerode's `Docker`. Errors are
 * reported as by {@link DockerContainerClient}.
 */
export interface DockerClient {
  /** The client's connection to the engine (docker-modem). */
  modem: {
    /**
     * Sends a request and calls `callback` once with an error (carrying `statusCode` when the
     * engine answered) or with the answer: the body as a stream when `isStream` is set, else its
     * parsed JSON.
     */
    dial(request: DialRequest, callback: (err: unknown, data: unknown) => void): void;
  };
  /**
   * Creates a container. The executor passes `{ _query: { name }, _body: body, abortSignal }`, so
   * the name goes in the query and the create body (environment values included) in the request
   * body. Rejects with status 409 when the name is taken, 404 when the image is not present.
   */
  // biome-ignore lint/suspicious/noExplicitAny: dockerode's create options type is wider than the body we send
  createContainer(options: any): Promise<{
    /** The new container's id. */
    id: string;
  }>;
  /** A handle on a container by id or name; makes no engine call. */
  getContainer(id: string): DockerContainerClient;
  /** A handle on an image by reference or id; makes no engine call. */
  getImage(name: string): {
    /** Reads the image. Rejects with status 404 when it is not present on the engine. */
    inspect(): Promise<ImageInspect>;
  };
  /** Reads the engine's description of itself and its host (`GET /info`). */
  info(options?: { abortSignal?: AbortSignal }): Promise<EngineInfo>;
  /** Lists the engine's managed plugins (`GET /plugins`), enabled or not. */
  listPlugins(options?: { abortSignal?: AbortSignal }): Promise<PluginInfo[]>;
}

/** A readable HTTP response body. */
export type ResponseStream = Readable;

/** The fields of a container inspection the executor reads. */
export interface ContainerInspect {
  /** The container's full id (64 hex characters). */
  Id: string;
  /** The container's name, with a leading `/`. */
  Name?: string;
  /** The container's runtime state. */
  State: {
    /**
     * `"created"`, `"running"`, `"paused"`, `"restarting"`, `"removing"`, `"exited"` or `"dead"`;
     * the executor takes `"exited"` and `"dead"` (while not `Running`) as stopped for good.
     */
    Status: string;
    /** Whether its process runs (also while paused or restarting). */
    Running: boolean;
    /** The process id of its main process on the host; 0 when it does not run. */
    Pid: number;
    /** The exit code of its last run; 0 before the first. */
    ExitCode: number;
    /** Why the engine could not run it (e.g. the command was not found); empty or absent otherwise. */
    Error?: string;
    /** Whether the kernel killed it for exceeding its memory limit. */
    OOMKilled?: boolean;
    /** When it last started, as an RFC 3339 time; `0001-01-01T00:00:00Z` when it never started. */
    StartedAt?: string;
    /** When it last stopped, as an RFC 3339 time; `0001-01-01T00:00:00Z` when it has not stopped yet. */
    FinishedAt?: string;
    /** The result of its healthcheck; absent when it has none. */
    Health?: {
      /** `"starting"`, `"healthy"` or `"unhealthy"` (or `"none"`). */
      Status: string;
      /** Failed checks in a row. */
      FailingStreak?: number;
      /** The latest checks, oldest first (the engine keeps a few); the executor reports the last one's output. */
      Log?: Array<{
        /** When the check started (RFC 3339). */
        Start?: string;
        /** When the check ended (RFC 3339). */
        End?: string;
        /** The check's exit code: 0 is a passed check, any other value a failed one. */
        ExitCode?: number;
        /** What the check printed. */
        Output?: string;
      }> | null;
    };
  };
  /** The configuration the container was created with, merged with its image's. */
  Config?: {
    /** Its labels, including the executor's (`<prefix>.task.id`, …) that identify the task it belongs to. */
    Labels?: Record<string, string> | null;
    /** Whether it has a terminal, in which case its logs are one raw stream instead of multiplexed stdout and stderr. */
    Tty?: boolean;
    /** Its healthcheck, from the task or inherited from the image. Durations are in nanoseconds; 0 means the engine's default. */
    Healthcheck?: {
      /** The check: `["NONE"]` disables it; `["CMD", …]` or `["CMD-SHELL", "…"]` runs a command. */
      Test?: string[] | null;
      /** Nanoseconds between checks. @defaultValue 30 s */
      Interval?: number;
      /** Nanoseconds a check may take before it counts as failed. @defaultValue 30 s */
      Timeout?: number;
      /** Failed checks in a row that make the container unhealthy. @defaultValue 3 */
      Retries?: number;
      /** Nanoseconds after the start during which failed checks do not count. @defaultValue 0 */
      StartPeriod?: number;
      /** Nanoseconds between checks during the start period. @defaultValue 5 s */
      StartInterval?: number;
    } | null;
  };
  /** Its network settings. */
  NetworkSettings?: {
    /**
     * Its ports by `"<port>/<protocol>"` (e.g. `"80/tcp"`), with the host addresses and ports
     * they are published on; `null` for a port exposed but not published.
     */
    Ports?: Record<
      string,
      Array<{
        /** The host address, e.g. `"0.0.0.0"` or `"127.0.0.1"`. */
        HostIp?: string;
        /** The host port, as a decimal string. */
        HostPort?: string;
      }> | null
    > | null;
  };
}

/**
 * The fields of an image inspection the executor reads. The executor only checks that the image
 * is present (the inspection succeeds).
 */
export interface ImageInspect {
  /** The image's content-addressable id, e.g. `"sha256:…"`. */
  Id: string;
  /** The `repository@sha256:…` references of the image in the registries it was pulled from or pushed to. */
  RepoDigests?: string[] | null;
}

/** The fields of the engine's `info` the executor reads (see `nodeDescription`). */
export interface EngineInfo {
  /** The engine host's hostname. */
  Name?: string;
  /** The engine's operating system: `"linux"` or `"windows"`. */
  OSType?: string;
  /** The host's architecture as the kernel names it, e.g. `"x86_64"`, `"aarch64"`. */
  Architecture?: string;
  /** The number of logical CPUs the engine sees. */
  NCPU?: number;
  /** The host's total memory in bytes. */
  MemTotal?: number;
  /** The engine's version, e.g. `"27.3.1"`. */
  ServerVersion?: string;
  /** The engine's labels as `"key=value"` strings (set in the daemon's configuration). */
  Labels?: string[] | null;
  /** The built-in plugins (drivers) by kind, by name. */
  Plugins?: {
    /** Volume drivers, e.g. `"local"`. */
    Volume?: string[] | null;
    /** Network drivers, e.g. `"bridge"`, `"host"`, `"null"`. */
    Network?: string[] | null;
    /** Authorization plugins. */
    Authorization?: string[] | null;
    /** Log drivers, e.g. `"json-file"` (not part of the node description). */
    Log?: string[] | null;
  };
}

/** The fields of a managed plugin the executor reads. */
export interface PluginInfo {
  /** The plugin's reference, e.g. `"vieux/sshfs:latest"`. */
  Name: string;
  /** Whether it is enabled; disabled plugins are left out of the node description. */
  Enabled: boolean;
  /** The plugin's manifest. */
  Config?: {
    /** What the plugin implements. */
    Interface?: {
      /**
       * Its capabilities, as objects or as strings such as `"docker.volumedriver/1.0"`. Only
       * those with the `docker` prefix are read.
       */
      Types?: Array<
        | {
            /** The capability's namespace, e.g. `"docker"`. */
            Prefix?: string;
            /** The capability, e.g. `"volumedriver"`, `"networkdriver"`, `"authz"`. */
            Capability?: string;
          }
        | string
      > | null;
    };
  };
}

/**
 * One message of the engine's event stream (`GET /events`). The executor does not read its
 * fields: any event of a container it follows only makes it inspect that container again.
 */
export interface EngineEvent {
  /** The kind of object: `"container"`, `"image"`, `"network"`, `"volume"`, … */
  Type?: string;
  /** What happened, e.g. `"create"`, `"start"`, `"die"`, `"health_status: healthy"`. */
  Action?: string;
  /** The object it happened to. */
  Actor?: {
    /** The object's id (a container's full id). */
    ID?: string;
    /** Details of the object, e.g. a container's `name`, `image` and labels, or a `die` event's `exitCode`. */
    Attributes?: Record<string, string>;
  };
  /** When, in seconds since the Unix epoch. */
  time?: number;
  /** When, in nanoseconds since the Unix epoch. */
  timeNano?: number;
}

import type { Readable } from "node:stream";

// The part of dockerode the executor uses, and the parts of the engine's answers it reads. A
// dockerode instance satisfies `DockerClient`; tests pass a fake of the same shape.

/** A request as docker-modem's `dial` takes it. */
export interface DialRequest {
  path: string;
  method: "GET" | "POST" | "DELETE" | "HEAD" | "PUT";
  /** Query parameters (the path ends with `?`). */
  options?: Record<string, unknown>;
  isStream?: boolean;
  statusCodes: Record<number, boolean | string>;
  abortSignal?: AbortSignal;
  authconfig?: { base64?: string; key?: string } | Record<string, unknown>;
}

/** The request/response methods of one container, as dockerode's `Container` has them. */
export interface DockerContainerClient {
  inspect(options?: { abortSignal?: AbortSignal }): Promise<ContainerInspect>;
  start(options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  stop(options?: { t?: number; abortSignal?: AbortSignal }): Promise<unknown>;
  kill(options?: { signal?: string; abortSignal?: AbortSignal }): Promise<unknown>;
  remove(options?: { v?: boolean; force?: boolean; abortSignal?: AbortSignal }): Promise<unknown>;
}

/** What the executor needs of a Docker client: a subset of dockerode's `Docker`. */
export interface DockerClient {
  modem: { dial(request: DialRequest, callback: (err: unknown, data: unknown) => void): void };
  // biome-ignore lint/suspicious/noExplicitAny: dockerode's create options type is wider than the body we send
  createContainer(options: any): Promise<{ id: string }>;
  getContainer(id: string): DockerContainerClient;
  getImage(name: string): { inspect(): Promise<ImageInspect> };
  info(options?: { abortSignal?: AbortSignal }): Promise<EngineInfo>;
  listPlugins(options?: { abortSignal?: AbortSignal }): Promise<PluginInfo[]>;
}

/** A readable HTTP response body. */
export type ResponseStream = Readable;

/** The fields of a container inspection the executor reads. */
export interface ContainerInspect {
  Id: string;
  Name?: string;
  State: {
    Status: string;
    Running: boolean;
    Pid: number;
    ExitCode: number;
    Error?: string;
    OOMKilled?: boolean;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: {
      Status: string;
      FailingStreak?: number;
      Log?: Array<{ Start?: string; End?: string; ExitCode?: number; Output?: string }> | null;
    };
  };
  Config?: {
    Labels?: Record<string, string> | null;
    Tty?: boolean;
    Healthcheck?: {
      Test?: string[] | null;
      Interval?: number;
      Timeout?: number;
      Retries?: number;
      StartPeriod?: number;
      StartInterval?: number;
    } | null;
  };
  NetworkSettings?: { Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null };
}

/** The fields of an image inspection the executor reads. */
export interface ImageInspect {
  Id: string;
  RepoDigests?: string[] | null;
}

/** The fields of the engine's `info` the executor reads. */
export interface EngineInfo {
  Name?: string;
  OSType?: string;
  Architecture?: string;
  NCPU?: number;
  MemTotal?: number;
  ServerVersion?: string;
  Labels?: string[] | null;
  Plugins?: {
    Volume?: string[] | null;
    Network?: string[] | null;
    Authorization?: string[] | null;
    Log?: string[] | null;
  };
}

/** The fields of a managed plugin the executor reads. */
export interface PluginInfo {
  Name: string;
  Enabled: boolean;
  Config?: { Interface?: { Types?: Array<{ Prefix?: string; Capability?: string } | string> | null } };
}

/** One message of the engine's event stream. */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

import { ExecError, errorMessage } from "../exec/errors.js";

/**
 * Stable codes of the errors the Docker executor raises. Match on `error.code`, never on message
 * text.
 */
export const DockerErrorCode = {
  /** The engine did not answer (socket missing, connection refused or reset, call timed out). Temporary. */
  EngineUnreachable: "EXEC_DOCKER_ENGINE_UNREACHABLE",
  /** The engine answered with an error status; `statusCode` has it. */
  Engine: "EXEC_DOCKER_ENGINE",
  /** The image is not present locally and the pull policy forbids pulling it. */
  ImageNotFound: "EXEC_DOCKER_IMAGE_NOT_FOUND",
  /** Pulling the image failed; the message carries the registry's or engine's own error. */
  ImagePull: "EXEC_DOCKER_IMAGE_PULL",
  /** A container with the task's name exists but belongs to something else. */
  NameConflict: "EXEC_DOCKER_NAME_CONFLICT",
  /** The task's container exited with a non-zero code; `exitCode` has it. */
  Exit: "EXEC_DOCKER_EXIT",
  /** The container's healthcheck reported it unhealthy. */
  Unhealthy: "EXEC_DOCKER_UNHEALTHY",
  /** The container did not become healthy before the start deadline. */
  HealthTimeout: "EXEC_DOCKER_HEALTH_TIMEOUT",
  /** The container was removed while the task still needed it. */
  ContainerDestroyed: "EXEC_DOCKER_CONTAINER_DESTROYED",
  /** Secrets or configs cannot be delivered as files safely (e.g. remote engine, no tmpfs). */
  SecretFiles: "EXEC_DOCKER_SECRET_FILES",
} as const;

/** One of the codes in {@link DockerErrorCode}. */
export type DockerErrorCode = (typeof DockerErrorCode)[keyof typeof DockerErrorCode];

function named<T extends { prototype: object }>(cls: T, name: string): void {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}

/**
 * The engine could not be reached: it is not running, the socket is missing or refuses us, the
 * connection broke, or the call did not finish in time. It is temporary (`isTemporary` is true),
 * so `Do` retries instead of failing the task.
 */
export class EngineUnreachableError extends ExecError {
  /** Always `true`: the condition may clear by itself. */
  readonly temporary = true as const;

  /**
   * @param operation - what was being done, e.g. `"inspect container web.1.abc"`
   * @param endpoint - where the engine was expected, e.g. `"unix:///var/run/docker.sock"`
   * @param options - `cause`: the socket or timeout error
   */
  constructor(operation: string, endpoint: string, options?: ErrorOptions) {
    const detail = options?.cause === undefined ? "" : `: ${errorMessage(options.cause)}`;
    super(
      DockerErrorCode.EngineUnreachable,
      `${operation}: docker engine unreachable at ${endpoint}${detail}`,
      options,
    );
  }
}
named(EngineUnreachableError, "EngineUnreachableError");

/**
 * The engine refused or failed an operation. `statusCode` is the HTTP status it answered with; the
 * message names the operation and carries the engine's own explanation.
 */
export class DockerEngineError extends ExecError {
  /** HTTP status of the engine's answer, e.g. 404, 409, 500. */
  readonly statusCode: number;
  /** Temporary when the engine says it is unavailable (503). */
  readonly temporary: boolean;

  /**
   * @param operation - what was being done
   * @param statusCode - the engine's HTTP status
   * @param engineMessage - the engine's explanation
   * @param options - `cause`: the client's error
   */
  constructor(operation: string, statusCode: number, engineMessage: string, options?: ErrorOptions) {
    super(DockerErrorCode.Engine, `${operation}: ${engineMessage || `engine answered HTTP ${statusCode}`}`, options);
    this.statusCode = statusCode;
    this.temporary = statusCode === 503;
  }
}
named(DockerEngineError, "DockerEngineError");

/** Pulling an image failed. The message carries the real reason (auth, unknown repository, network). */
export class ImagePullError extends ExecError {
  /** The image reference that was pulled. */
  readonly image: string;

  /**
   * @param image - the reference pulled
   * @param reason - what went wrong
   * @param options - `cause`: the underlying error
   */
  constructor(image: string, reason: string, options?: ErrorOptions) {
    super(DockerErrorCode.ImagePull, `pulling image "${image}" failed: ${reason}`, options);
    this.image = image;
  }
}
named(ImagePullError, "ImagePullError");

/**
 * The task's container exited with a non-zero code. Message: `task: non-zero exit (N)`, followed
 * by the engine's error for the container, if any, and `out of memory (OOM killed)` when the kernel
 * killed it. `Do` records `exitCode` in the task's container status.
 */
export class ContainerExitError extends ExecError {
  /** The container's exit code. */
  readonly exitCode: number;
  /** Whether the kernel killed the container for exceeding its memory limit. */
  readonly oomKilled: boolean;

  /**
   * @param exitCode - non-zero exit code
   * @param details - the engine's error for the container and the OOM flag
   * @param options - `cause`: what led to the exit (e.g. an unhealthy container)
   */
  constructor(exitCode: number, details: { engineError?: string; oomKilled?: boolean } = {}, options?: ErrorOptions) {
    const parts = [`task: non-zero exit (${exitCode})`];
    if (details.engineError) parts.push(details.engineError);
    if (details.oomKilled) parts.push("out of memory (OOM killed)");
    super(DockerErrorCode.Exit, parts.join(": "), options);
    this.exitCode = exitCode;
    this.oomKilled = details.oomKilled ?? false;
  }
}
named(ContainerExitError, "ContainerExitError");

/**
 * The container's healthcheck failed, so it was stopped; the message includes the last check's
 * output. When the container had exited by then, `exitCode` has its exit code.
 */
export class ContainerUnhealthyError extends ExecError {
  /** Output of the last health check, trimmed. */
  readonly lastOutput: string;
  /** The container's exit code after it was stopped, when known. */
  exitCode?: number;

  /**
   * @param lastOutput - output of the last failing check
   * @param lastExitCode - its exit code, when known
   */
  constructor(lastOutput: string, lastExitCode?: number) {
    const output = lastOutput.trim();
    const code = lastExitCode === undefined ? "" : ` (exit ${lastExitCode})`;
    super(
      DockerErrorCode.Unhealthy,
      `task: unhealthy container; last health check${code}: ${output === "" ? "no output" : output}`,
    );
    this.lastOutput = output;
  }
}
named(ContainerUnhealthyError, "ContainerUnhealthyError");

/**
 * Anything else the Docker executor refuses or cannot do, with a specific `code` from
 * {@link DockerErrorCode} (image not found, name conflict, health timeout, destroyed container,
 * secret files).
 */
export class DockerError extends ExecError {
  /**
   * @param code - one of {@link DockerErrorCode}
   * @param message - what happened, naming the object concerned
   * @param options - `cause` when wrapping
   */
  constructor(code: DockerErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
named(DockerError, "DockerError");

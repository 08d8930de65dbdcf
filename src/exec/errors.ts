/**
 * Stable error codes used by taskwright. Match on `error.code`, never on message text.
 *
 * The codes of the eight sentinels mirror SwarmKit's `agent/exec` errors; the rest are
 * raised by taskwright's own components.
 */
export const ExecErrorCode = {
  /** The task needs a runtime the executor lacks (e.g. no container spec). */
  RuntimeUnsupported: "EXEC_RUNTIME_UNSUPPORTED",
  /** `prepare` found the task already prepared; `Do` treats it as success. */
  TaskPrepared: "EXEC_TASK_PREPARED",
  /** `start` found the task already started; `Do` treats it as success. */
  TaskStarted: "EXEC_TASK_STARTED",
  /** The controller refused an `update`. */
  TaskUpdateRejected: "EXEC_TASK_UPDATE_REJECTED",
  /** The controller was closed. */
  ControllerClosed: "EXEC_CONTROLLER_CLOSED",
  /** Returned by `Do`: the operation did not complete and should be retried. */
  TaskRetry: "EXEC_TASK_RETRY",
  /** Returned by `Do`: nothing more happens until the task is updated. */
  TaskNoop: "EXEC_TASK_NOOP",
  /** A dependency exists but is not ready yet. */
  DependencyNotReady: "EXEC_DEPENDENCY_NOT_READY",
  /** A wrapper marking its `cause` as temporary (see {@link makeTemporary}). */
  Temporary: "EXEC_TEMPORARY",
  /** A task or option failed validation; the message names the field. */
  InvalidTask: "EXEC_INVALID_TASK",
} as const;

/** One of the codes in {@link ExecErrorCode}. Other components may add codes of their own. */
export type ExecErrorCode = (typeof ExecErrorCode)[keyof typeof ExecErrorCode];

const execErrorBrand = Symbol.for("taskwright.ExecError");

/**
 * The base class of every error taskwright raises on purpose.
 *
 * `instanceof ExecError` also recognises errors created by another copy of the package
 * (a brand registered with `Symbol.for`), so two installed versions still agree.
 */
export class ExecError extends Error {
  /** Stable, machine-readable identifier, e.g. `"EXEC_TASK_PREPARED"`. */
  readonly code: string;

  /**
   * @param code - stable identifier; see {@link ExecErrorCode}
   * @param message - human-readable description
   * @param options - standard error options; pass `cause` when wrapping another error
   */
  constructor(code: ExecErrorCode | (string & {}), message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }

  /**
   * Makes `value instanceof ExecError` true for an error of any copy of the package (by its
   * brand); subclasses keep the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== ExecError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && execErrorBrand in value;
  }
}
Object.defineProperty(ExecError.prototype, "name", { value: "ExecError", writable: true, configurable: true });
Object.defineProperty(ExecError.prototype, execErrorBrand, { value: true });

/** The task needs a runtime the executor does not support. Message: `exec: unsupported runtime`. */
export const ErrRuntimeUnsupported = new ExecError(ExecErrorCode.RuntimeUnsupported, "exec: unsupported runtime");
/** `prepare` was called on a prepared task; `Do` treats it as success. Message: `exec: task already prepared`. */
export const ErrTaskPrepared = new ExecError(ExecErrorCode.TaskPrepared, "exec: task already prepared");
/** `start` is no longer valid; `Do` treats it as success. Message: `exec: task already started`. */
export const ErrTaskStarted = new ExecError(ExecErrorCode.TaskStarted, "exec: task already started");
/** The controller refused an update. Message: `exec: task update rejected`. */
export const ErrTaskUpdateRejected = new ExecError(ExecErrorCode.TaskUpdateRejected, "exec: task update rejected");
/** The controller is closed. Message: `exec: controller closed`. */
export const ErrControllerClosed = new ExecError(ExecErrorCode.ControllerClosed, "exec: controller closed");
/**
 * Returned (not thrown) by `Do`: the operation did not finish and should be retried.
 * The status returned with it must still be reported. Message: `exec: task retry`.
 */
export const ErrTaskRetry = new ExecError(ExecErrorCode.TaskRetry, "exec: task retry");
/**
 * Returned (not thrown) by `Do`: another `Do` will not advance the task until it is updated.
 * Message: `exec: task noop`.
 */
export const ErrTaskNoop = new ExecError(ExecErrorCode.TaskNoop, "exec: task noop");
/** A dependency exists but is not ready. Message: `dependency not ready`. */
export const ErrDependencyNotReady = new ExecError(ExecErrorCode.DependencyNotReady, "dependency not ready");

/**
 * Whether `err` is the given sentinel or any error carrying the same `code`
 * (so errors from another copy of the package, or a controller's own subclass, still match).
 *
 * @example
 * ```ts
 * if (hasErrorCode(err, ErrTaskPrepared)) { ... }
 * ```
 */
export function hasErrorCode(err: unknown, sentinel: ExecError): boolean {
  return (
    err === sentinel || (typeof err === "object" && err !== null && (err as { code?: unknown }).code === sentinel.code)
  );
}

/** The message of any thrown value: `err.message` for errors, `String(err)` otherwise. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "object" && err !== null && typeof (err as { message?: unknown }).message === "string") {
    return (err as { message: string }).message;
  }
  return String(err);
}

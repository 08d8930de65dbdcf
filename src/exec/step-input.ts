import { ExecError, ExecErrorCode } from "./errors.js";
import type { Task } from "./task.js";
import { isTaskState } from "./task-state.js";

// Checks of what `Do` and `Resolve` are given. A wrong argument is a programmer error: it is
// reported before anything runs, never turned into a task status.

/**
 * Rejects a task whose `status.state` or `desiredState` is not a task state.
 *
 * @throws ExecError with code `EXEC_INVALID_TASK`, naming the field
 * @internal
 */
export function assertStepInput(task: Task, caller: string): void {
  if (typeof task !== "object" || task === null) {
    throw new ExecError(ExecErrorCode.InvalidTask, `${caller}: task must be an object`);
  }
  if (typeof task.status !== "object" || task.status === null) {
    throw new ExecError(ExecErrorCode.InvalidTask, `${caller}: task.status must be an object`);
  }
  if (!isTaskState(task.status.state)) {
    throw new ExecError(
      ExecErrorCode.InvalidTask,
      `${caller}: task.status.state ${String(task.status.state)} is not a TaskState`,
    );
  }
  if (!isTaskState(task.desiredState)) {
    throw new ExecError(
      ExecErrorCode.InvalidTask,
      `${caller}: task.desiredState ${String(task.desiredState)} is not a TaskState`,
    );
  }
}

/** The controller operations `Do` may call. */
const stepOperations = ["prepare", "start", "wait", "shutdown"] as const;

/**
 * Rejects a `controller` argument of `Do` that is not a controller (e.g. `undefined` when
 * `Resolve` gave none).
 *
 * @throws TypeError naming the argument and the first missing method
 * @internal
 */
export function assertController(controller: unknown): void {
  const missing = missingMethod(controller, stepOperations);
  if (missing !== undefined) {
    throw new TypeError(
      `Do: controller must be a Controller (an object with ${stepOperations.join(", ")} methods), got ${missing}`,
    );
  }
}

/**
 * Rejects an `executor` argument of `Resolve` that is not an executor.
 *
 * @throws TypeError naming the argument
 * @internal
 */
export function assertExecutor(executor: unknown): void {
  const missing = missingMethod(executor, ["controller"]);
  if (missing !== undefined) {
    throw new TypeError(`Resolve: executor must be an Executor (an object with a controller method), got ${missing}`);
  }
}

/**
 * Rejects options of `Do` or `Resolve` that are not an object, or whose `signal` is not an
 * `AbortSignal` (anything with a boolean `aborted` and `addEventListener`, so that signals of
 * other realms pass).
 *
 * @throws TypeError naming the option
 * @internal
 */
export function assertStepOptions(options: unknown, caller: string): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${caller}: options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const { signal } = options as { signal?: unknown };
  if (signal === undefined) return;
  const looksLikeSignal =
    typeof signal === "object" &&
    signal !== null &&
    typeof (signal as AbortSignal).aborted === "boolean" &&
    typeof (signal as AbortSignal).addEventListener === "function";
  if (!looksLikeSignal) {
    throw new TypeError(`${caller}: options.signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
}

/** A value in a few words, for an error message. */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return "an object that is not an AbortSignal";
  return `a ${typeof value}`;
}

/** What is wrong with `value` as an object with `methods`, in words; `undefined` when nothing is. */
function missingMethod(value: unknown, methods: readonly string[]): string | undefined {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== "object" && typeof value !== "function") return `a ${typeof value}`;
  const absent = methods.find((name) => typeof (value as Record<string, unknown>)[name] !== "function");
  return absent === undefined ? undefined : `an object without a ${absent} method`;
}

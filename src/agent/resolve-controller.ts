import type { Controller } from "../controller/controller.js";
import { isAbortError } from "../exec/abort.js";
import type { Executor } from "../exec/executor.js";
import { Resolve } from "../exec/resolve.js";
import type { Task, TaskStatus } from "../exec/task.js";
import { isTemporary } from "../exec/temporary.js";
import type { OperationLimiters } from "./limits.js";

/** What getting a task's controller gave. @internal */
export interface ResolvedController {
  /** The status to report. */
  status: TaskStatus;
  /** The controller, unless the executor refused the task or must be asked again. */
  controller?: Controller;
  /** Set when the executor failed temporarily (or the signal aborted): ask again later. */
  retry?: Error;
}

/**
 * `Resolve` within the operation limit, telling a temporary failure (ask again) from a refusal
 * (the status says REJECTED or FAILED).
 *
 * @internal
 */
export async function resolveController(
  task: Task,
  executor: Executor,
  limiters: OperationLimiters | undefined,
  signal: AbortSignal | undefined,
): Promise<ResolvedController> {
  const options = signal ? { signal } : {};
  const result = limiters
    ? await limiters.operations.run(() => Resolve(task, executor, options), signal)
    : await Resolve(task, executor, options);
  const { controller, status, error } = result;
  if (controller) return { status, controller };
  if (error && (isTemporary(error) || isAbortError(error, signal))) return { status, retry: error };
  return { status };
}

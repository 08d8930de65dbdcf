import type { Controller } from "../controller/controller.js";
import { isAbortError } from "./abort.js";
import { errorMessage } from "./errors.js";
import type { Executor } from "./executor.js";
import { applyMove, stampIfChanged } from "./status-update.js";
import { assertExecutor, assertStepInput, assertStepOptions } from "./step-input.js";
import type { Task, TaskStatus } from "./task.js";
import { cloneTaskStatus } from "./task-status.js";
import { isTemporary } from "./temporary.js";
import { resolveMove } from "./transition-table.js";

/** Options of {@link Resolve}. */
export interface ResolveOptions {
  /** Stops waiting for the executor; the status is then returned unchanged with the abort reason. */
  signal?: AbortSignal;
}

/** What {@link Resolve} produced. */
export interface ResolveResult {
  /** The task's controller, when the executor gave one. */
  controller?: Controller;
  /** The status to report: always present. */
  status: TaskStatus;
  /** Why there is no controller. */
  error?: Error;
}

/**
 * Gets the controller of a task from an executor, and the status to report for it.
 *
 * - Success: a task below ACCEPTED becomes ACCEPTED (`"accepted"`); any other status is unchanged.
 * - The executor fails: the message becomes `"resolving controller failed"` and `err` its
 *   message; a task below STARTING becomes REJECTED, a STARTING or RUNNING task FAILED, a
 *   terminal task keeps its state.
 * - The executor fails temporarily ({@link isTemporary}, e.g. an engine that does not answer) or
 *   `signal` aborts: the status is unchanged, so the caller can retry without the task failing.
 *   A controller that arrives after the abort is closed.
 *
 * Like `Do`, it sets a new timestamp only when the status changed, never mutates `task`, and
 * rejects only on a programmer error: a task whose states are not task states (`ExecError` with
 * code `EXEC_INVALID_TASK`), or an `executor` without a `controller` method, such as `undefined`
 * (`TypeError` naming `executor`).
 *
 * Port of SwarmKit's `agent/exec` `Resolve`.
 */
export async function Resolve(task: Task, executor: Executor, options: ResolveOptions = {}): Promise<ResolveResult> {
  assertStepInput(task, "Resolve");
  assertExecutor(executor);
  assertStepOptions(options, "Resolve");
  const { signal } = options;
  const previous = task.status;
  const status = cloneTaskStatus(previous);
  let controller: Controller;
  try {
    controller = await controllerOf(task, executor, signal);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(errorMessage(err), { cause: err });
    if (isAbortError(err, signal) || isTemporary(err)) return { status, error };
    const move = resolveMove(previous.state, "resolve.failed");
    if (move) applyMove(status, move, error.message);
    stampIfChanged(status, previous, task.id);
    return { status, error };
  }
  const move = resolveMove(previous.state, "resolve.done");
  if (move) applyMove(status, move);
  stampIfChanged(status, previous, task.id);
  return { controller, status };
}

async function controllerOf(task: Task, executor: Executor, signal: AbortSignal | undefined): Promise<Controller> {
  signal?.throwIfAborted();
  const pending = Promise.resolve().then(() => executor.controller(task));
  if (!signal) return pending;
  return new Promise<Controller>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(signal.reason);
      pending.then((late) => late.close()).catch(() => {});
    };
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(
      (controller) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        resolve(controller);
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

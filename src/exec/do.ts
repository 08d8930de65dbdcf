import type { Controller } from "../controller/controller.js";
import { isAbortError } from "./abort.js";
import {
  ErrTaskNoop,
  ErrTaskPrepared,
  ErrTaskRetry,
  ErrTaskStarted,
  type ExecError,
  errorMessage,
  hasErrorCode,
} from "./errors.js";
import type { TaskOperation } from "./machine.js";
import { attachRuntimeStatus, type FailureFacts, factsOfFailure, hasRuntimeStatusWork } from "./runtime-status.js";
import { applyMove, stampIfChanged } from "./status-update.js";
import { assertController, assertStepInput, assertStepOptions } from "./step-input.js";
import type { Task, TaskStatus } from "./task.js";
import { cloneTaskStatus } from "./task-status.js";
import { isTemporary } from "./temporary.js";
import { planStep } from "./transition-table.js";

/** Options of {@link Do}. */
export interface DoOptions {
  /** Aborts the controller operation in flight; `Do` then returns `ErrTaskRetry`. */
  signal?: AbortSignal;
}

/** What one {@link Do} step produced. */
export interface DoResult {
  /** The status to report: always present, even alongside `error`. */
  status: TaskStatus;
  /**
   * Flow control, not a task failure: `ErrTaskNoop` (nothing happens until the task is
   * updated) or `ErrTaskRetry` (call `Do` again later). Absent when the step made progress or
   * the task failed (a failure is in `status`).
   */
  error?: ExecError;
}

const noFailure: FailureFacts = Object.freeze({});

/** The sentinel a controller may return instead of succeeding, per operation. */
const alreadyDone: Partial<Record<TaskOperation, ExecError>> = {
  prepare: ErrTaskPrepared,
  start: ErrTaskStarted,
};

/**
 * Advances a task by one step: performs at most one controller operation and returns the status
 * to report. The transitions and messages come from {@link taskLifecycle}.
 *
 * In order: a desired state of SHUTDOWN or later shuts down any task that is not terminal
 * (`"shutdown"`); a task past its desired state is a noop; PREPARING, STARTING and RUNNING call
 * `prepare`, `start` and `wait` (and may go past the desired state: READY `"prepared"`, RUNNING
 * `"started"`, COMPLETE `"finished"`); a task at its desired state is a noop; otherwise
 * NEW/PENDING/ASSIGNED → ACCEPTED (`"accepted"`), ACCEPTED → PREPARING (`"preparing"`), READY →
 * STARTING (`"starting"`).
 *
 * A signal that is already aborted skips the operation and returns `ErrTaskRetry`. A failed
 * operation is:
 * - aborted (`AbortError`, `TimeoutError`, or the signal's reason, anywhere in the cause chain):
 *   `ErrTaskRetry`, status unchanged;
 * - temporary ({@link isTemporary}): `ErrTaskRetry` with `status.err` set;
 * - otherwise: REJECTED before STARTING, FAILED from STARTING on, with `status.err` set and the
 *   message kept. `ErrTaskPrepared` from `prepare` and `ErrTaskStarted` from `start` (or errors
 *   with their codes) count as success.
 *
 * From STARTING on, the status also gets the controller's container and port status when it has
 * those capabilities, and a numeric `exitCode` on the error sets `status.container.exitCode`.
 * `status.timestamp` changes exactly when something else in the status changed.
 *
 * `Do` never mutates `task` and never rejects for a task-level failure. It rejects only on a
 * programmer error, before calling anything: a task whose `status.state` or `desiredState` is not
 * a {@link TaskState} (`ExecError` with code `EXEC_INVALID_TASK`), or a `controller` that is not
 * one, such as the `undefined` of a `Resolve` that gave none (`TypeError` naming `controller`).
 *
 * Port of SwarmKit's `agent/exec` `Do`.
 *
 * @example
 * ```ts
 * let { status, error } = await Do(task, controller);
 * report(status);
 * if (error === ErrTaskRetry) setTimeout(next, backoff);
 * ```
 */
export async function Do(task: Task, controller: Controller, options: DoOptions = {}): Promise<DoResult> {
  assertStepInput(task, "Do");
  assertController(controller);
  assertStepOptions(options, "Do");
  const { signal } = options;
  const previous = task.status;
  const status = cloneTaskStatus(previous);
  const plan = planStep(previous.state, task.desiredState);
  let error: ExecError | undefined;
  let failure: FailureFacts = noFailure;

  if (plan.kind === "noop") {
    error = ErrTaskNoop;
  } else if (plan.kind === "advance") {
    applyMove(status, plan.move);
  } else if (signal?.aborted) {
    error = ErrTaskRetry;
  } else {
    try {
      await runOperation(controller, plan.operation, signal);
      applyMove(status, plan.onSuccess);
    } catch (err) {
      const sentinel = alreadyDone[plan.operation];
      if (sentinel && hasErrorCode(err, sentinel)) {
        applyMove(status, plan.onSuccess);
      } else {
        failure = await factsOfFailure(err, signal);
        if (isAbortError(err, signal)) {
          error = ErrTaskRetry;
        } else if (isTemporary(err)) {
          status.err = errorMessage(err);
          error = ErrTaskRetry;
        } else {
          applyMove(status, plan.onFailure, errorMessage(err));
        }
      }
    }
  }

  if (hasRuntimeStatusWork(status, controller, failure)) {
    await attachRuntimeStatus(status, previous, controller, failure, signal);
  }
  stampIfChanged(status, previous, task.id);
  return error ? { status, error } : { status };
}

function runOperation(controller: Controller, operation: TaskOperation, signal: AbortSignal | undefined) {
  switch (operation) {
    case "prepare":
      return controller.prepare(signal);
    case "start":
      return controller.start(signal);
    case "wait":
      return controller.wait(signal);
    case "shutdown":
      return controller.shutdown(signal);
  }
}

import { debug, type TaskTransitionMessage, taskTransitionChannel } from "./debug.js";
import { ExecError, ExecErrorCode } from "./errors.js";
import type { Task, TaskStatus } from "./task.js";
import { isTaskState, taskStateName } from "./task-state.js";
import { taskStatusesEqualStable, timeOf } from "./task-status.js";
import type { Move } from "./transition-table.js";

/**
 * Rejects a task whose `status.state` or `desiredState` is not a task state: a programmer
 * error, reported before anything runs.
 *
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

/**
 * Applies a move of the machine to `status`: the state, then the message (when the move sets
 * one), then the error: recorded from `err`, or cleared by a move that sets a message.
 *
 * @internal
 */
export function applyMove(status: TaskStatus, move: Move, errText?: string): void {
  status.state = move.state;
  if (move.message !== undefined) status.message = move.message;
  if (move.recordsError && errText !== undefined) status.err = errText;
  else if (move.message !== undefined) delete status.err;
}

/**
 * Sets a new timestamp on `status` when it differs from `previous` (timestamps aside), and
 * publishes the change. A new timestamp is never earlier than, nor equal to, the previous one,
 * even when the clock steps back or two changes fall in the same millisecond.
 *
 * @internal
 */
export function stampIfChanged(status: TaskStatus, previous: TaskStatus, taskId: string): void {
  if (taskStatusesEqualStable(status, previous)) return;
  const now = Date.now();
  const last = timeOf(previous.timestamp);
  status.timestamp = new Date(last !== undefined && now <= last ? last + 1 : now);
  if (debug.enabled && status.state !== previous.state) {
    debug("task %s: state changed %s->%s", taskId, taskStateName(previous.state), taskStateName(status.state));
  }
  if (taskTransitionChannel.hasSubscribers) {
    const message: TaskTransitionMessage = { taskId, from: previous.state, to: status.state };
    if (status.message !== undefined) message.message = status.message;
    if (status.err !== undefined) message.err = status.err;
    taskTransitionChannel.publish(message);
  }
}

import { debug, type TaskTransitionMessage, taskTransitionChannel } from "./debug.js";
import type { TaskStatus } from "./task.js";
import { taskStateName } from "./task-state.js";
import { taskStatusesEqualStable, timeOf } from "./task-status.js";
import type { Move } from "./transition-table.js";

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

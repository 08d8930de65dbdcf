import { channel } from "node:diagnostics_channel";
import { debuglog } from "node:util";

/**
 * Debug output of the core, enabled with `NODE_DEBUG=taskwright`.
 *
 * @internal
 */
export const debug = debuglog("taskwright");

/**
 * Status changes made by `Do` and `Resolve` are published on this `node:diagnostics_channel`
 * channel as {@link TaskTransitionMessage}s, for tracing without a logging dependency.
 */
export const taskTransitionChannelName = "taskwright:task:transition";

/** What {@link taskTransitionChannelName} carries. */
export interface TaskTransitionMessage {
  /** The task whose status changed. */
  taskId: string;
  /** The previous state (a `TaskState` value). */
  from: number;
  /** The new state; equal to `from` when only the message or error changed. */
  to: number;
  /** The new `status.message`. */
  message?: string;
  /** The new `status.err`. */
  err?: string;
}

/** @internal */
export const taskTransitionChannel = channel(taskTransitionChannelName);

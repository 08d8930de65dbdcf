import type { Task, TaskStatus } from "../exec/task.js";
import type { RetryingTask } from "./task-manager-options.js";

/** A task's status changed (and was stored). */
export interface TaskStatusEvent {
  taskId: string;
  status: TaskStatus;
}

/** What an {@link AgentErrorEvent} was about. */
export type AgentOperation = "update" | "report" | "logs" | "step" | "remove" | "close" | "listener";

/** Something failed that no task status shows; the agent carries on (and retries where it can). */
export interface AgentErrorEvent {
  /** The task concerned, when there is one. */
  taskId?: string;
  operation: AgentOperation;
  error: unknown;
}

/**
 * The events of a `Worker` (an eventemitter3 emitter): `worker.on("status", ({ taskId, status }) => …)`.
 *
 * - `status`: a task's status changed; emitted after it was stored, before listeners get it.
 * - `taskAdded`: the worker started managing a task (on assignment or on `init`).
 * - `taskRemoved`: a removed task's runtime was removed and the task forgotten.
 * - `retrying`: a task's step failed for now and will be retried (see `worker.retrying()`).
 * - `recovered`: a retrying task made progress.
 * - `error`: a failure outside any task status (a failed `remove`, a listener that threw, …).
 *   Unlike Node's emitter, an `error` without listeners is not thrown.
 */
export interface WorkerEvents {
  status: [event: TaskStatusEvent];
  taskAdded: [task: Task];
  taskRemoved: [taskId: string];
  retrying: [retrying: RetryingTask];
  recovered: [taskId: string];
  error: [event: AgentErrorEvent];
}

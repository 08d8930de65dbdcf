import type { Task, TaskStatus } from "../exec/task.js";
import type { RetryingTask } from "./task-manager-options.js";

/** A task's status changed (and was stored). */
export interface TaskStatusEvent {
  /** The task's id. */
  taskId: string;
  /** Its new status, as stored. */
  status: TaskStatus;
}

/** What an {@link AgentErrorEvent} was about. */
export type AgentOperation = "update" | "report" | "logs" | "step" | "remove" | "close" | "listener";

/** Something failed that no task status shows; the agent carries on (and retries where it can). */
export interface AgentErrorEvent {
  /** The task concerned, when there is one. */
  taskId?: string;
  /**
   * What failed: `update` (handing a changed task to its controller), `report` (storing a
   * status), `logs` (a log stream), `step` (a lifecycle step, which is retried), `remove`
   * (removing a task's runtime, retried), `close` (closing a controller), `listener` (a reporter
   * given to `listen` threw or rejected).
   */
  operation: AgentOperation;
  /** What was thrown or rejected with. */
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
  /** A task's status changed; emitted after it was stored, before listeners get it. */
  status: [event: TaskStatusEvent];
  /** The worker started managing a task (on assignment or on `init`); its status is the stored one when there is one. */
  taskAdded: [task: Task];
  /** A removed task's runtime was removed and the task forgotten, by id. */
  taskRemoved: [taskId: string];
  /** A task's step failed for now and will be retried after a backoff delay. */
  retrying: [retrying: RetryingTask];
  /** A retrying task, by id, made progress. */
  recovered: [taskId: string];
  /** A failure outside any task status; not thrown when nobody listens. */
  error: [event: AgentErrorEvent];
}

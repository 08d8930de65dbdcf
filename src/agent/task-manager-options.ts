import type { Controller } from "../controller/controller.js";
import type { Executor } from "../exec/executor.js";
import type { Task } from "../exec/task.js";
import type { RetryOptions } from "./backoff.js";
import type { OperationLimiters } from "./limits.js";
import type { StatusReporter } from "./status-reporter.js";

/** A task whose last step asked for a retry, and why. */
export interface RetryingTask {
  /** The task's id. */
  taskId: string;
  /** Failed attempts in a row, since the task last made progress (1 for the first). */
  attempt: number;
  /** The last transient error: the status's `err`, or what failed. */
  error: string;
  /** When the first of these failed attempts happened. */
  since: Date;
}

/** What a `TaskManager` tells, besides statuses. One object may serve many managers. */
export interface TaskManagerHooks {
  /** A step asked for a retry (or failed); the next attempt waits for the backoff delay. */
  onRetrying?(retrying: RetryingTask): void;
  /** The task made progress (or went idle) after retrying: it no longer retries. */
  onRecovered?(taskId: string): void;
  /** An operation failed in a way the status does not show (an update, a report, a log stream). */
  onError?(operation: "update" | "report" | "logs" | "step", error: unknown, taskId: string): void;
}

/** Options of a `TaskManager`. */
export interface TaskManagerOptions {
  /** The task; the manager keeps its own copy. Its status is where the manager starts from. */
  task: Task;
  /** The task's controller. Give this or `executor`. */
  controller?: Controller;
  /** Where to get the task's controller (with `Resolve`) when `controller` is not given. */
  executor?: Executor;
  /** Receives every status a step produces, including repeats; awaited before the next step. */
  reporter: StatusReporter;
  /** Backoff between retried steps. */
  retry?: RetryOptions;
  /** Told about retries and failures. */
  hooks?: TaskManagerHooks;
  /** @internal Shared concurrency limits; none when absent. */
  limiters?: OperationLimiters;
}

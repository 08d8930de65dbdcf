import type { Executor } from "../exec/executor.js";
import type { RetryOptions } from "./backoff.js";
import type { AgentLimits } from "./limits.js";

/** Options of a `Worker`. */
export interface WorkerOptions {
  /** Runs the tasks. Its `secrets` and `configs` managers receive the assigned secrets and configs. */
  executor: Executor;
  /** Where the worker keeps its database (`<stateDir>/worker/tasks.db`); created if missing. */
  stateDir: string;
  /** Bounds on concurrent operations and prepares across all tasks. */
  limits?: AgentLimits;
  /** Backoff between retried steps, resolutions and removals. */
  retry?: RetryOptions;
  /**
   * Status changes kept per task in the history; older ones are dropped.
   * @defaultValue 100
   */
  historyLimit?: number;
}

/** What `Worker.stats` returns. */
export interface WorkerStats {
  /** Tasks with a task manager. */
  managed: number;
  /** Removals in progress. */
  removing: number;
  /** Reporters registered with `listen`. */
  listeners: number;
  /** Tasks retrying now. */
  retrying: number;
  /** Controller operations running and queued (see `limits.operations`). */
  operations: {
    /** Operations holding a slot now (at most `limits.operations`). */
    active: number;
    /** Operations queued for a slot. */
    waiting: number;
  };
  /** Prepares running and queued (see `limits.prepares`). */
  prepares: {
    /** Prepares holding a slot now (at most `limits.prepares`). */
    active: number;
    /** Prepares queued for a slot. */
    waiting: number;
  };
}

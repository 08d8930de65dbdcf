import type { Task, TaskStatus } from "../exec/task.js";

/** A task as the store holds it. */
export interface StoredTask {
  /** The task, with its stored status (or the blank NEW status when none was stored). */
  task: Task;
  /** Whether the orchestrator still assigns it; an unassigned task is being removed. */
  assigned: boolean;
}

/** One entry of a task's status history. */
export interface StatusRecord {
  /** The status, as the task's manager reported it. */
  status: TaskStatus;
  /** When the store recorded it. */
  recordedAt: Date;
}

/**
 * The worker's durable state: each task's definition, latest status, whether it is assigned, and
 * the history of its status changes. Every method is synchronous and atomic; `transaction` groups
 * several into one.
 *
 * Port of SwarmKit's `agent/storage.go`, plus the history.
 *
 * @internal
 */
export interface TaskStore {
  /** Runs `fn` in one transaction (joined when already in one) and returns what it returns. */
  transaction<T>(fn: () => T): T;
  /** Stores the task's definition (not its status). A new task starts unassigned, without status. */
  putTask(task: Task): void;
  /** The stored status of a task, if any. */
  getStatus(taskId: string): TaskStatus | undefined;
  /**
   * Stores a task's status and records it in the history when it differs from the stored one.
   * Returns `"unknown"` (and stores nothing) when the task is not stored, as the original's
   * `errTaskUnknown`.
   */
  putStatus(taskId: string, status: TaskStatus): "changed" | "unchanged" | "unknown";
  /** Marks a stored task assigned or not; returns whether it is stored. */
  setAssigned(taskId: string, assigned: boolean): boolean;
  /** Deletes a task and its history, unless it is assigned again; returns whether it deleted it. */
  deleteUnassigned(taskId: string): boolean;
  /** Every stored task, in id order. */
  tasks(): StoredTask[];
  /** Every stored status, in task id order. */
  statuses(): [taskId: string, status: TaskStatus][];
  /** A task's status history, oldest first; empty for an unknown task. */
  history(taskId: string): StatusRecord[];
  /** Closes the database. Idempotent. */
  close(): void;
}

/** A status as JSON: dates become ISO strings. @internal */
export function encodeStatus(status: TaskStatus): string {
  return JSON.stringify(status);
}

/** A status from {@link encodeStatus}, with its dates restored. @internal */
export function decodeStatus(json: string): TaskStatus {
  const status = JSON.parse(json) as TaskStatus;
  if (typeof status.timestamp === "string") status.timestamp = new Date(status.timestamp);
  const container = status.container;
  if (container) {
    if (typeof container.startedAt === "string") container.startedAt = new Date(container.startedAt);
    if (typeof container.finishedAt === "string") container.finishedAt = new Date(container.finishedAt);
  }
  return status;
}

/** A task's definition as JSON, without its status. @internal */
export function encodeTask(task: Task): string {
  const { status: _status, ...definition } = task;
  return JSON.stringify(definition);
}

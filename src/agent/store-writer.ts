import type { TaskStatus } from "../exec/task.js";
import type { TaskStore } from "./store.js";

type Write =
  | { taskId: string; status: TaskStatus; settle: Settle<"changed" | "unchanged" | "unknown"> }
  | { taskId: string; status?: undefined; settle: Settle<boolean> };

interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the worker's frequent writes: statuses and deletions queued during one turn of
 * the event loop are written in a single transaction, and each promise settles once that
 * transaction committed (or failed). Many tasks moving at once then cost one commit, not one each.
 *
 * @internal
 */
export class StoreWriter {
  #queue: Write[] = [];
  #scheduled = false;

  constructor(private readonly store: TaskStore) {}

  /** Stores a status (see `TaskStore.putStatus`) in the next commit. */
  putStatus(taskId: string, status: TaskStatus): Promise<"changed" | "unchanged" | "unknown"> {
    return new Promise((resolve, reject) => this.#enqueue({ taskId, status, settle: { resolve, reject } }));
  }

  /** Deletes an unassigned task (see `TaskStore.deleteUnassigned`) in the next commit. */
  deleteUnassigned(taskId: string): Promise<boolean> {
    return new Promise((resolve, reject) => this.#enqueue({ taskId, settle: { resolve, reject } }));
  }

  /** Commits what is queued now; the next writes go to a later commit. */
  flush(): void {
    const writes = this.#queue;
    this.#queue = [];
    if (writes.length === 0) return;
    let outcomes: unknown[];
    try {
      outcomes = this.store.transaction(() =>
        writes.map((write) =>
          write.status ? this.store.putStatus(write.taskId, write.status) : this.store.deleteUnassigned(write.taskId),
        ),
      );
    } catch (error) {
      for (const write of writes) write.settle.reject(error);
      return;
    }
    for (const [i, write] of writes.entries()) (write.settle.resolve as (value: unknown) => void)(outcomes[i]);
  }

  #enqueue(write: Write): void {
    this.#queue.push(write);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }
}

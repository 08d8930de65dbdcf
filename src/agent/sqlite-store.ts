import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { ExecError } from "../exec/errors.js";
import type { Task, TaskStatus } from "../exec/task.js";
import { TaskState } from "../exec/task-state.js";
import { AgentErrorCode } from "./errors.js";
import { decodeStatus, encodeStatus, encodeTask, type StatusRecord, type StoredTask, type TaskStore } from "./store.js";

/** Where a worker keeps its database inside its state directory. @internal */
export function storePath(stateDir: string): string {
  return join(stateDir, "worker", "tasks.db");
}

const schema = `
  CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    status TEXT,
    assigned INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS task_history (
    seq INTEGER PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    state INTEGER NOT NULL,
    status TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS task_history_by_task ON task_history (task_id, seq);
`;

/**
 * Opens (creating it if needed) the task store of a state directory: an SQLite database in WAL
 * mode holding an exclusive lock, so that a second agent on the same directory fails at once
 * instead of running the same tasks twice. Commits survive the process being killed; with
 * `synchronous = NORMAL`, the last ones may be lost on power loss.
 *
 * @throws ExecError `EXEC_AGENT_STATE_LOCKED` when another process holds the database, or
 *   `EXEC_AGENT_STORE_UNAVAILABLE` when it cannot be opened.
 * @internal
 */
export function openSqliteStore(stateDir: string, options: { historyLimit: number }): TaskStore {
  const file = storePath(stateDir);
  let db: Database.Database;
  try {
    mkdirSync(join(stateDir, "worker"), { recursive: true, mode: 0o700 });
    db = new Database(file, { timeout: 200 });
  } catch (cause) {
    throw new ExecError(AgentErrorCode.StoreUnavailable, `cannot open the task store ${file}`, { cause });
  }
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // Takes the exclusive lock now rather than at the first write.
    db.exec("BEGIN EXCLUSIVE; COMMIT;");
    db.exec(schema);
  } catch (cause) {
    db.close();
    const busy = (cause as { code?: unknown }).code === "SQLITE_BUSY";
    throw busy
      ? new ExecError(AgentErrorCode.StateLocked, `the task store ${file} is in use by another process`, { cause })
      : new ExecError(AgentErrorCode.StoreUnavailable, `cannot open the task store ${file}`, { cause });
  }
  return new SqliteTaskStore(db, options.historyLimit);
}

interface TaskRow {
  id: string;
  data: string;
  status: string | null;
  assigned: number;
}

class SqliteTaskStore implements TaskStore {
  readonly #db: Database.Database;
  readonly #sql;
  readonly #inTransaction: (fn: () => unknown) => unknown;

  constructor(
    db: Database.Database,
    private readonly historyLimit: number,
  ) {
    this.#db = db;
    this.#inTransaction = db.transaction((fn: () => unknown) => fn());
    this.#sql = {
      putTask: db.prepare(
        "INSERT INTO tasks (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
      ),
      getStatus: db.prepare<[string], { status: string | null }>("SELECT status FROM tasks WHERE id = ?"),
      setStatus: db.prepare("UPDATE tasks SET status = ? WHERE id = ?"),
      record: db.prepare("INSERT INTO task_history (task_id, state, status, recorded_at) VALUES (?, ?, ?, ?)"),
      trim: db.prepare(
        `DELETE FROM task_history WHERE task_id = @taskId AND seq <= (
           SELECT seq FROM task_history WHERE task_id = @taskId ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
      ),
      setAssigned: db.prepare("UPDATE tasks SET assigned = ? WHERE id = ?"),
      deleteUnassigned: db.prepare("DELETE FROM tasks WHERE id = ? AND assigned = 0"),
      tasks: db.prepare<[], TaskRow>("SELECT id, data, status, assigned FROM tasks ORDER BY id"),
      statuses: db.prepare<[], { id: string; status: string }>(
        "SELECT id, status FROM tasks WHERE status IS NOT NULL ORDER BY id",
      ),
      history: db.prepare<[string], { status: string; recorded_at: number }>(
        "SELECT status, recorded_at FROM task_history WHERE task_id = ? ORDER BY seq",
      ),
    };
  }

  transaction<T>(fn: () => T): T {
    // Joins the transaction in progress rather than opening a savepoint.
    return this.#db.inTransaction ? fn() : (this.#inTransaction(fn) as T);
  }

  putTask(task: Task): void {
    this.#sql.putTask.run(task.id, encodeTask(task));
  }

  getStatus(taskId: string): TaskStatus | undefined {
    const row = this.#sql.getStatus.get(taskId);
    return row?.status ? decodeStatus(row.status) : undefined;
  }

  putStatus(taskId: string, status: TaskStatus): "changed" | "unchanged" | "unknown" {
    return this.transaction(() => {
      const row = this.#sql.getStatus.get(taskId);
      if (!row) return "unknown";
      const json = encodeStatus(status);
      if (row.status === json) return "unchanged";
      this.#sql.setStatus.run(json, taskId);
      this.#sql.record.run(taskId, status.state, json, Date.now());
      this.#sql.trim.run({ taskId, keep: this.historyLimit });
      return "changed";
    });
  }

  setAssigned(taskId: string, assigned: boolean): boolean {
    return this.#sql.setAssigned.run(assigned ? 1 : 0, taskId).changes > 0;
  }

  deleteUnassigned(taskId: string): boolean {
    return this.#sql.deleteUnassigned.run(taskId).changes > 0;
  }

  tasks(): StoredTask[] {
    return this.#sql.tasks.all().map((row) => {
      const task = JSON.parse(row.data) as Task;
      task.status = row.status ? decodeStatus(row.status) : { state: TaskState.New };
      return { task, assigned: row.assigned !== 0 };
    });
  }

  statuses(): [string, TaskStatus][] {
    return this.#sql.statuses.all().map((row) => [row.id, decodeStatus(row.status)]);
  }

  history(taskId: string): StatusRecord[] {
    return this.#sql.history.all(taskId).map((row) => ({
      status: decodeStatus(row.status),
      recordedAt: new Date(row.recorded_at),
    }));
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

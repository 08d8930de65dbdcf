import { setMaxListeners } from "node:events";
import { EventEmitter } from "eventemitter3";
import { debug } from "../exec/debug.js";
import { ExecError } from "../exec/errors.js";
import type { Executor } from "../exec/executor.js";
import type { Task, TaskStatus } from "../exec/task.js";
import { cloneTaskStatus } from "../exec/task-status.js";
import { type AssignmentChange, applyDependencyChanges, sortChanges } from "./assignment.js";
import { resolveRetryOptions } from "./backoff.js";
import { AgentErrorCode, ErrAgentClosed } from "./errors.js";
import type { AgentErrorEvent, WorkerEvents } from "./events.js";
import { createLimiters, type OperationLimiters } from "./limits.js";
import { type LogSubscription, subscribeLogs } from "./log-subscription.js";
import { checkWorkerOptions } from "./options-schema.js";
import type { StatusReporter } from "./status-reporter.js";
import type { StatusRecord, StoredTask, TaskStore } from "./store.js";
import { StoreWriter } from "./store-writer.js";
import type { RetryingTask } from "./task-manager-options.js";
import { TaskSet } from "./task-set.js";
import type { WorkerOptions, WorkerStats } from "./worker-options.js";

/**
 * Runs the tasks assigned to a node: one {@link TaskManager} per task, a durable store of every
 * task, its status, whether it is assigned and the history of its status changes, and the
 * listeners statuses are reported to.
 *
 * The store comes first: a status is stored before anyone hears of it, and a removed task stays
 * stored (unassigned) until its runtime is removed, so that a crash neither repeats a step nor
 * leaks a container. After a crash, `init()` on the same `stateDir` resumes every assigned task
 * from its stored status and finishes every removal.
 *
 * Port of SwarmKit's `agent/worker.go`.
 *
 * @example
 * ```ts
 * const worker = new Worker({ executor, stateDir: "/var/lib/my-agent" });
 * await worker.init();
 * const stop = worker.listen({ updateTaskStatus: (id, status) => send(id, status) });
 * await worker.assign([{ action: "update", task }]);
 * ```
 */
export class Worker extends EventEmitter<WorkerEvents> {
  readonly #executor: Executor;
  readonly #stateDir: string;
  readonly #historyLimit: number;
  readonly #limiters: OperationLimiters;
  readonly #listeners = new Set<StatusReporter>();
  readonly #stop = new AbortController();
  readonly #tasks: TaskSet;
  #store: TaskStore | undefined;
  #writer: StoreWriter | undefined;
  #initializing: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  /**
   * Prepares a worker; nothing is opened or started before `init()`.
   *
   * @throws TypeError naming every invalid option: a missing executor or `stateDir`, an unknown
   *   option name (e.g. `Worker options: unknown option "limit" (did you mean "limits"?)`, also inside
   *   `limits` and `retry`), or a value of the wrong type or range (e.g.
   *   `Worker options.limits.operations: expected a positive integer or Infinity, got 0`).
   */
  constructor(options: WorkerOptions) {
    super();
    checkWorkerOptions(options);
    if (!options.executor) throw new TypeError("Worker options.executor: expected an Executor, got undefined");
    if (options.stateDir === undefined) throw new TypeError("Worker options.stateDir: expected a path, got undefined");
    const historyLimit = options.historyLimit ?? 100;
    this.#executor = options.executor;
    this.#stateDir = options.stateDir;
    this.#historyLimit = historyLimit;
    this.#limiters = createLimiters(options.limits);
    // Removals and operations queued for a slot listen to this signal: many listeners at once is
    // the expected shape here, not a leak.
    setMaxListeners(0, this.#stop.signal);
    this.#tasks = new TaskSet({
      executor: this.#executor,
      limiters: this.#limiters,
      retry: resolveRetryOptions(options.retry),
      reporter: { updateTaskStatus: (taskId, status) => this.#report(taskId, status) },
      signal: this.#stop.signal,
      added: (task) => this.emit("taskAdded", task),
      removed: async (taskId) => {
        const forgotten = await this.#writer?.deleteUnassigned(taskId).catch(() => false);
        if (forgotten) this.emit("taskRemoved", taskId);
        return forgotten === true;
      },
      storedStatus: (taskId) => this.#store?.getStatus(taskId),
      retrying: (retrying) => this.emit("retrying", retrying),
      recovered: (taskId) => this.emit("recovered", taskId),
      error: (event) => this.#error(event),
    });
  }

  /**
   * Opens the store (loading the SQLite module on first use) and resumes: every assigned task gets
   * a manager that starts from its stored status; every unassigned one is removed. Idempotent.
   *
   * @throws ExecError `EXEC_AGENT_STATE_LOCKED` when another process uses `stateDir`;
   *   `EXEC_AGENT_STORE_UNAVAILABLE` when the database cannot be loaded or opened;
   *   `EXEC_AGENT_CLOSED` after `close()`.
   */
  init(): Promise<void> {
    if (this.#closing) return Promise.reject(ErrAgentClosed);
    this.#initializing ??= this.#open().catch((error: unknown) => {
      this.#initializing = undefined;
      throw error;
    });
    return this.#initializing;
  }

  async #open(): Promise<void> {
    let module: typeof import("./sqlite-store.js");
    try {
      module = await import("./sqlite-store.js");
    } catch (cause) {
      throw new ExecError(AgentErrorCode.StoreUnavailable, "cannot load better-sqlite3", { cause });
    }
    const store = module.openSqliteStore(this.#stateDir, { historyLimit: this.#historyLimit });
    if (this.#closing) {
      store.close();
      throw ErrAgentClosed;
    }
    this.#store = store;
    this.#writer = new StoreWriter(store);
    for (const { task, assigned } of store.tasks()) {
      if (assigned) this.#tasks.start(task);
      else this.#tasks.remove(task.id, { task });
    }
  }

  /**
   * Applies the complete set of assignments: secrets, then configs, then tasks. Every listed task
   * is stored as assigned and started (or updated); every task not listed is removed. Secrets and
   * configs replace the executor's; `remove` changes are ignored, as in the original.
   *
   * Returns once the changes are stored and applied; removals go on in the background (see
   * {@link Worker.wait}).
   *
   * @throws TypeError for a malformed change; ExecError `EXEC_AGENT_NOT_INITIALIZED` before
   *   `init()`, `EXEC_AGENT_CLOSED` after `close()`.
   */
  async assign(changes: readonly AssignmentChange[]): Promise<void> {
    this.#apply(changes, true);
  }

  /**
   * Applies changes to the assignments: secrets, then configs, then tasks. `update` starts or
   * updates a task; `remove` removes it (unknown ids are fine). Throws as {@link Worker.assign}.
   */
  async update(changes: readonly AssignmentChange[]): Promise<void> {
    this.#apply(changes, false);
  }

  #apply(changes: readonly AssignmentChange[], complete: boolean): void {
    const store = this.#openStore();
    const sorted = sortChanges(changes);
    if (!applyDependencyChanges(this.#executor.secrets, sorted.secrets, complete)) {
      debug("secrets update ignored; executor does not support secrets");
    }
    if (!applyDependencyChanges(this.#executor.configs, sorted.configs, complete)) {
      debug("configs update ignored; executor does not support configs");
    }
    const assigned = new Set<string>();
    const started: Task[] = [];
    const removed = store.transaction(() => {
      for (const task of sorted.tasks.updated) {
        assigned.add(task.id);
        store.putTask(task);
        store.setAssigned(task.id, true);
        if (this.#tasks.update(task)) continue;
        // The agent's own status of a task wins over the one the orchestrator sent.
        const stored = store.getStatus(task.id);
        if (!stored) store.putStatus(task.id, task.status);
        started.push({ ...task, status: stored ?? task.status });
      }
      const unassigned = complete ? this.#tasks.unlisted(assigned) : sorted.tasks.removed.map((task) => task.id);
      for (const id of unassigned) store.setAssigned(id, false);
      return unassigned;
    });
    for (const id of removed) this.#tasks.remove(id);
    for (const task of started) this.#tasks.start(task);
  }

  /**
   * Registers a reporter: it first gets every stored status (in task id order), then every status
   * change. A reporter that throws or rejects is told again only about later changes (wrap an
   * unreliable upstream in a `ReliableStatusReporter`). Returns the function that unregisters it.
   */
  listen(reporter: StatusReporter): () => void {
    const store = this.#openStore();
    for (const [taskId, status] of store.statuses()) this.#deliver(reporter, taskId, status);
    this.#listeners.add(reporter);
    return () => {
      this.#listeners.delete(reporter);
    };
  }

  /**
   * Streams the logs of the tasks the selector matches (by task, service or node id) to
   * `publisher`. Without `follow`, resolves once every matching task's logs were published; with
   * `follow`, also starts on tasks added later, until `signal` aborts (rejects with its reason) or
   * the worker closes (resolves).
   */
  subscribeLogs(subscription: LogSubscription): Promise<void> {
    this.#openStore();
    return subscribeLogs(this, this.#tasks.managers, this.#stop.signal, subscription);
  }

  /** The tasks that are retrying now, with their last transient error. */
  retrying(): RetryingTask[] {
    return this.#tasks.retrying();
  }

  /** Counts of what the worker holds now: for monitoring, and for checking that nothing leaks. */
  stats(): WorkerStats {
    const { operations, prepares } = this.#limiters;
    return {
      managed: this.#tasks.managers.size,
      removing: this.#tasks.removing,
      listeners: this.#listeners.size,
      retrying: this.#tasks.retrying().length,
      operations: { active: operations.active, waiting: operations.waiting },
      prepares: { active: prepares.active, waiting: prepares.waiting },
    };
  }

  /** Every stored task (assigned, or unassigned and being removed), in id order, with its status. */
  tasks(): StoredTask[] {
    return this.#openStore().tasks();
  }

  /** The stored history of a task's status changes, oldest first (at most `historyLimit` entries). */
  history(taskId: string): StatusRecord[] {
    return this.#openStore().history(taskId);
  }

  /**
   * Resolves once the worker manages no task and removes none (e.g. after `assign([])`), or once
   * it is closed. Rejects with `signal.reason` when `signal` aborts first.
   */
  wait(options: { signal?: AbortSignal } = {}): Promise<void> {
    return this.#tasks.wait(options.signal);
  }

  /**
   * Stops managing tasks: cancels every operation in flight, stops removals (the next `init()`
   * finishes them), closes every controller and the store, and drops the listeners. Task runtimes
   * keep running, as they do when the agent process dies: to stop them, `assign([])` and `wait()`
   * first. Idempotent; `assign`, `update` and `listen` then throw `EXEC_AGENT_CLOSED`.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#stop.abort(ErrAgentClosed);
    await this.#initializing?.catch(() => {});
    await this.#tasks.close();
    this.#listeners.clear();
    this.#writer?.flush();
    this.#store?.close();
  }

  #openStore(): TaskStore {
    if (this.#closing) throw ErrAgentClosed;
    if (!this.#store) throw new ExecError(AgentErrorCode.NotInitialized, "agent: worker.init() has not completed");
    return this.#store;
  }

  /** Stores a status reported by a manager and, once committed and if it changed, tells the listeners. */
  async #report(taskId: string, status: TaskStatus): Promise<void> {
    const outcome = await this.#writer?.putStatus(taskId, status);
    if (outcome === "unknown") debug("status for removed task %s dropped", taskId);
    if (outcome !== "changed") return;
    this.emit("status", { taskId, status });
    for (const listener of this.#listeners) this.#deliver(listener, taskId, status);
  }

  #deliver(listener: StatusReporter, taskId: string, status: TaskStatus): void {
    const onError = (error: unknown) => this.#error({ taskId, operation: "listener", error });
    try {
      const pending = listener.updateTaskStatus(taskId, cloneTaskStatus(status));
      if (pending && typeof pending.then === "function") pending.then(undefined, onError);
    } catch (error) {
      onError(error);
    }
  }

  #error(event: AgentErrorEvent): void {
    debug("%s failed for task %s: %o", event.operation, event.taskId ?? "-", event.error);
    this.emit("error", event);
  }
}

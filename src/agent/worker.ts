import { setMaxListeners } from "node:events";
import { EventEmitter } from "eventemitter3";
import { debug } from "../exec/debug.js";
import { ExecError } from "../exec/errors.js";
import type { Executor } from "../exec/executor.js";
import type { Task, TaskStatus } from "../exec/task.js";
import { cloneTaskStatus } from "../exec/task-status.js";
import { abortable } from "./abortable.js";
import { type AssignmentChange, applyDependencyChanges, sortChanges } from "./assignment.js";
import { type ResolvedRetryOptions, type RetryOptions, resolveRetryOptions } from "./backoff.js";
import { AgentErrorCode, ErrAgentClosed } from "./errors.js";
import type { AgentErrorEvent, WorkerEvents } from "./events.js";
import { type AgentLimits, createLimiters, type OperationLimiters } from "./limits.js";
import { type LogSubscription, subscribeLogs } from "./log-subscription.js";
import { removeTask } from "./removal.js";
import type { StatusReporter } from "./status-reporter.js";
import type { StatusRecord, StoredTask, TaskStore } from "./store.js";
import { StoreWriter } from "./store-writer.js";
import { type RetryingTask, TaskManager, type TaskManagerHooks } from "./task-manager.js";

/** Options of a {@link Worker}. */
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

/** What {@link Worker.stats} returns. */
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
  operations: { active: number; waiting: number };
  /** Prepares running and queued (see `limits.prepares`). */
  prepares: { active: number; waiting: number };
}

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
  readonly #options: WorkerOptions;
  readonly #retry: ResolvedRetryOptions;
  readonly #limiters: OperationLimiters;
  readonly #managers = new Map<string, TaskManager>();
  readonly #removals = new Map<string, Promise<void>>();
  readonly #deferred = new Map<string, Task>();
  readonly #listeners = new Set<StatusReporter>();
  readonly #retrying = new Map<string, RetryingTask>();
  readonly #stop = new AbortController();
  readonly #idleWaiters = new Set<() => void>();
  /** Shared by every task manager, so that a task costs no closures of its own. */
  readonly #hooks: TaskManagerHooks;
  readonly #reporter: StatusReporter;
  #store: TaskStore | undefined;
  #writer: StoreWriter | undefined;
  #initializing: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: WorkerOptions) {
    super();
    if (!options?.executor) throw new TypeError("Worker: expected an executor.");
    if (typeof options.stateDir !== "string" || options.stateDir === "") {
      throw new TypeError("Worker: expected stateDir to be a non-empty path.");
    }
    const historyLimit = options.historyLimit ?? 100;
    if (!Number.isInteger(historyLimit) || historyLimit < 1) {
      throw new TypeError(`Worker: expected historyLimit to be a positive integer, got ${historyLimit}.`);
    }
    this.#executor = options.executor;
    this.#options = { ...options, historyLimit };
    this.#retry = resolveRetryOptions(options.retry);
    this.#limiters = createLimiters(options.limits);
    // Every removal (and each one queued for an operation slot) listens to this signal until it
    // ends: many listeners at once is the expected shape here, not a leak.
    setMaxListeners(0, this.#stop.signal);
    this.#hooks = {
      onRetrying: (retrying) => {
        this.#retrying.set(retrying.taskId, retrying);
        this.emit("retrying", retrying);
      },
      onRecovered: (taskId) => {
        this.#retrying.delete(taskId);
        this.emit("recovered", taskId);
      },
      onError: (operation, error, taskId) => this.#error({ taskId, operation, error }),
    };
    this.#reporter = { updateTaskStatus: (taskId, status) => this.#report(taskId, status) };
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
    const store = module.openSqliteStore(this.#options.stateDir, { historyLimit: this.#options.historyLimit ?? 100 });
    if (this.#closing) {
      store.close();
      throw ErrAgentClosed;
    }
    this.#store = store;
    this.#writer = new StoreWriter(store);
    for (const { task, assigned } of store.tasks()) {
      if (assigned) this.#start(task);
      else this.#remove(task.id, { task });
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
        const manager = this.#managers.get(task.id);
        if (manager) {
          manager.update(task);
          continue;
        }
        const stored = store.getStatus(task.id);
        if (!stored) store.putStatus(task.id, task.status);
        started.push({ ...task, status: stored ?? task.status });
      }
      const unassigned = complete
        ? [...this.#managers.keys(), ...this.#deferred.keys()].filter((id) => !assigned.has(id))
        : sorted.tasks.removed.map((task) => task.id);
      for (const id of unassigned) store.setAssigned(id, false);
      return unassigned;
    });
    for (const id of removed) this.#remove(id);
    for (const task of started) this.#start(task);
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
    return subscribeLogs(this, this.#managers, this.#stop.signal, subscription);
  }

  /** The tasks that are retrying now, with their last transient error. */
  retrying(): RetryingTask[] {
    return [...this.#retrying.values()];
  }

  /** Counts of what the worker holds now: for monitoring, and for checking that nothing leaks. */
  stats(): WorkerStats {
    const { operations, prepares } = this.#limiters;
    return {
      managed: this.#managers.size,
      removing: this.#removals.size,
      listeners: this.#listeners.size,
      retrying: this.#retrying.size,
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
    if (this.#isIdle()) return Promise.resolve();
    let waiter: () => void = () => {};
    const idle = new Promise<void>((resolve) => {
      waiter = resolve;
      this.#idleWaiters.add(resolve);
    });
    return abortable(idle, options.signal).finally(() => this.#idleWaiters.delete(waiter));
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
    const managers = [...this.#managers.values()];
    this.#managers.clear();
    this.#deferred.clear();
    await Promise.all(managers.map((manager) => manager.close()));
    await Promise.all(this.#removals.values());
    await Promise.all(
      managers.map((manager) =>
        manager.controller
          ?.close()
          .catch((error: unknown) => this.#error({ taskId: manager.id, operation: "close", error })),
      ),
    );
    this.#listeners.clear();
    this.#retrying.clear();
    this.#writer?.flush();
    this.#store?.close();
    this.#notifyIdle();
  }

  #openStore(): TaskStore {
    if (this.#closing) throw ErrAgentClosed;
    if (!this.#store) throw new ExecError(AgentErrorCode.NotInitialized, "agent: worker.init() has not completed");
    return this.#store;
  }

  #start(task: Task): void {
    if (this.#removals.has(task.id)) {
      this.#deferred.set(task.id, task);
      return;
    }
    const manager = new TaskManager({
      task,
      executor: this.#executor,
      reporter: this.#reporter,
      retry: this.#retry,
      limiters: this.#limiters,
      hooks: this.#hooks,
    });
    this.#managers.set(task.id, manager);
    this.emit("taskAdded", manager.task);
  }

  /** Starts removing a task (the store already marks it unassigned); tracked until done. */
  #remove(taskId: string, source?: { task: Task }): void {
    this.#deferred.delete(taskId);
    if (this.#removals.has(taskId)) return;
    const manager = this.#managers.get(taskId);
    this.#managers.delete(taskId);
    this.#retrying.delete(taskId);
    const from = manager ? { manager } : source;
    if (!from) return;
    const context = {
      executor: this.#executor,
      limiters: this.#limiters,
      retry: this.#retry,
      signal: this.#stop.signal,
      onError: (event: AgentErrorEvent) => this.#error(event),
    };
    const removal = removeTask(taskId, from, context).then(async (removed) => {
      if (removed && (await this.#writer?.deleteUnassigned(taskId).catch(() => false))) {
        this.emit("taskRemoved", taskId);
      }
      this.#removals.delete(taskId);
      const again = this.#deferred.get(taskId);
      this.#deferred.delete(taskId);
      if (again && !this.#closing) this.#start({ ...again, status: this.#store?.getStatus(taskId) ?? again.status });
      this.#notifyIdle();
    });
    this.#removals.set(taskId, removal);
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

  #isIdle(): boolean {
    return (this.#managers.size === 0 && this.#removals.size === 0) || this.#closing !== undefined;
  }

  #notifyIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters) resolve();
    this.#idleWaiters.clear();
  }
}

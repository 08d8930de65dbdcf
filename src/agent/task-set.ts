import { raceSignal } from "../exec/abort.js";
import type { Executor } from "../exec/executor.js";
import type { Task, TaskStatus } from "../exec/task.js";
import type { ResolvedRetryOptions } from "./backoff.js";
import type { AgentErrorEvent } from "./events.js";
import type { OperationLimiters } from "./limits.js";
import { removeTask } from "./removal.js";
import type { StatusReporter } from "./status-reporter.js";
import { TaskManager } from "./task-manager.js";
import type { RetryingTask, TaskManagerHooks } from "./task-manager-options.js";

/** What a {@link TaskSet} needs from its worker. @internal */
export interface TaskSetContext {
  executor: Executor;
  limiters: OperationLimiters;
  retry: ResolvedRetryOptions;
  /** Where every manager reports its statuses. */
  reporter: StatusReporter;
  /** Aborts when the worker closes: removals stop there, and the next `init()` finishes them. */
  signal: AbortSignal;
  added(task: Task): void;
  /** A task's runtime was removed: forget the task; resolves whether it was forgotten. */
  removed(taskId: string): Promise<boolean>;
  /** The stored status of a task, to start from when it is assigned again after a removal. */
  storedStatus(taskId: string): TaskStatus | undefined;
  retrying(retrying: RetryingTask): void;
  recovered(taskId: string): void;
  error(event: AgentErrorEvent): void;
}

/**
 * The tasks a worker runs: one {@link TaskManager} per assigned task, and the removals in
 * progress, each tracked until its runtime is removed. A task assigned again while it is being
 * removed starts again once the removal is done.
 *
 * @internal
 */
export class TaskSet {
  /** The managers, by task id. */
  readonly managers = new Map<string, TaskManager>();
  readonly #removals = new Map<string, Promise<void>>();
  readonly #deferred = new Map<string, Task>();
  readonly #retrying = new Map<string, RetryingTask>();
  readonly #idleWaiters = new Set<() => void>();
  /** Shared by every manager, so that a task costs no closures of its own. */
  readonly #hooks: TaskManagerHooks;
  #closing = false;

  constructor(private readonly context: TaskSetContext) {
    this.#hooks = {
      onRetrying: (retrying) => {
        this.#retrying.set(retrying.taskId, retrying);
        context.retrying(retrying);
      },
      onRecovered: (taskId) => {
        this.#retrying.delete(taskId);
        context.recovered(taskId);
      },
      onError: (operation, error, taskId) => context.error({ taskId, operation, error }),
    };
  }

  /** How many removals are in progress. */
  get removing(): number {
    return this.#removals.size;
  }

  /** The tasks retrying now. */
  retrying(): RetryingTask[] {
    return [...this.#retrying.values()];
  }

  /** Hands a new version of a task to its manager; `false` when it has none. */
  update(task: Task): boolean {
    const manager = this.managers.get(task.id);
    manager?.update(task);
    return manager !== undefined;
  }

  /** The ids of the tasks run or about to run that `assigned` does not list. */
  unlisted(assigned: ReadonlySet<string>): string[] {
    return [...this.managers.keys(), ...this.#deferred.keys()].filter((id) => !assigned.has(id));
  }

  /** Starts managing a task (once its removal is done, when one is in progress). */
  start(task: Task): void {
    if (this.#closing) return;
    if (this.#removals.has(task.id)) {
      this.#deferred.set(task.id, task);
      return;
    }
    const { executor, reporter, retry, limiters } = this.context;
    const manager = new TaskManager({ task, executor, reporter, retry, limiters, hooks: this.#hooks });
    this.managers.set(task.id, manager);
    this.context.added(manager.task);
  }

  /**
   * Removes a task: its manager's, or (for a task found unassigned in the store) the given one.
   * Tracked until done; a task already being removed is left to that removal.
   */
  remove(taskId: string, stored?: { task: Task }): void {
    this.#deferred.delete(taskId);
    if (this.#removals.has(taskId)) return;
    const manager = this.managers.get(taskId);
    this.managers.delete(taskId);
    this.#retrying.delete(taskId);
    const source = manager ? { manager } : stored;
    if (!source) return;
    const { executor, limiters, retry, signal } = this.context;
    const context = {
      executor,
      limiters,
      retry,
      signal,
      onError: (event: AgentErrorEvent) => this.context.error(event),
    };
    const removal = removeTask(taskId, source, context).then(async (removed) => {
      if (removed) await this.context.removed(taskId);
      this.#removals.delete(taskId);
      const again = this.#deferred.get(taskId);
      this.#deferred.delete(taskId);
      if (again) this.start({ ...again, status: this.context.storedStatus(taskId) ?? again.status });
      this.#notifyIdle();
    });
    this.#removals.set(taskId, removal);
  }

  /** Resolves once no task is managed or being removed (or the set is closed). */
  wait(signal?: AbortSignal): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    let waiter: () => void = () => {};
    const idle = new Promise<void>((resolve) => {
      waiter = resolve;
      this.#idleWaiters.add(resolve);
    });
    return raceSignal(idle, signal).finally(() => this.#idleWaiters.delete(waiter));
  }

  /**
   * Closes every manager, waits for the removals (which stop once the context's signal aborted),
   * then closes every controller. The tasks' runtimes stay as they are.
   */
  async close(): Promise<void> {
    this.#closing = true;
    const managers = [...this.managers.values()];
    this.managers.clear();
    this.#deferred.clear();
    await Promise.all(managers.map((manager) => manager.close()));
    await Promise.all(this.#removals.values());
    await Promise.all(
      managers.map((manager) =>
        manager.controller
          ?.close()
          .catch((error: unknown) => this.context.error({ taskId: manager.id, operation: "close", error })),
      ),
    );
    this.#retrying.clear();
    this.#notifyIdle();
  }

  #isIdle(): boolean {
    return (this.managers.size === 0 && this.#removals.size === 0) || this.#closing;
  }

  #notifyIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters) resolve();
    this.#idleWaiters.clear();
  }
}

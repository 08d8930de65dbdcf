import { type Controller, hasLogs } from "../controller/controller.js";
import { raceSignal } from "../exec/abort.js";
import { Do } from "../exec/do.js";
import { ErrTaskNoop, ErrTaskRetry, ExecError, errorMessage } from "../exec/errors.js";
import type { Executor } from "../exec/executor.js";
import type { Task, TaskStatus } from "../exec/task.js";
import type { LogPublisher, LogSubscriptionOptions } from "../logs/types.js";
import { type ResolvedRetryOptions, type RetryOptions, resolveRetryOptions, retryAfterFailure } from "./backoff.js";
import { AgentErrorCode, ErrAgentClosed } from "./errors.js";
import { LimitedController, type OperationLimiters } from "./limits.js";
import { checkTaskManagerOptions } from "./options-schema.js";
import { resolveController } from "./resolve-controller.js";
import type { StatusReporter } from "./status-reporter.js";
import { tasksEqualStable } from "./task-equal.js";
import type { RetryingTask, TaskManagerHooks, TaskManagerOptions } from "./task-manager-options.js";

type Outcome = "progress" | "noop" | "aborted";

/** Why a step is retried: `Do` returned `ErrTaskRetry`. */
class RetryRequested extends Error {}

const noHooks: TaskManagerHooks = Object.freeze({});
// Abort reasons: markers shared by every manager (nothing reads more than their names).
const reasonUpdated = new DOMException("task updated", "AbortError");
const reasonClosed = new DOMException("task manager closed", "AbortError");

/**
 * Drives one task with `Do`, one operation at a time, and reports every status it produces.
 *
 * - `ErrTaskNoop`: idles until the task is updated.
 * - `ErrTaskRetry`: retries after an exponential, jittered, capped delay ({@link RetryOptions});
 *   the delay starts from the shortest again once a step makes progress.
 * - {@link TaskManager.update} with a changed task cancels the operation in flight (or the delay)
 *   and steps again at once; the controller's `update` is called before the next `Do`.
 *
 * Without a `controller`, the manager first gets one with `Resolve`, retrying with backoff while
 * the executor fails temporarily; a task the executor refuses is reported REJECTED (or FAILED) and
 * the manager idles. `close()` never calls the controller: removing a task is the worker's job.
 *
 * Port of SwarmKit's `agent/task.go` task manager, with backoff instead of a flat 1 s retry.
 */
export class TaskManager {
  readonly #executor: Executor | undefined;
  readonly #reporter: StatusReporter;
  readonly #hooks: TaskManagerHooks;
  readonly #retry: ResolvedRetryOptions;
  readonly #limiters: OperationLimiters | undefined;
  #task: Task;
  #status: TaskStatus;
  #controller: Controller | undefined;
  #refused = false;
  #updated = false;
  #closing = false;
  #round: AbortController | undefined;
  #wake: (() => void) | undefined;
  #retrying: RetryingTask | undefined;
  #readyWaiters: (() => void)[] | undefined;
  readonly #loop: Promise<void>;

  /**
   * Copies the task and starts driving it at once.
   *
   * @throws TypeError without a controller or an executor, and naming every invalid option: an
   *   unknown name (also inside `retry` and `hooks`) or a value of the wrong type or range (e.g.
   *   `TaskManager options.retry.minDelay: expected a number of milliseconds, 0 or more, got -5`).
   */
  constructor(options: TaskManagerOptions) {
    checkTaskManagerOptions(options);
    if (!options.controller && !options.executor)
      throw new TypeError("TaskManager: expected a controller or an executor.");
    this.#executor = options.executor;
    this.#reporter = options.reporter;
    this.#hooks = options.hooks ?? noHooks;
    this.#retry = resolveRetryOptions(options.retry);
    this.#limiters = options.limiters;
    this.#task = structuredClone(options.task);
    this.#status = this.#task.status;
    if (options.controller) this.#controller = this.#limit(options.controller);
    this.#loop = this.#run();
  }

  /** The task's id. */
  get id(): string {
    return this.#task.id;
  }

  /** The task as the manager knows it now, with its latest status. */
  get task(): Task {
    return { ...this.#task, status: this.#status };
  }

  /** The controller, once there is one (wrapped in the shared limits). */
  get controller(): Controller | undefined {
    return this.#controller;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closing;
  }

  /** Whether the task is retrying now, and why. */
  get retrying(): RetryingTask | undefined {
    return this.#retrying;
  }

  /**
   * Hands a new version of the task to the manager. Ignored (as in the original) when only the
   * status differs, when the id is another task's (reported through `onError`) or when the desired
   * state is lower than the current one. Otherwise the operation in flight is cancelled and the
   * task steps again with the new definition; its status stays the manager's own.
   *
   * @throws ExecError `EXEC_AGENT_CLOSED` ({@link ErrAgentClosed}) once the manager is closed.
   */
  update(task: Task): void {
    if (this.#closing) throw ErrAgentClosed;
    if (task.id !== this.#task.id) {
      const error = new ExecError(AgentErrorCode.WrongTask, `received update for task ${task.id} on ${this.#task.id}`);
      this.#hooks.onError?.("update", error, this.#task.id);
      return;
    }
    if (task.desiredState < this.#task.desiredState || tasksEqualStable(task, this.#task)) return;
    this.#task = structuredClone(task);
    this.#updated = true;
    this.#interrupt(reasonUpdated);
  }

  /**
   * Streams the task's logs when its controller can (waiting for the controller if there is none
   * yet); resolves at once otherwise. Errors go to `onError`.
   */
  async logs(publisher: LogPublisher, options: LogSubscriptionOptions, signal?: AbortSignal): Promise<void> {
    if (!this.#controller && !this.#refused && !this.#closing) {
      this.#readyWaiters ??= [];
      const waiters = this.#readyWaiters;
      const ready = new Promise<void>((resolve) => waiters.push(resolve));
      await raceSignal(ready, signal).catch(() => {});
    }
    const controller = this.#controller;
    if (!hasLogs(controller)) return;
    try {
      await controller.logs(publisher, options, signal);
    } catch (error) {
      if (!signal?.aborted) this.#hooks.onError?.("logs", error, this.id);
    }
  }

  /**
   * Stops driving the task: cancels the operation in flight and resolves once the loop has ended.
   * Idempotent. The task's runtime is left as it is, and the controller is not called.
   */
  close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#interrupt(reasonClosed);
    }
    return this.#loop;
  }

  #interrupt(reason: DOMException): void {
    if (this.#round && !this.#round.signal.aborted) this.#round.abort(reason);
    this.#wake?.();
    if (this.#closing) this.#notifyReady();
  }

  /** Wakes the log streams waiting for the controller (or for the knowledge that there is none). */
  #notifyReady(): void {
    const waiters = this.#readyWaiters;
    this.#readyWaiters = undefined;
    for (const resolve of waiters ?? []) resolve();
  }

  async #run(): Promise<void> {
    while (!this.#closing) {
      if (this.#refused) {
        this.#updated = false;
        await this.#idle();
        continue;
      }
      // One signal serves every step until an update or close() aborts it.
      if (!this.#round || this.#round.signal.aborted) this.#round = new AbortController();
      const signal = this.#round.signal;
      let outcome: Outcome;
      try {
        outcome = await this.#next(signal);
      } catch (error) {
        outcome = await retryAfterFailure(error, () => this.#next(signal), {
          retry: this.#retry,
          signal,
          onFailure: ({ error: failure, attempt }) => this.#onFailure(failure, attempt),
        }).catch((): Outcome => "aborted");
      }
      if (outcome !== "aborted" && this.#retrying) {
        this.#retrying = undefined;
        this.#hooks.onRecovered?.(this.id);
      }
      if (outcome === "noop" && !this.#updated) await this.#idle();
    }
  }

  #next(signal: AbortSignal): Promise<"progress" | "noop"> {
    return this.#controller ? this.#step(this.#controller, signal) : this.#resolve(signal);
  }

  /** Gets the controller: progress once there is one (or the executor refused the task). */
  async #resolve(signal: AbortSignal): Promise<"progress"> {
    const result = await resolveController(this.task, this.#executor as Executor, this.#limiters, signal);
    await this.#report(result.status);
    if (result.retry) throw result.retry;
    if (result.controller) this.#controller = this.#limit(result.controller);
    else this.#refused = true;
    this.#notifyReady();
    return "progress";
  }

  /** One `Do` step (after the controller's `update` when the task changed). */
  async #step(controller: Controller, signal: AbortSignal): Promise<"progress" | "noop"> {
    const task = this.task;
    if (this.#updated) {
      this.#updated = false;
      try {
        await controller.update(task, signal);
      } catch (error) {
        if (!signal.aborted) this.#hooks.onError?.("update", error, this.id);
        return "progress";
      }
    }
    const { status, error } = await Do(task, controller, { signal });
    await this.#report(status);
    if (error === ErrTaskRetry) throw new RetryRequested(status.err ?? ErrTaskRetry.message);
    return error === ErrTaskNoop ? "noop" : "progress";
  }

  async #report(status: TaskStatus): Promise<void> {
    this.#status = status;
    try {
      await this.#reporter.updateTaskStatus(this.id, status);
    } catch (error) {
      this.#hooks.onError?.("report", error, this.id);
    }
  }

  #onFailure(error: unknown, attempt: number): void {
    if (!(error instanceof RetryRequested)) this.#hooks.onError?.("step", error, this.id);
    const since = this.#retrying?.since ?? new Date();
    this.#retrying = { taskId: this.id, attempt, error: errorMessage(error), since };
    this.#hooks.onRetrying?.(this.#retrying);
  }

  /** Waits until the task is updated or the manager closes. */
  #idle(): Promise<void> {
    if (this.#closing || this.#updated) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#wake = () => {
        this.#wake = undefined;
        resolve();
      };
    });
  }

  #limit(controller: Controller): Controller {
    return this.#limiters ? new LimitedController(controller, this.#limiters) : controller;
  }
}

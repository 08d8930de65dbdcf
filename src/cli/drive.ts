import { setTimeout as sleep } from "node:timers/promises";
import { type Controller, hasLogs } from "../controller/controller.js";
import { isAbortError } from "../exec/abort.js";
import { Do } from "../exec/do.js";
import { ErrControllerClosed, ErrTaskNoop, ErrTaskRetry, errorMessage } from "../exec/errors.js";
import type { Executor } from "../exec/executor.js";
import { Resolve } from "../exec/resolve.js";
import type { Task, TaskStatus } from "../exec/task.js";
import { isTerminalState, TaskState } from "../exec/task-state.js";
import type { Interrupts } from "./interrupts.js";
import type { Output } from "./output.js";

/** What {@link driveTask} needs. */
export interface DriveContext {
  executor: Executor;
  output: Output;
  interrupts: Interrupts;
  /** The clock for timings, in milliseconds. @defaultValue `performance.now` */
  now?: () => number;
  /** How long the output of a finished task may take to arrive. @defaultValue 2 000 ms */
  logDrainMs?: number;
  /** The longest wait between retries (they start at 100 ms and double). @defaultValue 5 000 ms */
  maxRetryDelayMs?: number;
}

/** Where the run left the task. */
export interface DriveResult {
  /** The task's last status: terminal, unless the run was interrupted before it had a controller. */
  status: TaskStatus;
  /** The task's controller, to remove and close. */
  controller?: Controller;
  /** Why the executor gave no controller. */
  error?: Error;
}

/**
 * Runs a task to a terminal state as an agent would: `Resolve`, then one `Do` step at a time,
 * retrying with a growing delay on `ErrTaskRetry`. Each state change is reported with its timing;
 * once the task has started, its output is followed and reported too, and drained before the
 * terminal state is. After an interrupt the desired state becomes SHUTDOWN.
 *
 * The task's `status` (and, on interrupt, `desiredState`) is updated in place.
 */
export async function driveTask(task: Task, context: DriveContext): Promise<DriveResult> {
  const { executor, output, interrupts } = context;
  const now = context.now ?? (() => performance.now());
  const began = now();
  let changedAt = began;
  const advance = (status: TaskStatus) => {
    const from = task.status;
    task.status = status;
    if (from.state === status.state) return;
    const at = now();
    output.state({ taskId: task.id, from, status, elapsedMs: at - began, durationMs: at - changedAt });
    changedAt = at;
  };
  const retry = async (attempt: number, reason = task.status.err) => {
    const delay = Math.min(100 * 2 ** attempt, context.maxRetryDelayMs ?? 5_000);
    output.retry(task.id, task.status, delay, reason);
    await sleep(delay, undefined, { signal: interrupts.requested ? undefined : interrupts.signal }).catch(() => {});
  };
  output.state({ taskId: task.id, status: task.status, elapsedMs: 0, durationMs: 0 });

  let controller: Controller | undefined;
  for (let attempt = 0; !controller; attempt++) {
    if (interrupts.requested) return { status: task.status };
    const result = await Resolve(task, executor, { signal: interrupts.signal });
    advance(result.status);
    controller = result.controller;
    if (!controller && isTerminalState(task.status.state)) return { status: task.status, error: result.error };
    if (!controller && !interrupts.requested) await retry(attempt, result.error?.message);
  }
  interrupts.setController(controller);

  const logs = new LogFollower(controller, output);
  for (let attempt = 0; !isTerminalState(task.status.state); ) {
    if (interrupts.requested) task.desiredState = TaskState.Shutdown;
    const signal = interrupts.requested ? undefined : interrupts.signal;
    const before = task.status.state;
    const { status, error } = await Do(task, controller, { signal });
    if (before === TaskState.Preparing && status.state !== before) output.pullEnded();
    if (before === TaskState.Starting && status.state !== before) logs.start();
    if (isTerminalState(status.state)) await logs.finish(context.logDrainMs ?? 2_000);
    advance(status);
    if (error === ErrTaskNoop && !isTerminalState(status.state)) break;
    if (error !== ErrTaskRetry) attempt = 0;
    else if (signal?.aborted) attempt = 0;
    else await retry(attempt++);
  }
  return { status: task.status, controller };
}

/** Follows a task's output from its start, and drains it when the task ends. */
class LogFollower {
  readonly #controller: Controller;
  readonly #output: Output;
  readonly #stop = new AbortController();
  #following: Promise<void> | undefined;

  constructor(controller: Controller, output: Output) {
    this.#controller = controller;
    this.#output = output;
  }

  start(): void {
    if (this.#following || !hasLogs(this.#controller)) return;
    const signal = this.#stop.signal;
    const publisher = { publish: (message: Parameters<Output["log"]>[0]) => this.#output.log(message) };
    this.#following = this.#controller.logs(publisher, { follow: true }, signal).catch((err: unknown) => {
      // A closed controller ends the output too: the task is being removed.
      if (!isAbortError(err, signal) && err !== ErrControllerClosed)
        this.#output.note(`the task's output stopped: ${errorMessage(err)}`);
    });
  }

  /** Waits up to `ms` for the output to end, then stops following it. */
  async finish(ms: number): Promise<void> {
    if (!this.#following) return;
    const timeout = new AbortController();
    await Promise.race([this.#following, sleep(ms, undefined, { signal: timeout.signal }).catch(() => {})]);
    timeout.abort();
    this.#stop.abort();
    await this.#following;
  }
}

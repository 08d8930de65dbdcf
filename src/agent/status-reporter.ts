import { raceSignal } from "../exec/abort.js";
import type { TaskStatus } from "../exec/task.js";
import { taskStatusesEqualStable, timeOf } from "../exec/task-status.js";
import { type ResolvedRetryOptions, type RetryOptions, resolveRetryOptions, retryUntilDone } from "./backoff.js";
import { checkReliableStatusReporterOptions } from "./options-schema.js";

/**
 * Receives task statuses: what a worker reports to (`worker.listen(reporter)`), and what the
 * agent's upstream implements. A rejection (or throw) means the status was not delivered.
 */
export interface StatusReporter {
  /**
   * Takes a task's new status. Resolving (or returning) means it was delivered; throwing or
   * rejecting means it was not.
   */
  updateTaskStatus(taskId: string, status: TaskStatus): Promise<void> | void;
}

/** Options of a {@link ReliableStatusReporter}. */
export interface ReliableStatusReporterOptions {
  /** Backoff between delivery rounds while the upstream fails. */
  retry?: RetryOptions;
  /** Told about each failed delivery (the status is kept and retried). */
  onError?(error: unknown, taskId: string): void;
}

/** Options of {@link ReliableStatusReporter.flush} and {@link ReliableStatusReporter.close}. */
export interface FlushOptions {
  /** Stops waiting; the returned promise then rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** Whether `a` is older than `b`: a lower state, or the same state with an earlier timestamp. */
function isOlder(a: TaskStatus, b: TaskStatus): boolean {
  if (a.state !== b.state) return a.state < b.state;
  const x = timeOf(a.timestamp);
  const y = timeOf(b.timestamp);
  return x !== undefined && y !== undefined && x < y;
}

function isSame(a: TaskStatus, b: TaskStatus): boolean {
  return taskStatusesEqualStable(a, b) && timeOf(a.timestamp) === timeOf(b.timestamp);
}

/**
 * Where a delivered status stands, as one number (state, then timestamp + 1, or 0 without one),
 * so that remembering it costs a number per task rather than a status.
 */
function positionOf(status: TaskStatus): number {
  return status.state * 2 ** 42 + ((timeOf(status.timestamp) ?? -1) + 1);
}

/**
 * Whether `status` is older than the delivered one at `position`, or the same one: same state and
 * same timestamp (`Do` changes the timestamp whenever anything else changes).
 */
function isBehind(status: TaskStatus, position: number): boolean {
  const state = Math.floor(position / 2 ** 42);
  if (status.state !== state) return status.state < state;
  const delivered = (position % 2 ** 42) - 1;
  const time = timeOf(status.timestamp);
  return delivered >= 0 && time !== undefined && time <= delivered;
}

/**
 * A status reporter that never fails and never loses the latest status: it keeps one pending
 * status per task (the latest wins) and delivers them to `upstream` in the background, one at a
 * time, coalescing what arrives within one turn of the event loop.
 *
 * An older status (a lower state, or the same state with an earlier timestamp) never replaces a
 * newer one, whether that one is pending, being sent or already delivered; a status equal to the
 * pending or sending one, or with the same state and timestamp as the delivered one, is dropped.
 * When the upstream fails, the failed statuses are kept (unless a newer one arrived) and the next
 * round waits an exponential, jittered, capped delay that starts from the shortest again after a
 * round that delivered everything. A delivery that fails does not stop the others of its round;
 * but while some delivery keeps failing, every round waits for the (capped) delay.
 *
 * Port of SwarmKit's `agent/reporter.go`, which retried in a tight loop and did not flush on close.
 */
export class ReliableStatusReporter implements StatusReporter {
  readonly #upstream: StatusReporter;
  readonly #options: ReliableStatusReporterOptions;
  readonly #retry: ResolvedRetryOptions;
  readonly #pending = new Map<string, TaskStatus>();
  readonly #sending = new Map<string, TaskStatus>();
  readonly #delivered = new Map<string, number>();
  readonly #stop = new AbortController();
  #draining: Promise<void> | undefined;
  #closed = false;

  /**
   * @param upstream - where statuses go; a rejection or throw means "not delivered, try again"
   * @param options - backoff and error reporting
   * @throws TypeError when `upstream` has no `updateTaskStatus`, and naming every invalid option:
   *   an unknown name (also inside `retry`) or a value of the wrong type or range (e.g.
   *   `ReliableStatusReporter options.retry.factor: expected a positive number, got 0`)
   */
  constructor(upstream: StatusReporter, options: ReliableStatusReporterOptions = {}) {
    if (typeof upstream?.updateTaskStatus !== "function") {
      throw new TypeError(
        "ReliableStatusReporter upstream: expected a StatusReporter (an object with updateTaskStatus)",
      );
    }
    checkReliableStatusReporterOptions(options);
    this.#upstream = upstream;
    this.#options = options;
    this.#retry = resolveRetryOptions(options.retry);
  }

  /** How many statuses wait for delivery (being sent included). */
  get pending(): number {
    let count = this.#sending.size;
    for (const taskId of this.#pending.keys()) if (!this.#sending.has(taskId)) count++;
    return count;
  }

  /** Queues a status for delivery; returns at once. Ignored after `close()`. */
  updateTaskStatus(taskId: string, status: TaskStatus): void {
    if (this.#closed) return;
    const latest = this.#pending.get(taskId) ?? this.#sending.get(taskId);
    if (latest ? isOlder(status, latest) || isSame(status, latest) : this.#isDelivered(taskId, status)) return;
    this.#pending.set(taskId, status);
    this.#kick();
  }

  #isDelivered(taskId: string, status: TaskStatus): boolean {
    const position = this.#delivered.get(taskId);
    return position !== undefined && isBehind(status, position);
  }

  /** Forgets what was delivered for a task (e.g. once it is removed), so memory stays bounded. */
  forget(taskId: string): void {
    this.#delivered.delete(taskId);
  }

  /** Resolves once every queued status was delivered. */
  async flush(options: FlushOptions = {}): Promise<void> {
    while (this.#draining) await raceSignal(this.#draining, options.signal);
  }

  /**
   * Stops accepting statuses and resolves once every queued one was delivered (retrying as
   * usual). When `signal` aborts first, delivery stops and the promise rejects with its reason;
   * `pending` then tells how many statuses were not delivered. Idempotent.
   */
  async close(options: FlushOptions = {}): Promise<void> {
    this.#closed = true;
    try {
      await this.flush(options);
    } finally {
      this.#stop.abort();
      await this.#draining;
    }
  }

  /** Starts delivering in the background unless that already runs. */
  #kick(): void {
    if (this.#draining || this.#stop.signal.aborted) return;
    const run: Promise<void> = this.#drain().finally(() => {
      if (this.#draining === run) this.#draining = undefined;
      if (this.#pending.size > 0) this.#kick();
    });
    this.#draining = run;
  }

  async #drain(): Promise<void> {
    // Lets the statuses of this turn of the event loop arrive first, so that they coalesce.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.#pending.size > 0 && !this.#stop.signal.aborted) {
        await retryUntilDone(() => this.#deliverAll(), { retry: this.#retry, signal: this.#stop.signal });
      }
    } catch {
      // Stopped by close(): what was not delivered stays pending.
    }
  }

  /** Delivers every pending status once; rejects after the round if any delivery failed. */
  async #deliverAll(): Promise<void> {
    let failure: { error: unknown } | undefined;
    for (const [taskId, status] of [...this.#pending]) {
      if (this.#stop.signal.aborted) break;
      this.#pending.delete(taskId);
      this.#sending.set(taskId, status);
      try {
        await this.#upstream.updateTaskStatus(taskId, status);
        this.#delivered.set(taskId, positionOf(status));
      } catch (error) {
        failure = { error };
        if (!this.#pending.has(taskId)) this.#pending.set(taskId, status);
        this.#options.onError?.(error, taskId);
      } finally {
        this.#sending.delete(taskId);
      }
    }
    if (failure) throw failure.error;
  }
}

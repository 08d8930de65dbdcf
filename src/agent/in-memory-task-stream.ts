import { raceSignal } from "../exec/abort.js";
import type { TaskStatus } from "../exec/task.js";
import type { AssignmentsMessage } from "./assignment.js";
import type { StatusReporter } from "./status-reporter.js";
import type { TaskStream } from "./task-stream.js";

/** A status an {@link InMemoryTaskStream} received. */
export interface ReceivedStatus {
  /** The task's id. */
  taskId: string;
  /** The status the agent reported, as it was delivered. */
  status: TaskStatus;
}

/**
 * A task stream held in memory, for tests and examples: `push` assignment messages, `end` the
 * stream, and read what the agent reported (`received`, `latest`, `waitFor`).
 *
 * Its messages can be iterated by one consumer at a time; each message is consumed once.
 */
export class InMemoryTaskStream implements TaskStream {
  readonly #queue: AssignmentsMessage[] = [];
  readonly #latest = new Map<string, TaskStatus>();
  readonly #received: ReceivedStatus[] = [];
  #wakeReader: (() => void) | undefined;
  readonly #statusWaiters = new Set<() => void>();
  #ended = false;
  #failures = 0;

  /** Receives the agent's statuses; rejects while failures set by `failNextStatuses` remain. */
  readonly statuses: StatusReporter = {
    updateTaskStatus: (taskId, status) => {
      if (this.#failures > 0) {
        this.#failures--;
        throw new Error("in-memory upstream: simulated failure");
      }
      this.#received.push({ taskId, status });
      this.#latest.set(taskId, status);
      for (const wake of this.#statusWaiters) wake();
    },
  };

  /** Queues a message for the agent. Throws a `TypeError` after `end()`. */
  push(message: AssignmentsMessage): void {
    if (this.#ended) throw new TypeError("InMemoryTaskStream: push after end()");
    this.#queue.push(message);
    this.#wakeReader?.();
  }

  /** Ends the stream: the agent's iteration finishes once the queued messages are consumed. */
  end(): void {
    this.#ended = true;
    this.#wakeReader?.();
  }

  /** Makes the next `count` status deliveries fail, as an unreachable upstream would. */
  failNextStatuses(count: number): void {
    this.#failures = count;
  }

  /** Every status received, in arrival order. */
  get received(): readonly ReceivedStatus[] {
    return this.#received;
  }

  /** The last status received for a task. */
  latest(taskId: string): TaskStatus | undefined {
    return this.#latest.get(taskId);
  }

  /** Resolves once `predicate` holds for the latest statuses; rejects with `signal.reason` on abort. */
  async waitFor(
    predicate: (latest: ReadonlyMap<string, TaskStatus>) => boolean,
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    while (!predicate(this.#latest)) {
      let wake: () => void = () => {};
      const changed = new Promise<void>((resolve) => {
        wake = resolve;
      });
      this.#statusWaiters.add(wake);
      try {
        await raceSignal(changed, options.signal);
      } finally {
        this.#statusWaiters.delete(wake);
      }
    }
  }

  /**
   * Yields the queued messages, then waits for more until `end()`; rejects with `signal.reason`
   * when `signal` aborts.
   */
  async *assignments(signal?: AbortSignal): AsyncIterable<AssignmentsMessage> {
    for (;;) {
      signal?.throwIfAborted();
      const message = this.#queue.shift();
      if (message) {
        yield message;
        continue;
      }
      if (this.#ended) return;
      const next = new Promise<void>((resolve) => {
        this.#wakeReader = resolve;
      });
      try {
        await raceSignal(next, signal);
      } finally {
        this.#wakeReader = undefined;
      }
    }
  }
}

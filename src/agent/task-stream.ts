import { raceSignal } from "../exec/abort.js";
import type { AssignmentsMessage } from "./assignment.js";
import { checkRunTaskStreamOptions } from "./options-schema.js";
import { ReliableStatusReporter, type ReliableStatusReporterOptions, type StatusReporter } from "./status-reporter.js";
import type { Worker } from "./worker.js";

/**
 * The link between a node agent and its orchestrator: assignment messages in, task statuses out.
 * Implement it over your transport (gRPC, WebSocket, a queue); `InMemoryTaskStream` is one for tests.
 */
export interface TaskStream {
  /**
   * The assignment messages, in order: usually a complete set first, then incremental changes.
   * The iteration ends when the link closes, and should stop when `signal` aborts.
   */
  assignments(signal?: AbortSignal): AsyncIterable<AssignmentsMessage>;
  /** Where task statuses go. A rejection means "not delivered": it is retried with backoff. */
  readonly statuses: StatusReporter;
}

/** Options of {@link runTaskStream}. */
export interface RunTaskStreamOptions {
  /** Stops following the stream; `runTaskStream` then rejects with its reason. */
  signal?: AbortSignal;
  /** Options of the `ReliableStatusReporter` in front of `stream.statuses`. */
  reporter?: ReliableStatusReporterOptions;
}

/**
 * Connects a worker (after `init()`) to a task stream until the stream ends: complete messages
 * go to `worker.assign`, incremental ones to `worker.update`, and every status (the stored ones
 * first) goes to `stream.statuses` through a `ReliableStatusReporter`.
 *
 * When the stream ends, resolves once every status was delivered. When `signal` aborts, stops at
 * once and rejects with its reason: undelivered statuses are not lost, since the worker stored
 * them and replays them to the next `listen`. An error from the worker or the stream rejects
 * after the same clean-up. The worker stays open either way. Invalid options (an unknown name,
 * also inside `reporter`, or a value of the wrong type) reject at once with a TypeError naming each.
 *
 * @example
 * ```ts
 * await worker.init();
 * await runTaskStream(worker, stream, { signal });
 * ```
 */
export async function runTaskStream(
  worker: Worker,
  stream: TaskStream,
  options: RunTaskStreamOptions = {},
): Promise<void> {
  checkRunTaskStreamOptions(options);
  const { signal } = options;
  signal?.throwIfAborted();
  const reporter = new ReliableStatusReporter(stream.statuses, options.reporter);
  const forget = (taskId: string) => reporter.forget(taskId);
  worker.on("taskRemoved", forget);
  const unlisten = worker.listen(reporter);
  const messages = stream.assignments(signal)[Symbol.asyncIterator]();
  let ended = false;
  try {
    for (;;) {
      const next = await raceSignal(messages.next(), signal);
      if (next.done) {
        ended = true;
        break;
      }
      const message = next.value;
      if (message.type === "complete") await worker.assign(message.changes);
      else await worker.update(message.changes);
    }
  } finally {
    unlisten();
    worker.off("taskRemoved", forget);
    if (!ended) void messages.return?.()?.catch?.(() => {});
    await reporter.close(ended ? {} : { signal: AbortSignal.abort() }).catch(() => {});
  }
}

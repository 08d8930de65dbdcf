import { raceSignal } from "../exec/abort.js";
import type { LogContext, LogPublisher, LogSubscriptionOptions } from "../logs/types.js";
import type { LogBuffer, LogLine } from "./log-buffer.js";

/**
 * Publishes a task's output from `buffer` as the options ask:
 *
 * - `streams` keeps only those streams (absent or empty: both);
 * - `since` keeps lines complete at or after that time;
 * - `tail: N` then keeps only the last N of the lines already there (0: none of them);
 * - `follow` goes on with each new line until the output ends (the process exited and its
 *   streams closed, or the task was removed) or `signal` aborts.
 *
 * Without `follow` it publishes what is there and resolves, even when the task has not
 * started. A publish that rejects stops the subscription with that error.
 *
 * @throws TypeError for a `tail` that is not a non-negative integer, or a `since` that is not a date
 */
export async function publishLogs(
  buffer: LogBuffer,
  context: LogContext,
  publisher: LogPublisher,
  options: LogSubscriptionOptions,
  signal: AbortSignal,
): Promise<void> {
  const { tail, since } = options;
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) {
    throw new TypeError(`logs: tail must be a non-negative integer, got ${String(tail)}`);
  }
  if (since !== undefined && !(since instanceof Date && !Number.isNaN(since.getTime()))) {
    throw new TypeError("logs: since must be a valid Date");
  }
  const streams = options.streams?.length ? new Set(options.streams) : undefined;
  const wanted = (line: LogLine) =>
    (!streams || streams.has(line.stream)) && (!since || line.timestamp.getTime() >= since.getTime());
  const publish = async (line: LogLine) => {
    signal.throwIfAborted();
    await publisher.publish(
      { context: { ...context }, timestamp: line.timestamp, stream: line.stream, data: line.data },
      signal,
    );
  };

  let cursor = buffer.nextSeq;
  const history = buffer.lines().filter(wanted);
  for (const line of tail === undefined ? history : history.slice(Math.max(0, history.length - tail))) {
    await publish(line);
  }
  if (!options.follow) return;
  for (;;) {
    for (const line of buffer.linesFrom(cursor)) {
      cursor = line.seq + 1;
      if (wanted(line)) await publish(line);
    }
    if (cursor < buffer.nextSeq) continue;
    if (buffer.ended) return;
    await raceSignal(buffer.changed(), signal);
  }
}

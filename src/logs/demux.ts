import { z } from "zod";
import { checkOptions, rule, rules } from "../exec/options.js";
import { DockerLogDecoder } from "./docker-log-decoder.js";
import type { DecoderSettings, DockerLogMessage } from "./docker-log-message.js";
import { MessageIterator } from "./message-iterator.js";
import type { LogContext, LogStream } from "./types.js";

/** Options of {@link demuxDockerLogs}. */
export interface DemuxOptions {
  /** Copied (by reference) into every message. */
  context: LogContext;
  /**
   * The container has a TTY: the stream is raw output without frame headers, all of it stdout.
   * @defaultValue `false`
   */
  tty?: boolean;
  /**
   * Each entry starts with an RFC 3339 timestamp and a space (Docker's `timestamps=true`), which is
   * split off into `timestamp` and `rawTimestamp`. Without it, `timestamp` is when the chunk
   * carrying the data was read.
   * @defaultValue `false`
   */
  timestamps?: boolean;
  /** Streams to yield; absent or empty means both. @defaultValue both */
  streams?: LogStream[];
  /**
   * A line that grows past this many bytes without a newline is yielded in parts of about this
   * size, so one endless line cannot exhaust memory.
   * @defaultValue 1 MiB
   */
  maxLineBytes?: number;
  /** The clock read for `timestamp` without `timestamps`. @defaultValue `() => new Date()` */
  now?: () => Date;
}

const allStreams: readonly LogStream[] = ["stdout", "stderr"];

/**
 * Reads a Docker log (or attach) stream and yields one message per line.
 *
 * Multiplexed mode (the default): a sequence of frames, each an 8-byte header (byte 0 the stream:
 * 0 or 1 stdout, 2 stderr, 3 an engine error; bytes 1–3 zero; bytes 4–7 the big-endian payload
 * length) and the payload. Raw mode (`tty`): the bytes themselves, all stdout.
 *
 * - **Lines.** Each message is one line including its `\n`; the last line of the stream may lack
 *   it. With `timestamps`, each frame's payload starts with the timestamp (raw mode: each line).
 *   Several lines in one frame share its timestamp.
 * - **Lines across frames.** Docker cuts lines longer than 16 KiB into partial entries, one frame
 *   each, the last ending in `\n`. A frame that does not end in `\n` is held and joined with the
 *   following frames of the same stream until one ends a line (or it reaches `maxLineBytes`, or
 *   the stream ends): one message, whose `timestamp` is the first part's and whose `rawTimestamp`
 *   is the last part's, so resuming after it (`dockerSinceAfter`) neither repeats nor skips a part.
 *   In raw mode, frame boundaries are unknown: a partial entry's successor timestamp stays in the data.
 * - **Chunks.** Frames, headers and timestamps may be cut across chunks at any byte.
 * - **Backpressure.** Pull-based: the next chunk is read only when the messages decoded from the
 *   previous one have been consumed, and at most one line per stream is held. Breaking out of the
 *   loop calls the source iterator's `return()` (which destroys a Node stream).
 * - **Memory.** A message's `data` may be a view into the chunk it came from (no copy): a source
 *   must not reuse a chunk's buffer after yielding it (Node streams never do).
 *
 * Errors (after yielding every message decoded before the problem), as `ExecError`s:
 * `EXEC_LOG_MALFORMED_FRAME` (a header Docker does not write, e.g. a TTY stream read as
 * multiplexed), `EXEC_LOG_INVALID_TIMESTAMP`, `EXEC_LOG_ENGINE_ERROR` (a stream-3 frame; its text
 * is in the message), `EXEC_LOG_NOT_BYTES` (the source yielded strings), `EXEC_LOG_TRUNCATED`
 * (the source ended inside a frame: held lines of complete frames are yielded first; the bytes of
 * the cut frame are dropped, so resuming after the last `rawTimestamp` reads that entry again).
 * Errors of the source pass through.
 *
 * @throws TypeError at once for invalid options, naming each (an unknown option, e.g.
 *   `demuxDockerLogs options: unknown option "timestamp" (did you mean "timestamps"?)`, or a bad value)
 *
 * @example
 * ```ts
 * const stream = await container.logs({ follow: true, stdout: true, stderr: true, timestamps: true });
 * for await (const message of demuxDockerLogs(stream, { context: { taskId }, timestamps: true })) {
 *   await publisher.publish(message, signal);
 * }
 * ```
 */
export function demuxDockerLogs(
  source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  options: DemuxOptions,
): AsyncIterableIterator<DockerLogMessage> {
  const settings = settingsOf(options);
  return new MessageIterator(source as AsyncIterable<Uint8Array | string>, new DockerLogDecoder(settings));
}

const demuxOptions = z.strictObject({
  context: z.strictObject({ taskId: rule((v) => typeof v === "string", "a string") }).loose(),
  tty: rules.boolean(),
  timestamps: rules.boolean(),
  streams: rule(
    (v) => Array.isArray(v) && v.every((s) => allStreams.includes(s)),
    'a list holding only "stdout" and "stderr"',
  ),
  maxLineBytes: rules.positiveInteger(),
  now: rules.function(),
});

function settingsOf(options: DemuxOptions): DecoderSettings {
  checkOptions("demuxDockerLogs", demuxOptions, options);
  if (options.context.taskId === undefined) {
    throw new TypeError("demuxDockerLogs options.context.taskId: expected a string, got undefined");
  }
  const { context, streams, maxLineBytes = 1024 * 1024, now = () => new Date() } = options;
  return {
    context,
    tty: options.tty === true,
    timestamps: options.timestamps === true,
    streams: new Set(streams && streams.length > 0 ? streams : allStreams),
    maxLineBytes,
    now,
  };
}

import { ExecError } from "../exec/errors.js";
import type { DecoderSettings, DockerLogMessage } from "./docker-log-message.js";
import { LogErrorCode } from "./errors.js";
import { LineBuffer } from "./line-buffer.js";
import { LogTimestampParser } from "./timestamp.js";
import type { LogStream } from "./types.js";

const space = 0x20;
const maxTimestampLength = 64;
const maxEngineErrorLength = 64 * 1024;

/**
 * Decodes Docker's log stream incrementally: chunks in, messages out (`out`). Pure and
 * synchronous; `demuxDockerLogs` pulls chunks and drains `out`. A decoding error is recorded in
 * `failure` (after the messages before it) and stops decoding.
 *
 * @internal
 */
export class DockerLogDecoder {
  readonly out: DockerLogMessage[] = [];
  failure: ExecError | undefined;
  readonly #settings: DecoderSettings;
  readonly #lines: Record<LogStream, LineBuffer>;
  readonly #parser = new LogTimestampParser();
  #offset = 0;
  #header = new Uint8Array(8);
  #headerFill = 0;
  #remaining = 0;
  #frameStart = 0;
  #stream: LogStream = "stdout";
  #engineError: Uint8Array[] | undefined;
  #expectTimestamp: boolean;
  #timestampText = "";
  #timestamp = new Date(0);
  #raw: string | undefined;
  #order = 0;

  constructor(settings: DecoderSettings) {
    this.#settings = settings;
    const sink = settings.timestamps
      ? (stream: LogStream, data: Uint8Array, timestamp: Date, rawTimestamp: string | undefined) =>
          this.out.push({ context: settings.context, timestamp, stream, data, rawTimestamp })
      : (stream: LogStream, data: Uint8Array, timestamp: Date) =>
          this.out.push({ context: settings.context, timestamp, stream, data });
    this.#lines = {
      stdout: new LineBuffer("stdout", settings.maxLineBytes, sink),
      stderr: new LineBuffer("stderr", settings.maxLineBytes, sink),
    };
    this.#expectTimestamp = settings.tty && settings.timestamps;
  }

  /** Decodes one chunk. */
  push(chunk: Uint8Array): void {
    if (this.failure) return;
    if (!this.#settings.timestamps) this.#timestamp = this.#settings.now();
    try {
      if (this.#settings.tty) this.#payload(chunk, 0, chunk.length);
      else this.#frames(chunk);
    } catch (err) {
      if (!(err instanceof ExecError)) throw err;
      this.failure = err;
    }
    this.#offset += chunk.length;
  }

  /** The source ended: passes on held lines; records `failure` if it ended inside a frame or timestamp. */
  end(): void {
    if (this.failure) return;
    const truncated = this.#settings.tty
      ? this.#expectTimestamp && this.#timestampText !== ""
      : this.#headerFill > 0 || this.#remaining > 0;
    if (truncated && !this.#settings.tty) this.#lines[this.#stream].rollback();
    const held = [this.#lines.stdout, this.#lines.stderr].filter((line) => line.holding);
    for (const line of held.sort((a, b) => a.order - b.order)) line.flush();
    if (truncated) {
      this.failure = new ExecError(
        LogErrorCode.Truncated,
        `log stream ended inside the frame or timestamp at byte offset ${this.#frameStart}`,
      );
    }
  }

  #frames(chunk: Uint8Array): void {
    const length = chunk.length;
    let p = 0;
    while (p < length) {
      if (this.#remaining === 0) {
        if (this.#headerFill === 0 && length - p >= 8) {
          this.#startFrame(chunk, p, this.#offset + p);
          p += 8;
        } else {
          const take = Math.min(8 - this.#headerFill, length - p);
          this.#header.set(chunk.subarray(p, p + take), this.#headerFill);
          if (this.#headerFill === 0) this.#frameStart = this.#offset + p;
          this.#headerFill += take;
          p += take;
          if (this.#headerFill === 8) {
            this.#headerFill = 0;
            this.#startFrame(this.#header, 0, this.#frameStart);
          }
        }
        continue;
      }
      const take = Math.min(this.#remaining, length - p);
      this.#payload(chunk, p, p + take);
      this.#remaining -= take;
      p += take;
      if (this.#remaining === 0) this.#endFrame();
    }
  }

  #startFrame(header: Uint8Array, at: number, offset: number): void {
    this.#frameStart = offset;
    const type = header[at] as number;
    if (((header[at + 1] as number) | (header[at + 2] as number) | (header[at + 3] as number)) !== 0 || type > 3) {
      throw new ExecError(
        LogErrorCode.MalformedFrame,
        `malformed log frame header at byte offset ${offset} (stream type ${type}); is this a TTY stream?`,
      );
    }
    this.#stream = type === 2 ? "stderr" : "stdout";
    this.#engineError = type === 3 ? [] : undefined;
    this.#remaining =
      (header[at + 4] as number) * 0x1000000 +
      (((header[at + 5] as number) << 16) | ((header[at + 6] as number) << 8) | (header[at + 7] as number));
    this.#expectTimestamp = this.#settings.timestamps && type !== 3;
    this.#timestampText = "";
    this.#lines[this.#stream].mark();
    if (this.#remaining === 0) this.#endFrame();
  }

  #endFrame(): void {
    if (this.#engineError) {
      const text = new TextDecoder().decode(Buffer.concat(this.#engineError)).trim();
      throw new ExecError(LogErrorCode.EngineError, `the engine reported an error in the log stream: ${text}`);
    }
    if (this.#expectTimestamp) {
      throw new ExecError(
        LogErrorCode.InvalidTimestamp,
        `log frame at byte offset ${this.#frameStart} has no timestamp`,
      );
    }
  }

  /** Decodes payload bytes `chunk[start..end)` of the current frame (or of the TTY stream). */
  #payload(chunk: Uint8Array, start: number, end: number): void {
    if (this.#engineError) {
      const room = maxEngineErrorLength - this.#engineError.reduce((sum, part) => sum + part.length, 0);
      this.#engineError.push(new Uint8Array(chunk.subarray(start, Math.min(end, start + Math.max(room, 0)))));
      return;
    }
    const line = this.#lines[this.#stream];
    const wanted = this.#settings.streams.has(this.#stream);
    const perLine = this.#settings.tty && this.#settings.timestamps;
    let p = start;
    while (p < end) {
      if (this.#expectTimestamp) {
        p = this.#readTimestamp(chunk, p, end);
        continue;
      }
      const rest = chunk.subarray(p, end);
      const newline = perLine ? rest.indexOf(10) : -1;
      const piece = newline === -1 ? rest : rest.subarray(0, newline + 1);
      if (wanted) line.feed(piece, this.#timestamp, this.#raw, this.#order++);
      p += piece.length;
      if (newline !== -1) this.#expectTimestamp = true;
    }
  }

  /** Reads timestamp bytes from `p`; returns where the payload continues. */
  #readTimestamp(chunk: Uint8Array, p: number, end: number): number {
    if (this.#settings.tty && this.#timestampText === "") this.#frameStart = this.#offset + p;
    const limit = Math.min(end, p + maxTimestampLength + 1);
    const found = chunk.indexOf(space, p);
    const complete = found !== -1 && found < limit;
    const at = complete ? found : limit;
    const part = latin1(chunk, p, at);
    this.#timestampText = this.#timestampText === "" ? part : this.#timestampText + part;
    if (this.#timestampText.length > maxTimestampLength) {
      throw new ExecError(LogErrorCode.InvalidTimestamp, `no timestamp at byte offset ${this.#frameStart}`);
    }
    if (!complete) return at;
    try {
      this.#timestamp = this.#parser.parse(this.#timestampText);
    } catch (err) {
      throw new ExecError(LogErrorCode.InvalidTimestamp, `invalid timestamp at byte offset ${this.#frameStart}`, {
        cause: err,
      });
    }
    this.#raw = this.#timestampText;
    this.#timestampText = "";
    this.#expectTimestamp = false;
    return at + 1;
  }
}

/** Bytes `[start, end)` as latin1 text (a timestamp is ASCII): `Buffer#toString` when it is a Buffer, the faster path. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (Buffer.isBuffer(bytes)) return bytes.toString("latin1", start, end);
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

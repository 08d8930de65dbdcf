import type { LogStream } from "../logs/types.js";

/** One line of a task's output, with its trailing newline (absent only on a cut or last line). */
export interface LogLine {
  /** Position in the task's output, counting from 0 across both streams. */
  seq: number;
  stream: LogStream;
  /** When the line was complete. */
  timestamp: Date;
  data: Uint8Array;
}

/** Limits of a {@link LogBuffer}. */
export interface LogBufferLimits {
  /** Bytes of output kept; the oldest lines are dropped beyond it. */
  maxBytes: number;
  /** A line longer than this is cut into pieces of this size (Docker cuts at 16 KiB). */
  maxLineBytes: number;
}

const newline = 0x0a;

/**
 * A task's output as lines, per stream, with the time each line was complete. It keeps the
 * last `maxBytes` of output and lets readers wait for more until the output {@link end}s.
 */
export class LogBuffer {
  readonly #limits: LogBufferLimits;
  #lines: LogLine[] = [];
  #first = 0;
  #bytes = 0;
  #nextSeq = 0;
  #ended = false;
  readonly #partial: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  #wake: (() => void) | undefined;
  #changed: Promise<void> | undefined;

  /** @param limits - how much to keep */
  constructor(limits: LogBufferLimits) {
    this.#limits = limits;
  }

  /** The sequence number the next line will get. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** Whether the output is complete: no line will be added. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Adds a chunk of a stream's output received at `at`, completing lines at each newline. */
  write(stream: LogStream, chunk: Buffer, at: Date): void {
    if (this.#ended) return;
    const partial = this.#partial[stream];
    let start = 0;
    for (let end = chunk.indexOf(newline); end !== -1; end = chunk.indexOf(newline, start)) {
      partial.push(chunk.subarray(start, end + 1));
      this.#completeLine(stream, at);
      start = end + 1;
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
    while (partialLength(partial) >= this.#limits.maxLineBytes) {
      const joined = Buffer.concat(partial);
      partial.length = 0;
      partial.push(joined.subarray(0, this.#limits.maxLineBytes));
      this.#completeLine(stream, at);
      if (joined.length > this.#limits.maxLineBytes) partial.push(joined.subarray(this.#limits.maxLineBytes));
    }
  }

  /** Ends a stream: its unfinished last line becomes a line of its own. */
  flush(stream: LogStream, at: Date): void {
    if (!this.#ended && partialLength(this.#partial[stream]) > 0) this.#completeLine(stream, at);
  }

  /** Marks the output complete and wakes every reader. Idempotent. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** The lines kept, oldest first. */
  lines(): LogLine[] {
    return this.#lines.slice(this.#first);
  }

  /** The lines kept whose sequence number is `seq` or later, oldest first. */
  linesFrom(seq: number): LogLine[] {
    const oldest = this.#lines[this.#first]?.seq ?? this.#nextSeq;
    return this.#lines.slice(this.#first + Math.max(0, seq - oldest));
  }

  /** Resolves at the next new line or at the end (at once when already ended). */
  changed(): Promise<void> {
    if (this.#ended) return Promise.resolve();
    this.#changed ??= new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    return this.#changed;
  }

  #completeLine(stream: LogStream, at: Date): void {
    const data = Buffer.concat(this.#partial[stream]);
    this.#partial[stream].length = 0;
    this.#lines.push({ seq: this.#nextSeq++, stream, timestamp: at, data });
    this.#bytes += data.length;
    while (this.#bytes > this.#limits.maxBytes && this.#first < this.#lines.length - 1) {
      this.#bytes -= (this.#lines[this.#first] as LogLine).data.length;
      this.#first++;
    }
    if (this.#first > 1024 && this.#first * 2 > this.#lines.length) {
      this.#lines = this.#lines.slice(this.#first);
      this.#first = 0;
    }
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    this.#changed = undefined;
    wake?.();
  }
}

function partialLength(parts: readonly Buffer[]): number {
  let length = 0;
  for (const part of parts) length += part.length;
  return length;
}

import type { LogStream } from "./types.js";

/** Receives one assembled line (or piece of an over-long or unterminated line). @internal */
export type LineSink = (stream: LogStream, data: Uint8Array, timestamp: Date, rawTimestamp: string | undefined) => void;

/**
 * Assembles the lines of one stream from the pieces that frames and chunks cut them into.
 *
 * A line wholly inside one piece is passed on as a view of that piece (no copy); a line made of
 * several pieces is copied into one array. A held line takes the timestamp of its first piece
 * and the raw timestamp of its last (the point to resume after). No part passed on is longer
 * than `maxLineBytes`: a longer line is passed on in parts of that size.
 *
 * @internal
 */
export class LineBuffer {
  #pieces: Uint8Array[] = [];
  #size = 0;
  #timestamp = new Date(0);
  #raw: string | undefined;
  #mark = 0;
  #markRaw: string | undefined;
  /** When the held line started, relative to the other streams' (for flushing in order). */
  order = 0;

  constructor(
    readonly stream: LogStream,
    readonly maxLineBytes: number,
    readonly sink: LineSink,
  ) {}

  /** Whether part of a line is held. */
  get holding(): boolean {
    return this.#pieces.length > 0;
  }

  /** Passes on every complete line of `bytes` and holds what follows the last newline. */
  feed(bytes: Uint8Array, timestamp: Date, raw: string | undefined, order: number): void {
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(10, start);
      const end = newline === -1 ? bytes.length : newline + 1;
      if (newline !== -1 && this.#pieces.length === 0 && end - start <= this.maxLineBytes) {
        this.sink(
          this.stream,
          start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end),
          timestamp,
          raw,
        );
      } else {
        for (let p = start; p < end; ) {
          const take = Math.min(this.maxLineBytes - this.#size, end - p);
          this.#hold(bytes.subarray(p, p + take), timestamp, raw, order);
          p += take;
        }
        if (newline !== -1) this.flush();
      }
      start = end;
    }
  }

  /** Holds a piece (copied: the source may reuse its buffer); passes the line on when it is full. */
  #hold(piece: Uint8Array, timestamp: Date, raw: string | undefined, order: number): void {
    if (this.#pieces.length === 0) {
      this.#timestamp = timestamp;
      this.order = order;
    }
    this.#pieces.push(new Uint8Array(piece)); // a copy (Buffer#slice would be a view)
    this.#size += piece.length;
    this.#raw = raw;
    if (this.#size >= this.maxLineBytes) this.flush();
  }

  /** Passes on the held line, if any. */
  flush(): void {
    if (this.#pieces.length === 0) return;
    const pieces = this.#pieces;
    let data: Uint8Array;
    if (pieces.length === 1) data = pieces[0] as Uint8Array;
    else {
      data = new Uint8Array(this.#size);
      let at = 0;
      for (const piece of pieces) {
        data.set(piece, at);
        at += piece.length;
      }
    }
    this.#pieces = [];
    this.#size = 0;
    this.#mark = 0;
    this.sink(this.stream, data, this.#timestamp, this.#raw);
  }

  /** Remembers what is held now, before a frame adds to it. */
  mark(): void {
    this.#mark = this.#pieces.length;
    this.#markRaw = this.#raw;
  }

  /** Forgets what was added since {@link mark} (the frame that added it was cut short). */
  rollback(): void {
    this.#pieces.length = this.#mark;
    this.#size = this.#pieces.reduce((sum, piece) => sum + piece.length, 0);
    this.#raw = this.#markRaw;
  }
}

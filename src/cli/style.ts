/** Where the CLI writes: a stream, and whether it is a terminal. */
export interface OutputStream {
  write(chunk: string | Uint8Array): boolean;
  once(event: "drain" | "close", listener: () => void): unknown;
  readonly isTTY?: boolean;
  /** `false` once the stream failed or ended (its reader went away): writes go nowhere. */
  readonly writable?: boolean;
}

/**
 * Whether to colour what goes to `stream`: only on a terminal, never when `NO_COLOR` is set to
 * anything but the empty string (no-color.org) or `TERM` is `dumb`.
 */
export function usesColor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
}

/** Text styles; each is the identity when colours are off. */
export interface Style {
  /** Whether the styles add ANSI codes (and the progress bar may redraw its line). */
  readonly ansi: boolean;
  /** A state name coloured by how it ended: green COMPLETE, red FAILED/REJECTED, yellow SHUTDOWN. */
  state(name: string): string;
  /** Less important text: timings. */
  dim(text: string): string;
  /** An error. */
  red(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;
const stateColors: Record<string, (text: string) => string> = {
  COMPLETE: sgr(32, 39),
  FAILED: sgr(31, 39),
  REJECTED: sgr(31, 39),
  SHUTDOWN: sgr(33, 39),
};

/** The styles for a stream: ANSI colours when {@link usesColor}, else plain text. */
export function styleFor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): Style {
  if (!usesColor(stream, env)) return { ansi: false, state: plain, dim: plain, red: plain };
  const bold = sgr(1, 22);
  return {
    ansi: true,
    state: (name) => (stateColors[name.trim()] ?? bold)(name),
    dim: sgr(2, 22),
    red: sgr(31, 39),
  };
}

/**
 * Writes to a stream, resolving once it can take more: after `drain` when its buffer is full, at
 * once when the stream is closed (a closed stream never drains; its writes are lost).
 */
export function writeTo(stream: OutputStream, chunk: string | Uint8Array): Promise<void> | undefined {
  if (isClosed(stream) || stream.write(chunk) || isClosed(stream)) return undefined;
  return drained(stream);
}

const isClosed = (stream: OutputStream) => stream.writable === false;
const drainWaits = new WeakMap<OutputStream, Promise<void>>();
const closedStreams = new WeakMap<OutputStream, Promise<void>>();

/** Resolves on the stream's next `drain` or its close; writers waiting together share one listener. */
function drained(stream: OutputStream): Promise<void> {
  let wait = drainWaits.get(stream);
  if (!wait) {
    const drain = new Promise<void>((resolve) => stream.once("drain", resolve));
    wait = Promise.race([drain, closed(stream)]).finally(() => drainWaits.delete(stream));
    drainWaits.set(stream, wait);
  }
  return wait;
}

/** Resolves when `stream` closes; one listener per stream, however many writes wait. */
function closed(stream: OutputStream): Promise<void> {
  let promise = closedStreams.get(stream);
  if (!promise) {
    promise = new Promise<void>((resolve) => stream.once("close", resolve));
    closedStreams.set(stream, promise);
  }
  return promise;
}

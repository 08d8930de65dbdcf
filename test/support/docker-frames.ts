/** Helpers to build Docker log streams and to decode them the simple way, for tests. */

/** How a test writes a timestamp: Docker's fixed nine digits, Go's trimmed zeros, or with an offset. */
export type StampForm = "fixed" | "trimmed" | "offset";

/** One frame: stream type byte and payload. */
export interface Frame {
  type: number;
  payload: Uint8Array;
}

/** What a decoded message looks like when compared: data as latin1 text (byte for byte). */
export interface Decoded {
  stream: "stdout" | "stderr";
  data: string;
  rawTimestamp?: string;
  ms?: number;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");

/** An RFC 3339 timestamp of `epochNanos`, written in the given form. */
export function stamp(epochNanos: bigint, form: StampForm = "fixed"): string {
  const ms = Number(epochNanos / 1_000_000n);
  const fraction = (epochNanos % 1_000_000_000n).toString().padStart(9, "0");
  if (form === "offset") {
    const local = new Date(ms + (2 * 60 + 30) * 60_000).toISOString().slice(0, 19);
    return `${local}.${fraction}+02:30`;
  }
  const base = new Date(ms).toISOString().slice(0, 19);
  if (form === "fixed") return `${base}.${fraction}Z`;
  const trimmed = fraction.replace(/0+$/, "");
  return trimmed === "" ? `${base}Z` : `${base}.${trimmed}Z`;
}

/** The bytes of one frame: 8-byte header and payload. */
export function encodeFrame(type: number, payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  const frame = new Uint8Array(8 + body.length);
  frame[0] = type;
  new DataView(frame.buffer).setUint32(4, body.length);
  frame.set(body, 8);
  return frame;
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** `bytes` cut at the given offsets (sorted, de-duplicated, within bounds) into fresh chunks. */
export function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

/** An async iterable over the chunks, counting how many were pulled. */
export function source(
  chunks: readonly Uint8Array[],
): AsyncIterable<Uint8Array> & { pulled: number; returned: boolean } {
  const counted = {
    pulled: 0,
    returned: false,
    async *[Symbol.asyncIterator]() {
      try {
        for (const chunk of chunks) {
          counted.pulled++;
          yield chunk;
        }
      } finally {
        counted.returned = true;
      }
    },
  };
  return counted;
}

/** The messages of a decoded stream, reduced to comparable values. */
export async function collect(
  messages: AsyncIterable<{ stream: "stdout" | "stderr"; data: Uint8Array; rawTimestamp?: string; timestamp: Date }>,
  withTimestamps: boolean,
): Promise<Decoded[]> {
  const out: Decoded[] = [];
  for await (const m of messages) {
    out.push(
      withTimestamps
        ? { stream: m.stream, data: latin1(m.data), rawTimestamp: m.rawTimestamp as string, ms: m.timestamp.getTime() }
        : { stream: m.stream, data: latin1(m.data) },
    );
  }
  return out;
}

/** The milliseconds of a timestamp written by {@link stamp}. */
export function msOf(text: string): number {
  return Date.parse(text);
}

interface Pending {
  data: string;
  rawTimestamp?: string;
  ms?: number;
  order: number;
}

/**
 * The reference decode: the whole stream at once, frame by frame, joining a frame that does not
 * end a line with the next frames of its stream. What the streaming decoder must agree with.
 */
export function referenceDecode(
  bytes: Uint8Array,
  options: { tty?: boolean; timestamps?: boolean; streams?: ("stdout" | "stderr")[] },
): Decoded[] {
  const wanted = new Set(options.streams?.length ? options.streams : ["stdout", "stderr"]);
  const out: Decoded[] = [];
  const push = (stream: "stdout" | "stderr", data: string, rawTimestamp?: string, ms?: number) => {
    if (!wanted.has(stream)) return;
    out.push(
      options.timestamps ? { stream, data, rawTimestamp: rawTimestamp as string, ms: ms as number } : { stream, data },
    );
  };
  const text = latin1(bytes);
  if (options.tty) {
    for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
      if (!options.timestamps) push("stdout", line);
      else {
        const space = line.indexOf(" ");
        const data = line.slice(space + 1);
        if (data !== "") push("stdout", data, line.slice(0, space), msOf(line.slice(0, space)));
      }
    }
    return out;
  }
  const pending = new Map<"stdout" | "stderr", Pending>();
  let order = 0;
  for (let p = 0; p < bytes.length; ) {
    const type = bytes[p] as number;
    const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(p + 4);
    let payload = text.slice(p + 8, p + 8 + size);
    p += 8 + size;
    const stream = type === 2 ? "stderr" : "stdout";
    let raw: string | undefined;
    if (options.timestamps) {
      const space = payload.indexOf(" ");
      raw = payload.slice(0, space);
      payload = payload.slice(space + 1);
    }
    const ms = raw === undefined ? undefined : msOf(raw);
    const pieces = payload.split("\n");
    const rest = pieces.pop() as string;
    for (const piece of pieces) {
      const held = pending.get(stream);
      pending.delete(stream);
      push(stream, (held?.data ?? "") + piece + "\n", raw, held ? held.ms : ms);
    }
    if (rest !== "") {
      const held = pending.get(stream);
      if (held) {
        held.data += rest;
        held.rawTimestamp = raw;
      } else pending.set(stream, { data: rest, rawTimestamp: raw, ms, order: order++ });
    }
  }
  for (const [stream, held] of [...pending.entries()].sort((a, b) => a[1].order - b[1].order)) {
    push(stream, held.data, held.rawTimestamp, held.ms);
  }
  return out;
}

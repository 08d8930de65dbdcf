// Stand-in for issue 3's `demuxDockerLogs` (see ../upstream.ts): frames (or raw TTY bytes) split
// into lines, with Docker's timestamps split off; replaced on integration.
import type { LogContext, LogMessage, LogStream } from "../../logs/types.js";

/** @internal */
export interface DockerLogMessage extends LogMessage {
  rawTimestamp?: string;
}

/** @internal */
export interface DemuxOptions {
  context: LogContext;
  tty?: boolean;
  timestamps?: boolean;
  streams?: LogStream[];
}

/** @internal */
export async function* demuxDockerLogs(
  source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  options: DemuxOptions,
): AsyncIterableIterator<DockerLogMessage> {
  const wanted = new Set(options.streams?.length ? options.streams : ["stdout", "stderr"]);
  const held: Record<LogStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  let pending = Buffer.alloc(0);
  const lines = function* (stream: LogStream, payload: Buffer): Generator<DockerLogMessage> {
    let data = Buffer.concat([held[stream], payload]);
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
      yield message(stream, data.subarray(0, nl + 1));
      data = data.subarray(nl + 1);
    }
    held[stream] = data;
  };
  const message = (stream: LogStream, line: Buffer): DockerLogMessage => {
    if (!options.timestamps) return { context: options.context, timestamp: new Date(), stream, data: line };
    const space = line.indexOf(32);
    const rawTimestamp = line.subarray(0, space).toString("latin1");
    return {
      context: options.context,
      timestamp: new Date(rawTimestamp),
      stream,
      data: line.subarray(space + 1),
      rawTimestamp,
    };
  };
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    pending = Buffer.concat([pending, chunk]);
    if (options.tty) {
      for (const m of lines("stdout", pending)) if (wanted.has(m.stream)) yield m;
      pending = Buffer.alloc(0);
      continue;
    }
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const stream: LogStream = pending[0] === 2 ? "stderr" : "stdout";
      const frame = pending.subarray(8, 8 + size);
      pending = pending.subarray(8 + size);
      for (const m of lines(stream, frame)) if (wanted.has(m.stream)) yield m;
    }
  }
  for (const stream of ["stdout", "stderr"] as const) {
    if (held[stream].length > 0 && wanted.has(stream)) yield message(stream, held[stream]);
  }
}

/** @internal */
export function parseLogTimestamp(text: string): { date: Date; epochNanos: bigint } {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  const seconds = m ? Date.parse(`${m[1]}${m[3]}`) / 1000 : Number.NaN;
  if (!m || Number.isNaN(seconds)) throw new Error(`invalid RFC 3339 timestamp in log stream: ${text}`);
  const epochNanos = BigInt(seconds) * 1_000_000_000n + BigInt((m[2] ?? "").padEnd(9, "0"));
  return { date: new Date(Number(epochNanos / 1_000_000n)), epochNanos };
}

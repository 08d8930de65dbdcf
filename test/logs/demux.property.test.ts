import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demuxDockerLogs, type LogStream } from "../../src/index.js";
import {
  collect,
  concatBytes,
  cut,
  encodeFrame,
  referenceDecode,
  type StampForm,
  source,
  stamp,
} from "../support/docker-frames.js";

const context = { taskId: "t1", serviceId: "s1", nodeId: "n1" };
const receivedAt = new Date("2030-01-01T00:00:00Z");

/** Log text: letters, spaces, newlines, a two-byte and a three-byte character (to cut inside characters). */
const logText = fc
  .array(fc.constantFrom("a", "b", " ", "\n", "\n", "é", "€", "\t", "\x00", "\xff"), { maxLength: 40 })
  .map((chars) => chars.join(""));
const nanos = fc.bigInt({ min: 0n, max: 4_000_000_000_000_000_000n });
const form = fc.constantFrom<StampForm>("fixed", "fixed", "trimmed", "offset");
const streamsOption = fc.constantFrom<LogStream[] | undefined>(
  undefined,
  [],
  ["stdout"],
  ["stderr"],
  ["stdout", "stderr"],
);
const cuts = fc.array(fc.nat({ max: 4000 }), { maxLength: 40 });

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

/** A multiplexed stream: frames of stdin/stdout/stderr, with or without a timestamp prefix. */
const muxStream = (timestamps: boolean) =>
  fc
    .array(fc.record({ type: fc.constantFrom(0, 1, 1, 2, 2), text: logText, at: nanos, form }), { maxLength: 30 })
    .map((frames) =>
      concatBytes(
        frames
          .filter((f) => timestamps || f.text !== "" || f.type !== 0)
          .map((f) => encodeFrame(f.type, utf8(timestamps ? `${stamp(f.at, f.form)} ${f.text}` : f.text))),
      ),
    );

/** A raw (TTY) stream: lines, each with a timestamp prefix when asked; the last one may lack its newline. */
const ttyStream = (timestamps: boolean) =>
  fc
    .tuple(
      fc.array(fc.record({ text: logText.map((t) => t.replaceAll("\n", "")), at: nanos, form }), { maxLength: 30 }),
      fc.boolean(),
    )
    .map(([lines, closed]) =>
      utf8(
        lines
          .map(
            (l, i) =>
              `${timestamps ? `${stamp(l.at, l.form)} ` : ""}${l.text}${i < lines.length - 1 || closed ? "\n" : ""}`,
          )
          .join(""),
      ),
    );

async function decode(
  bytes: Uint8Array,
  offsets: number[],
  options: { tty: boolean; timestamps: boolean; streams?: LogStream[] },
  asBuffers = false,
) {
  const chunks = cut(bytes, offsets).map((chunk) => (asBuffers ? Buffer.from(chunk) : chunk));
  const messages = await collect(
    demuxDockerLogs(source(chunks), { context, now: () => receivedAt, ...options }),
    options.timestamps,
  );
  return { chunks, messages };
}

describe("demuxDockerLogs agrees with a whole-stream reference decode, however the stream is cut", () => {
  for (const timestamps of [false, true]) {
    it(`multiplexed, timestamps ${timestamps ? "on" : "off"}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          muxStream(timestamps),
          cuts,
          streamsOption,
          fc.boolean(),
          async (bytes, offsets, streams, asBuffers) => {
            const options = { tty: false, timestamps, ...(streams ? { streams } : {}) };
            const { messages } = await decode(bytes, offsets, options, asBuffers);
            expect(messages).toStrictEqual(referenceDecode(bytes, options));
          },
        ),
        { numRuns: 300 },
      );
    });

    it(`raw TTY, timestamps ${timestamps ? "on" : "off"}`, async () => {
      await fc.assert(
        fc.asyncProperty(ttyStream(timestamps), cuts, fc.boolean(), async (bytes, offsets, asBuffers) => {
          const options = { tty: true, timestamps };
          const { messages } = await decode(bytes, offsets, options, asBuffers);
          expect(messages).toStrictEqual(referenceDecode(bytes, options));
        }),
        { numRuns: 200 },
      );
    });
  }

  it("maxLineBytes splits long lines without losing or reordering a byte", async () => {
    await fc.assert(
      fc.asyncProperty(
        muxStream(false),
        cuts,
        fc.integer({ min: 1, max: 16 }),
        async (bytes, offsets, maxLineBytes) => {
          const got = await collect(demuxDockerLogs(source(cut(bytes, offsets)), { context, maxLineBytes }), false);
          expect(got.every((m) => Buffer.byteLength(m.data, "latin1") <= maxLineBytes)).toBe(true);
          const perStream = (messages: { stream: string; data: string }[], stream: string) =>
            messages
              .filter((m) => m.stream === stream)
              .map((m) => m.data)
              .join("");
          const whole = referenceDecode(bytes, {});
          for (const stream of ["stdout", "stderr"]) expect(perStream(got, stream)).toBe(perStream(whole, stream));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("every message carries the context, and the read time when there are no timestamps", async () => {
    await fc.assert(
      fc.asyncProperty(muxStream(false), cuts, async (bytes, offsets) => {
        for await (const m of demuxDockerLogs(source(cut(bytes, offsets)), { context, now: () => receivedAt })) {
          expect(m.context).toBe(context);
          expect(m.timestamp).toBe(receivedAt);
          expect(m).not.toHaveProperty("rawTimestamp");
        }
      }),
      { numRuns: 50 },
    );
  });

  it("a stream cut short at any byte yields only whole frames' lines, then fails with EXEC_LOG_TRUNCATED", async () => {
    await fc.assert(
      fc.asyncProperty(muxStream(true), fc.nat(), cuts, async (bytes, end, offsets) => {
        fc.pre(bytes.length > 0);
        const cutAt = end % bytes.length;
        const whole = referenceDecode(bytes, { timestamps: true });
        const received: string[] = [];
        let failure: unknown;
        try {
          const messages = demuxDockerLogs(source(cut(bytes.slice(0, cutAt), offsets)), { context, timestamps: true });
          for await (const m of messages) received.push(`${m.stream}:${Buffer.from(m.data).toString("latin1")}`);
        } catch (err) {
          failure = err;
        }
        const frameBoundary = referenceDecodeIsBoundary(bytes, cutAt);
        if (frameBoundary) expect(failure).toBeUndefined();
        else expect(failure).toMatchObject({ code: "EXEC_LOG_TRUNCATED" });
        // The complete lines received come, in order, from the whole stream's lines; a line
        // received without its newline is the start of one (its later frames were not received).
        const expected = whole.map((m) => `${m.stream}:${m.data}`);
        let next = 0;
        for (const line of received) {
          if (!line.endsWith("\n")) {
            expect(expected.some((e) => e.startsWith(line))).toBe(true);
            continue;
          }
          while (next < expected.length && expected[next] !== line) next++;
          expect(next).toBeLessThan(expected.length);
          next++;
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Whether `offset` falls between frames of the stream (or at its end). */
function referenceDecodeIsBoundary(bytes: Uint8Array, offset: number): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let p = 0;
  while (p < offset) p += 8 + view.getUint32(p + 4);
  return p === offset;
}

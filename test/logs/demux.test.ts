import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type DockerLogMessage, demuxDockerLogs, dockerSinceAfter, ExecError } from "../../src/index.js";
import { collect, concatBytes, cut, encodeFrame, source } from "../support/docker-frames.js";

const context = { taskId: "t1" };
const t1 = "2024-05-01T12:00:00.000000001Z";
const t2 = "2024-05-01T12:00:00.000000002Z";
const t3 = "2024-05-01T12:00:01.5Z";

async function failureOf(messages: AsyncIterable<DockerLogMessage>): Promise<{ got: string[]; error: unknown }> {
  const got: string[] = [];
  try {
    for await (const m of messages) got.push(Buffer.from(m.data).toString());
  } catch (error) {
    return { got, error };
  }
  return { got, error: undefined };
}

describe("demuxDockerLogs", () => {
  it("reads a Node stream, one message per line, with stream, timestamp and raw timestamp", async () => {
    const bytes = concatBytes([
      encodeFrame(1, `${t1} hello\n`),
      encodeFrame(2, `${t2} oops\n`),
      encodeFrame(1, `${t3} two\nlines\n`),
    ]);
    const messages = demuxDockerLogs(Readable.from(cut(bytes, [3, 20, 41])), { context, timestamps: true });
    const all: DockerLogMessage[] = [];
    for await (const m of messages) all.push(m);
    expect(
      all.map((m) => [m.stream, Buffer.from(m.data).toString(), m.rawTimestamp, m.timestamp.toISOString()]),
    ).toStrictEqual([
      ["stdout", "hello\n", t1, "2024-05-01T12:00:00.000Z"],
      ["stderr", "oops\n", t2, "2024-05-01T12:00:00.000Z"],
      ["stdout", "two\n", t3, "2024-05-01T12:00:01.500Z"],
      ["stdout", "lines\n", t3, "2024-05-01T12:00:01.500Z"],
    ]);
    expect(all[0]?.context).toBe(context);
  });

  it("joins a line that Docker split into partial frames: first part's timestamp, last part's raw timestamp", async () => {
    const bytes = concatBytes([
      encodeFrame(1, `${t1} part one, `),
      encodeFrame(2, `${t1} interleaved\n`),
      encodeFrame(1, `${t2} part two, `),
      encodeFrame(1, `${t3} end\n`),
    ]);
    const got = await collect(demuxDockerLogs(source([bytes]), { context, timestamps: true }), true);
    expect(got).toStrictEqual([
      { stream: "stderr", data: "interleaved\n", rawTimestamp: t1, ms: Date.parse(t1) },
      { stream: "stdout", data: "part one, part two, end\n", rawTimestamp: t3, ms: Date.parse(t1) },
    ]);
    expect(dockerSinceAfter(t3)).toBe("1714564801.500000001");
  });

  it("yields a line without a newline at the end of the stream", async () => {
    const got = await collect(demuxDockerLogs(source([encodeFrame(1, "no newline")]), { context }), false);
    expect(got).toStrictEqual([{ stream: "stdout", data: "no newline" }]);
  });

  it("yields a line longer than maxLineBytes in parts of that size, however it arrives", async () => {
    const bytes = concatBytes([
      encodeFrame(1, "x".repeat(25)),
      encodeFrame(1, "y\n"),
      encodeFrame(2, `${"z".repeat(12)}\n`),
    ]);
    for (const offsets of [[], [10, 17, 30], [9, 20, 40, 41]]) {
      const got = await collect(demuxDockerLogs(source(cut(bytes, offsets)), { context, maxLineBytes: 10 }), false);
      expect(got).toStrictEqual([
        { stream: "stdout", data: "xxxxxxxxxx" },
        { stream: "stdout", data: "xxxxxxxxxx" },
        { stream: "stdout", data: "xxxxxy\n" },
        { stream: "stderr", data: "zzzzzzzzzz" },
        { stream: "stderr", data: "zz\n" },
      ]);
    }
  });

  it("filters streams", async () => {
    const bytes = concatBytes([encodeFrame(1, "out\n"), encodeFrame(2, "err\n"), encodeFrame(0, "in\n")]);
    expect(await collect(demuxDockerLogs(source([bytes]), { context, streams: ["stderr"] }), false)).toStrictEqual([
      { stream: "stderr", data: "err\n" },
    ]);
    expect(await collect(demuxDockerLogs(source([bytes]), { context, streams: ["stdout"] }), false)).toStrictEqual([
      { stream: "stdout", data: "out\n" },
      { stream: "stdout", data: "in\n" },
    ]);
  });

  it("skips empty frames", async () => {
    const bytes = concatBytes([encodeFrame(1, ""), encodeFrame(2, "a\n"), encodeFrame(1, "")]);
    expect(await collect(demuxDockerLogs(source([bytes]), { context }), false)).toStrictEqual([
      { stream: "stderr", data: "a\n" },
    ]);
  });

  it("reads raw TTY output as stdout lines, with per-line timestamps when asked", async () => {
    const raw = new TextEncoder().encode(`${t1} a\n${t2} b\n`);
    const got = await collect(
      demuxDockerLogs(source(cut(raw, [5, 33])), { context, tty: true, timestamps: true }),
      true,
    );
    expect(got).toStrictEqual([
      { stream: "stdout", data: "a\n", rawTimestamp: t1, ms: Date.parse(t1) },
      { stream: "stdout", data: "b\n", rawTimestamp: t2, ms: Date.parse(t2) },
    ]);
    const plain = await collect(
      demuxDockerLogs(source([new TextEncoder().encode("x\ny")]), { context, tty: true }),
      false,
    );
    expect(plain).toStrictEqual([
      { stream: "stdout", data: "x\n" },
      { stream: "stdout", data: "y" },
    ]);
  });

  it("pulls the next chunk only when the messages so far are consumed", async () => {
    const chunks = [encodeFrame(1, "a\nb\n"), encodeFrame(1, "c\n"), encodeFrame(1, "d\n")];
    const counted = source(chunks);
    const messages = demuxDockerLogs(counted, { context });
    await messages.next();
    expect(counted.pulled).toBe(1);
    await messages.next();
    expect(counted.pulled).toBe(1);
    await messages.next();
    expect(counted.pulled).toBe(2);
  });

  it("yields parts of a huge frame before the whole frame has arrived", async () => {
    const frame = encodeFrame(1, "z".repeat(1024 * 1024));
    const counted = source(
      cut(
        frame,
        Array.from({ length: 16 }, (_, i) => (i + 1) * 65536),
      ),
    );
    const messages = demuxDockerLogs(counted, { context, maxLineBytes: 65536 });
    const first = await messages.next();
    expect(first.value?.data.length).toBeGreaterThanOrEqual(65536);
    expect(counted.pulled).toBeLessThan(4);
  });

  it("stops the source when the consumer stops", async () => {
    const counted = source([encodeFrame(1, "a\n"), encodeFrame(1, "b\n"), encodeFrame(1, "c\n")]);
    for await (const _ of demuxDockerLogs(counted, { context })) break;
    expect(counted.returned).toBe(true);
    expect(counted.pulled).toBe(1);
    const stream = Readable.from([encodeFrame(1, "a\n"), encodeFrame(1, "b\n")]);
    for await (const _ of demuxDockerLogs(stream, { context })) break;
    expect(stream.destroyed).toBe(true);
  });
});

describe("demuxDockerLogs on bad input", () => {
  it("a TTY stream read as multiplexed: EXEC_LOG_MALFORMED_FRAME after the good frames", async () => {
    const bytes = concatBytes([encodeFrame(1, "good\n"), new TextEncoder().encode("hello world, not a frame\n")]);
    const { got, error } = await failureOf(demuxDockerLogs(source(cut(bytes, [4, 15])), { context }));
    expect(got).toStrictEqual(["good\n"]);
    expect(error).toBeInstanceOf(ExecError);
    expect(error).toMatchObject({
      code: "EXEC_LOG_MALFORMED_FRAME",
      message: expect.stringContaining("byte offset 13"),
    });
    expect((error as Error).message).not.toContain("hello");
  });

  it("non-zero reserved header bytes: EXEC_LOG_MALFORMED_FRAME", async () => {
    const frame = encodeFrame(1, "x\n");
    frame[2] = 1;
    expect((await failureOf(demuxDockerLogs(source([frame]), { context }))).error).toMatchObject({
      code: "EXEC_LOG_MALFORMED_FRAME",
    });
  });

  it("an engine error frame (stream 3): EXEC_LOG_ENGINE_ERROR with its text", async () => {
    const bytes = concatBytes([
      encodeFrame(1, "before\n"),
      encodeFrame(3, "Error grabbing logs: boom\n"),
      encodeFrame(1, "after\n"),
    ]);
    const { got, error } = await failureOf(demuxDockerLogs(source(cut(bytes, [20])), { context, timestamps: false }));
    expect(got).toStrictEqual(["before\n"]);
    expect(error).toMatchObject({
      code: "EXEC_LOG_ENGINE_ERROR",
      message: "the engine reported an error in the log stream: Error grabbing logs: boom",
    });
  });

  it.each([
    ["not a timestamp", encodeFrame(1, "secret-looking-text and more\n")],
    ["an impossible date", encodeFrame(1, "2024-02-30T00:00:00Z x\n")],
    ["no space after it", encodeFrame(1, t1)],
    ["an empty frame", encodeFrame(1, "")],
    ["a prefix too long to be one", encodeFrame(1, "9".repeat(100))],
  ])("%s where a timestamp belongs: EXEC_LOG_INVALID_TIMESTAMP", async (_name, frame) => {
    const { error } = await failureOf(demuxDockerLogs(source(cut(frame, [9, 12])), { context, timestamps: true }));
    expect(error).toMatchObject({ code: "EXEC_LOG_INVALID_TIMESTAMP" });
    expect((error as Error).message).not.toContain("secret");
  });

  it("a stream that ends inside a frame: held lines of whole frames first, then EXEC_LOG_TRUNCATED", async () => {
    const bytes = concatBytes([encodeFrame(1, `${t1} held part `), encodeFrame(1, `${t2} cut short\n`)]);
    const messages = demuxDockerLogs(source([bytes.slice(0, bytes.length - 4)]), { context, timestamps: true });
    const got: DockerLogMessage[] = [];
    await expect(
      (async () => {
        for await (const m of messages) got.push(m);
      })(),
    ).rejects.toMatchObject({ code: "EXEC_LOG_TRUNCATED", message: expect.stringContaining("byte offset 49") });
    expect(got.map((m) => [Buffer.from(m.data).toString(), m.rawTimestamp])).toStrictEqual([["held part ", t1]]);
  });

  it.each([
    ["inside a header", concatBytes([encodeFrame(1, "a\n"), new Uint8Array([1, 0, 0])])],
    ["inside a TTY timestamp", new TextEncoder().encode(`${t1} a\n2024-05`)],
  ])("a stream that ends %s: EXEC_LOG_TRUNCATED", async (name, bytes) => {
    const tty = name.includes("TTY");
    const { got, error } = await failureOf(demuxDockerLogs(source([bytes]), { context, tty, timestamps: tty }));
    expect(got).toStrictEqual(["a\n"]);
    expect(error).toMatchObject({ code: "EXEC_LOG_TRUNCATED" });
  });

  it("a source that yields text: EXEC_LOG_NOT_BYTES", async () => {
    const text = (async function* () {
      yield "text" as unknown as Uint8Array;
    })();
    expect((await failureOf(demuxDockerLogs(text, { context }))).error).toMatchObject({ code: "EXEC_LOG_NOT_BYTES" });
  });

  it("passes the source's own error through", async () => {
    const failing = (async function* () {
      yield encodeFrame(1, "a\n");
      throw new Error("socket hang up");
    })();
    const { got, error } = await failureOf(demuxDockerLogs(failing, { context }));
    expect(got).toStrictEqual(["a\n"]);
    expect(error).toMatchObject({ message: "socket hang up" });
  });

  it.each([
    [{}, "options.context: expected an object, got undefined"],
    [{ context: {} }, "options.context.taskId: expected a string, got undefined"],
    [{ context: { taskId: 1 } }, "options.context.taskId: expected a string, got 1"],
    [
      { context, streams: ["stdin"] },
      'options.streams: expected a list holding only "stdout" and "stderr", got an array',
    ],
    [{ context, maxLineBytes: 0 }, "options.maxLineBytes: expected a positive integer, got 0"],
    [{ context, now: "later" }, 'options.now: expected a function, got "later"'],
    [{ context, tty: "yes" }, 'options.tty: expected true or false, got "yes"'],
    [{ context, timestamp: true }, 'options: unknown option "timestamp" (did you mean "timestamps"?)'],
  ])("rejects invalid options at once: %j", (options, message) => {
    expect(() => demuxDockerLogs(source([]), options as never)).toThrow(new TypeError(`demuxDockerLogs ${message}`));
  });
});

describe("demuxDockerLogs with a source that reuses its buffer", () => {
  it("keeps the held parts of a line intact", async () => {
    const bytes = concatBytes([encodeFrame(1, "first half, "), encodeFrame(1, "second half\n")]);
    const reused = Buffer.alloc(7);
    const reusing = (async function* () {
      for (let at = 0; at < bytes.length; at += reused.length) {
        reused.fill(0x3f);
        reused.set(bytes.subarray(at, at + reused.length));
        yield reused.subarray(0, Math.min(reused.length, bytes.length - at));
      }
    })();
    const lines: string[] = [];
    for await (const m of demuxDockerLogs(reusing, { context })) lines.push(Buffer.from(m.data).toString());
    expect(lines).toStrictEqual(["first half, second half\n"]);
  });
});

describe("demuxDockerLogs as an iterator", () => {
  it("serves next() calls made before earlier ones settle, in order", async () => {
    const messages = demuxDockerLogs(source([encodeFrame(1, "a\n"), encodeFrame(2, "b\nc\n")]), { context });
    const results = await Promise.all([messages.next(), messages.next(), messages.next(), messages.next()]);
    expect(results.map((r) => (r.done ? "done" : Buffer.from(r.value.data).toString()))).toStrictEqual([
      "a\n",
      "b\n",
      "c\n",
      "done",
    ]);
  });

  it("is done after an error, and after return()", async () => {
    const failing = demuxDockerLogs(source([encodeFrame(9, "x")]), { context });
    await expect(failing.next()).rejects.toMatchObject({ code: "EXEC_LOG_MALFORMED_FRAME" });
    await expect(failing.next()).resolves.toStrictEqual({ value: undefined, done: true });
    const counted = source([encodeFrame(1, "a\nb\n"), encodeFrame(1, "c\n")]);
    const messages = demuxDockerLogs(counted, { context });
    await messages.next();
    await expect(messages.return?.()).resolves.toStrictEqual({ value: undefined, done: true });
    expect(counted.returned).toBe(true);
    await expect(messages.next()).resolves.toStrictEqual({ value: undefined, done: true });
  });

  it("closes the source when decoding fails", async () => {
    const counted = source([encodeFrame(1, "a\n"), encodeFrame(7, "bad"), encodeFrame(1, "never read\n")]);
    const { error } = await failureOf(demuxDockerLogs(counted, { context }));
    expect(error).toMatchObject({ code: "EXEC_LOG_MALFORMED_FRAME" });
    expect(counted.returned).toBe(true);
    expect(counted.pulled).toBe(2);
  });
});

import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { type LogMessage, logPublisherFunc } from "../../src/index.js";

const message: LogMessage = {
  context: { taskId: "t1" },
  timestamp: new Date(0),
  stream: "stdout",
  data: new TextEncoder().encode("hi\n"),
};

describe("logPublisherFunc", () => {
  it("calls the function with the message and the signal, and returns what it returns", async () => {
    const calls: [LogMessage, AbortSignal | undefined][] = [];
    const publisher = logPublisherFunc(async (m, signal) => {
      calls.push([m, signal]);
    });
    const signal = new AbortController().signal;
    await publisher.publish(message, signal);
    expect(calls).toStrictEqual([[message, signal]]);
    expect(logPublisherFunc(() => undefined).publish(message)).toBeUndefined();
  });

  it("takes a stream's write as it is (the TSDoc example): its boolean is ignored", () => {
    const sink = new PassThrough();
    const publisher = logPublisherFunc((m) => sink.write(m.data));
    expect(publisher.publish(message)).toBeUndefined();
    expect(sink.read()).toStrictEqual(Buffer.from("hi\n"));
  });

  it("waits for a returned promise or thenable, and resolves to nothing", async () => {
    let resolveWrite: (value: number) => void = () => {};
    const publisher = logPublisherFunc(() => new Promise<number>((resolve) => (resolveWrite = resolve)));
    let published = false;
    const pending = Promise.resolve(publisher.publish(message)).then((value) => {
      published = true;
      return value;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toBe(false);
    resolveWrite(42);
    expect(await pending).toBeUndefined();
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a Promise, on purpose
    const thenable = { then: (onFulfilled: (value: string) => void) => onFulfilled("done") };
    await expect(logPublisherFunc(() => thenable).publish(message)).resolves.toBeUndefined();
  });

  it("passes a failure on", async () => {
    const publisher = logPublisherFunc(async () => {
      throw new Error("sink closed");
    });
    await expect(publisher.publish(message)).rejects.toThrow("sink closed");
    expect(() =>
      logPublisherFunc(() => {
        throw new Error("sync failure");
      }).publish(message),
    ).toThrow("sync failure");
  });

  it("rejects a non-function at once", () => {
    expect(() => logPublisherFunc("nope" as never)).toThrow(TypeError);
  });
});

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

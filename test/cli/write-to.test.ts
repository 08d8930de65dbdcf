import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { writeTo } from "../../src/cli/style.js";

/** A stream whose buffer is always full: writes return false until it drains or closes. */
class FullStream extends EventEmitter {
  writable = true;
  readonly written: string[] = [];
  write(chunk: string | Uint8Array): boolean {
    this.written.push(String(chunk));
    return false;
  }
}

describe("writeTo", () => {
  it("waits for drain when the buffer is full", async () => {
    const stream = new FullStream();
    let done = false;
    const waiting = writeTo(stream, "a")?.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toBe(false);
    stream.emit("drain");
    await waiting;
    expect(done).toBe(true);
  });

  it("a stream closed while writes wait (its reader went away) releases them all, with one listener each way", async () => {
    const stream = new FullStream();
    const waits = Array.from({ length: 20 }, (_, i) => writeTo(stream, `line ${i}\n`));
    expect(stream.listenerCount("drain")).toBe(1);
    expect(stream.listenerCount("close")).toBe(1);
    stream.writable = false;
    stream.emit("close");
    await Promise.all(waits);
  });

  it("writes nothing to a stream that is no longer writable, and does not wait", () => {
    const stream = new FullStream();
    stream.writable = false;
    expect(writeTo(stream, "lost")).toBeUndefined();
    expect(stream.written).toEqual([]);
  });
});

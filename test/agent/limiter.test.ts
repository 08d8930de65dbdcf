import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { Limiter } from "../../src/agent/limiter.js";

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("Limiter", () => {
  it("runs at most `max` functions at once, the others in arrival order", async () => {
    const limiter = new Limiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        await gate.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toStrictEqual([0, 1]);
    expect([limiter.active, limiter.waiting]).toStrictEqual([2, 2]);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toStrictEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect([limiter.active, limiter.waiting]).toStrictEqual([0, 0]);
  });

  it("frees the slot when the function rejects", async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(async () => 7)).resolves.toBe(7);
    expect(limiter.active).toBe(0);
  });

  it("a signal aborted while waiting rejects with its reason without running the function", async () => {
    const limiter = new Limiter(1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(second).rejects.toBe(reason);
    expect(limiter.waiting).toBe(0);
    gate.resolve();
    await first;
    expect(ran).toBe(false);
    expect(limiter.active).toBe(0);
  });

  it("rejects a limit that is not a positive integer", () => {
    expect(() => new Limiter(0)).toThrow(TypeError);
    expect(() => new Limiter(1.5)).toThrow(TypeError);
    expect(() => new Limiter(Number.POSITIVE_INFINITY).max).not.toThrow();
  });
});

describe("Limiter: abort listeners", () => {
  it("waiters sharing a signal share one listener, removed once none of them waits", async () => {
    const limiter = new Limiter(1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    const queued = Array.from({ length: 100 }, () => limiter.run(async () => {}, controller.signal));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    gate.resolve();
    await Promise.all([first, ...queued]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("aborting a shared signal rejects every waiter under it and leaves the others queued", async () => {
    const limiter = new Limiter(1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const shared = new AbortController();
    const doomed = [limiter.run(async () => 1, shared.signal), limiter.run(async () => 2, shared.signal)];
    const kept = limiter.run(async () => 3);
    shared.abort(new Error("gone"));
    await expect(Promise.allSettled(doomed)).resolves.toMatchObject([{ status: "rejected" }, { status: "rejected" }]);
    expect(limiter.waiting).toBe(1);
    gate.resolve();
    await first;
    await expect(kept).resolves.toBe(3);
  });
});

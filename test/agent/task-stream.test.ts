import { describe, expect, it, vi } from "vitest";
import { InMemoryTaskStream, runTaskStream, TaskState } from "../../src/index.js";
import { openWorker, runningTask } from "../support/agent.js";

const allComplete = (ids: string[]) => (latest: ReadonlyMap<string, { state: TaskState }>) =>
  ids.every((id) => latest.get(id)?.state === TaskState.Complete);

describe("runTaskStream with an InMemoryTaskStream", () => {
  it("applies complete and incremental messages, reports statuses, and flushes when the stream ends", async () => {
    const { worker } = await openWorker();
    const stream = new InMemoryTaskStream();
    const running = runTaskStream(worker, stream);
    stream.push({
      type: "complete",
      changes: [
        { action: "update", task: runningTask("t1") },
        { action: "update", task: runningTask("t2") },
      ],
    });
    await stream.waitFor(allComplete(["t1", "t2"]), { signal: AbortSignal.timeout(5_000) });
    stream.push({
      type: "incremental",
      changes: [
        { action: "remove", task: runningTask("t1") },
        { action: "update", task: runningTask("t3") },
      ],
    });
    await stream.waitFor(allComplete(["t3"]), { signal: AbortSignal.timeout(5_000) });
    stream.end();
    await running;
    await vi.waitFor(() => expect(worker.tasks().map((s) => s.task.id)).toStrictEqual(["t2", "t3"]));
    const states = (id: string) => stream.received.filter((r) => r.taskId === id).map((r) => r.status.state);
    for (const id of ["t1", "t2", "t3"]) {
      expect(states(id).at(-1)).toBe(TaskState.Complete);
      // Never an older state after a newer one.
      expect(states(id)).toStrictEqual([...states(id)].sort((a, b) => a - b));
    }
    expect(worker.stats().listeners).toBe(0);
    expect(worker.listenerCount("taskRemoved")).toBe(0);
  });

  it("replays the stored statuses first, and retries deliveries the upstream refuses", async () => {
    const { worker } = await openWorker({ retry: { minDelay: 1 } });
    await worker.assign([{ action: "update", task: runningTask("early") }]);
    await vi.waitFor(() => expect(worker.tasks()[0]?.task.status.state).toBe(TaskState.Complete));
    const stream = new InMemoryTaskStream();
    stream.failNextStatuses(3);
    const running = runTaskStream(worker, stream, { reporter: { retry: { minDelay: 1 } } });
    await stream.waitFor(allComplete(["early"]), { signal: AbortSignal.timeout(5_000) });
    expect(stream.received[0]).toMatchObject({ taskId: "early", status: { state: TaskState.Complete } });
    stream.push({ type: "incremental", changes: [{ action: "update", task: runningTask("late") }] });
    await stream.waitFor(allComplete(["late"]), { signal: AbortSignal.timeout(5_000) });
    stream.end();
    await running;
  });

  it("stops when the signal aborts, rejecting with its reason and unregistering from the worker", async () => {
    const { worker } = await openWorker();
    const stream = new InMemoryTaskStream();
    const controller = new AbortController();
    const running = runTaskStream(worker, stream, { signal: controller.signal });
    stream.push({ type: "complete", changes: [{ action: "update", task: runningTask("t1") }] });
    await stream.waitFor(allComplete(["t1"]), { signal: AbortSignal.timeout(5_000) });
    const reason = new Error("disconnected");
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(worker.stats().listeners).toBe(0);
    // The worker stays usable: a new connection gets the stored statuses again.
    const next = new InMemoryTaskStream();
    const again = runTaskStream(worker, next);
    await next.waitFor(allComplete(["t1"]), { signal: AbortSignal.timeout(5_000) });
    next.end();
    await again;
  });

  it("the in-memory stream refuses messages after end()", () => {
    const stream = new InMemoryTaskStream();
    stream.end();
    expect(() => stream.push({ type: "complete", changes: [] })).toThrow(TypeError);
  });
});

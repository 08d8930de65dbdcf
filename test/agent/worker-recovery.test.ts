import { describe, expect, it, vi } from "vitest";
import { AgentErrorCode, type AgentErrorEvent, TaskState, taskStateName } from "../../src/index.js";
import { assignedTask, blockUntilAborted, openWorker, runningTask, storedIds } from "../support/agent.js";
import { StubExecutor } from "../support/stub-executor.js";

const names = (states: TaskState[]) => states.map((state) => taskStateName(state));

describe("Worker: restart on the same state directory", () => {
  it("resumes a RUNNING task by waiting on it again (no prepare, no start), and keeps its history", async () => {
    const first = await openWorker({ executor: new StubExecutor({ fns: () => ({ waitFn: blockUntilAborted }) }) });
    await first.worker.assign([{ action: "update", task: runningTask("t1") }]);
    await vi.waitFor(() => expect(first.worker.tasks()[0]?.task.status.state).toBe(TaskState.Running));
    await first.worker.close();
    expect(first.executor.controllers.get("t1")?.calls).toMatchObject({ prepare: 1, start: 1, wait: 1, remove: 0 });
    expect(first.executor.controllers.get("t1")?.calls.close).toBe(1);

    let finish: () => void = () => {};
    const exited = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const second = await openWorker({
      stateDir: first.stateDir,
      executor: new StubExecutor({ fns: () => ({ waitFn: () => exited }) }),
    });
    await vi.waitFor(() => expect(second.executor.controllers.get("t1")?.calls.wait).toBe(1));
    // The orchestrator re-sends the assignment with the status it knew: the stored one wins.
    await second.worker.assign([{ action: "update", task: runningTask("t1", { status: { state: TaskState.New } }) }]);
    expect(second.worker.tasks()[0]?.task.status.state).toBe(TaskState.Running);
    finish();
    await vi.waitFor(() => expect(second.worker.tasks()[0]?.task.status.state).toBe(TaskState.Complete));
    expect(second.executor.controllerCalls).toBe(1);
    expect(second.executor.controllers.get("t1")?.calls).toMatchObject({ prepare: 0, start: 0, wait: 1 });
    expect(names(second.worker.history("t1").map((record) => record.status.state))).toStrictEqual([
      "ASSIGNED",
      "ACCEPTED",
      "PREPARING",
      "READY",
      "STARTING",
      "RUNNING",
      "COMPLETE",
    ]);
  });

  it("finishes a removal that close() interrupted, so the runtime is never leaked (swarmkit#2277)", async () => {
    const first = await openWorker({ executor: new StubExecutor({ fns: () => ({ removeFn: blockUntilAborted }) }) });
    await first.worker.assign([{ action: "update", task: assignedTask("t1") }]);
    await vi.waitFor(() => expect(first.worker.tasks()[0]?.task.status.state).toBe(TaskState.Accepted));
    await first.worker.assign([]);
    await vi.waitFor(() => expect(first.executor.log).toContain("t1:remove"));
    await first.worker.close();
    expect(first.executor.log).toStrictEqual(["t1:remove", "t1:close"]);

    const executor = new StubExecutor();
    const removed: string[] = [];
    const second = await openWorker({ stateDir: first.stateDir, executor });
    second.worker.on("taskRemoved", (id) => removed.push(id));
    expect(storedIds(second.worker).assigned).toStrictEqual([]);
    await second.worker.wait({ signal: AbortSignal.timeout(5_000) });
    expect(executor.log).toStrictEqual(["t1:remove", "t1:close"]);
    expect(executor.controllers.get("t1")?.calls).toMatchObject({ prepare: 0, start: 0, wait: 0 });
    expect(second.worker.tasks()).toStrictEqual([]);
    expect(removed).toStrictEqual(["t1"]);
  });
});

describe("Worker: removal", () => {
  it("retries a failing remove with backoff, reporting each failure, until it succeeds", async () => {
    let failures = 0;
    const executor = new StubExecutor({
      fns: () => ({
        removeFn: async () => {
          failures++;
          if (failures === 1) throw new Error("engine unreachable");
          // p-retry would give up on a TypeError: the worker must not.
          if (failures === 2) throw new TypeError("fetch failed");
        },
      }),
    });
    const { worker } = await openWorker({ executor, retry: { minDelay: 5, jitter: false } });
    const errors: AgentErrorEvent[] = [];
    worker.on("error", (event) => errors.push(event));
    await worker.update([{ action: "update", task: assignedTask("t1") }]);
    await vi.waitFor(() => expect(worker.tasks()[0]?.task.status.state).toBe(TaskState.Accepted));
    await worker.update([{ action: "remove", task: assignedTask("t1") }]);
    await worker.wait({ signal: AbortSignal.timeout(5_000) });
    expect(executor.log).toStrictEqual(["t1:remove", "t1:remove", "t1:remove", "t1:close"]);
    expect(errors.map((e) => [e.taskId, e.operation, (e.error as { code?: string }).code])).toStrictEqual([
      ["t1", "remove", AgentErrorCode.RemoveFailed],
      ["t1", "remove", AgentErrorCode.RemoveFailed],
    ]);
    expect((errors[1]?.error as Error | undefined)?.cause).toBeInstanceOf(TypeError);
    expect(worker.tasks()).toStrictEqual([]);
  });

  it("cancels the operation in flight before removing, and does not call shutdown itself", async () => {
    const executor = new StubExecutor({ fns: () => ({ waitFn: blockUntilAborted }) });
    const { worker } = await openWorker({ executor });
    await worker.assign([{ action: "update", task: runningTask("t1") }]);
    await vi.waitFor(() => expect(executor.controllers.get("t1")?.calls.wait).toBe(1));
    await worker.assign([]);
    await worker.wait({ signal: AbortSignal.timeout(5_000) });
    expect(executor.controllers.get("t1")?.calls).toMatchObject({ wait: 1, shutdown: 0, remove: 1, close: 1 });
  });

  it("a task assigned again while it is being removed starts again only once the removal is done", async () => {
    let release: () => void = () => {};
    const removing = new Promise<void>((resolve) => {
      release = resolve;
    });
    const executor = new StubExecutor({ fns: () => ({ removeFn: () => removing }) });
    const { worker } = await openWorker({ executor });
    const task = assignedTask("t1");
    await worker.assign([{ action: "update", task }]);
    await vi.waitFor(() => expect(worker.tasks()[0]?.task.status.state).toBe(TaskState.Accepted));
    await worker.assign([]);
    await vi.waitFor(() => expect(executor.log).toStrictEqual(["t1:remove"]));
    await worker.assign([{ action: "update", task }]);
    expect(executor.controllerCalls).toBe(1);
    expect(storedIds(worker).assigned).toStrictEqual(["t1"]);
    release();
    await vi.waitFor(() => expect(executor.controllerCalls).toBe(2));
    expect(executor.log).toStrictEqual(["t1:remove", "t1:close"]);
    expect(storedIds(worker)).toStrictEqual({ tasks: ["t1"], assigned: ["t1"] });
  });
});

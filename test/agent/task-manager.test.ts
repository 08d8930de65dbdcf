import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AgentErrorCode,
  ErrAgentClosed,
  makeTemporary,
  type RetryingTask,
  StubController,
  type Task,
  TaskManager,
  TaskState,
  type TaskStatus,
} from "../../src/index.js";
import { blockUntilAborted, walkToComplete } from "../support/agent.js";
import { StubExecutor } from "../support/stub-executor.js";

function task(state: TaskState, desiredState: TaskState, id = "task-1"): Task {
  return { id, spec: {}, desiredState, status: { state } };
}

/** A reporter that records every status it gets. */
function recorder() {
  const statuses: TaskStatus[] = [];
  return { statuses, reporter: { updateTaskStatus: (_id: string, status: TaskStatus) => void statuses.push(status) } };
}

afterEach(() => {
  vi.useRealTimers();
});

// Port of SwarmKit's agent/task_test.go TestTaskManager.
describe("TaskManager: the original's TestTaskManager", () => {
  it("follows desired-state updates to COMPLETE, then closes idempotently without touching the controller", async () => {
    const ctlr = new StubController();
    const initial = task(TaskState.New, TaskState.Accepted);
    const seen: TaskState[] = [];
    let acceptedOnce = false;
    let readyOnce = false;
    let completed: () => void = () => {};
    const complete = new Promise<void>((resolve) => {
      completed = resolve;
    });
    const manager: TaskManager = new TaskManager({
      task: initial,
      controller: ctlr,
      reporter: {
        updateTaskStatus: (_id, status) => {
          seen.push(status.state);
          if (status.state === TaskState.Accepted && !acceptedOnce) {
            acceptedOnce = true;
            manager.update({ ...initial, desiredState: TaskState.Ready });
          } else if (status.state === TaskState.Ready && !readyOnce) {
            readyOnce = true;
            setTimeout(() => manager.update({ ...initial, desiredState: TaskState.Running }), 20);
          } else if (status.state === TaskState.Complete) {
            completed();
          }
        },
      },
    });
    await complete;

    const allowed = walkToComplete;
    expect(seen.every((state) => allowed.includes(state))).toBe(true);
    expect(seen.indexOf(TaskState.Running)).toBeGreaterThan(seen.indexOf(TaskState.Ready));
    expect([...new Set(seen)]).toStrictEqual(allowed);

    await manager.close();
    expect(manager.closed).toBe(true);
    await manager.close();
    expect(() => manager.update({ ...initial, desiredState: TaskState.Shutdown })).toThrow(ErrAgentClosed);
    expect(ctlr.calls).toStrictEqual({
      update: 2,
      prepare: 1,
      start: 1,
      wait: 1,
      shutdown: 0,
      terminate: 0,
      remove: 0,
      close: 0,
    });
  });
});

describe("TaskManager: retries", () => {
  it("backs off exponentially up to the cap, and starts from the shortest delay again after progress", async () => {
    vi.useFakeTimers();
    const prepareTimes: number[] = [];
    const startTimes: number[] = [];
    const ctlr = new StubController({
      prepareFn: async () => {
        prepareTimes.push(Date.now());
        if (prepareTimes.length <= 3) throw makeTemporary(new Error(`pull failed ${prepareTimes.length}`));
      },
      startFn: async () => {
        startTimes.push(Date.now());
        if (startTimes.length <= 2) throw makeTemporary(new Error("engine busy"));
      },
    });
    const { statuses, reporter } = recorder();
    const manager = new TaskManager({
      task: task(TaskState.Preparing, TaskState.Running),
      controller: ctlr,
      reporter,
      retry: { minDelay: 100, maxDelay: 250, factor: 2, jitter: false },
    });
    await vi.advanceTimersByTimeAsync(2_000);
    const gaps = (times: number[]) => times.slice(1).map((time, i) => time - (times[i] as number));
    expect(gaps(prepareTimes)).toStrictEqual([100, 200, 250]);
    expect(gaps(startTimes)).toStrictEqual([100, 200]);
    expect(statuses.at(-1)?.state).toBe(TaskState.Complete);
    expect(statuses.some((status) => status.err === "pull failed 1")).toBe(true);
    await manager.close();
  });

  it("adds jitter: each delay is the exponential one times a random factor in [1, 2)", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const times: number[] = [];
    const ctlr = new StubController({
      prepareFn: async () => {
        times.push(Date.now());
        if (times.length <= 2) throw makeTemporary(new Error("try again"));
      },
    });
    const manager = new TaskManager({
      task: task(TaskState.Preparing, TaskState.Ready),
      controller: ctlr,
      reporter: recorder().reporter,
      retry: { minDelay: 100 },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(times.slice(1).map((time, i) => time - (times[i] as number))).toStrictEqual([150, 300]);
    await manager.close();
  });

  it("lists the task as retrying with its last transient error, until it makes progress", async () => {
    vi.useFakeTimers();
    const retrying: RetryingTask[] = [];
    const recovered: string[] = [];
    const ctlr = new StubController({
      prepareFn: async () => {
        if (ctlr.calls.prepare <= 2) throw makeTemporary(new Error(`registry down (${ctlr.calls.prepare})`));
      },
    });
    const manager = new TaskManager({
      task: task(TaskState.Preparing, TaskState.Ready),
      controller: ctlr,
      reporter: recorder().reporter,
      retry: { jitter: false },
      hooks: { onRetrying: (info) => retrying.push(info), onRecovered: (id) => recovered.push(id) },
    });
    await vi.advanceTimersByTimeAsync(50);
    expect(manager.retrying).toMatchObject({ taskId: "task-1", attempt: 1, error: "registry down (1)" });
    await vi.advanceTimersByTimeAsync(100);
    expect(manager.retrying).toMatchObject({ attempt: 2, error: "registry down (2)" });
    expect(manager.retrying?.since).toStrictEqual(retrying[0]?.since);
    await vi.advanceTimersByTimeAsync(200);
    expect(manager.retrying).toBeUndefined();
    expect(recovered).toStrictEqual(["task-1"]);
    expect(retrying.map((r) => r.attempt)).toStrictEqual([1, 2]);
    await manager.close();
  });

  it("close() during a backoff delay clears its timer and never calls the controller", async () => {
    vi.useFakeTimers();
    const ctlr = new StubController({ prepareFn: () => Promise.reject(makeTemporary(new Error("down"))) });
    const manager = new TaskManager({
      task: task(TaskState.Preparing, TaskState.Running),
      controller: ctlr,
      reporter: recorder().reporter,
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(ctlr.calls.prepare).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    await manager.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(ctlr.calls).toMatchObject({ shutdown: 0, terminate: 0, remove: 0, close: 0 });
  });
});

describe("TaskManager: updates", () => {
  it("an update with a changed spec cancels the wait in flight, calls update, then waits again at once", async () => {
    const ctlr = new StubController({ waitFn: blockUntilAborted });
    const running = task(TaskState.Running, TaskState.Running);
    // A retry delay of 10 s would show: the new step must not wait for it.
    const manager = new TaskManager({
      task: running,
      controller: ctlr,
      reporter: recorder().reporter,
      retry: { minDelay: 10_000 },
    });
    await vi.waitFor(() => expect(ctlr.calls.wait).toBe(1));
    manager.update({ ...running, spec: { container: { image: "busybox:2" } } });
    await vi.waitFor(() => expect(ctlr.calls.wait).toBe(2), { timeout: 2_000, interval: 5 });
    expect(ctlr.calls.update).toBe(1);
    expect(manager.task.spec.container?.image).toBe("busybox:2");
    await manager.close();
  });

  it("ignores a lower desired state, an unchanged task and another task's id (reported as an error)", async () => {
    const errors: unknown[] = [];
    const ctlr = new StubController({ waitFn: blockUntilAborted });
    const running = task(TaskState.Running, TaskState.Running);
    const manager = new TaskManager({
      task: running,
      controller: ctlr,
      reporter: recorder().reporter,
      hooks: { onError: (_operation, error) => errors.push(error) },
    });
    await vi.waitFor(() => expect(ctlr.calls.wait).toBe(1));
    manager.update({ ...running, desiredState: TaskState.Ready, spec: { container: { image: "x" } } });
    manager.update({ ...running, status: { state: TaskState.Complete, message: "elsewhere" } });
    manager.update({ ...running, id: "task-2", desiredState: TaskState.Shutdown });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ctlr.calls.update).toBe(0);
    expect(ctlr.calls.wait).toBe(1);
    expect(manager.task.desiredState).toBe(TaskState.Running);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: AgentErrorCode.WrongTask });
    await manager.close();
  });

  it("idles after a noop until the task is updated", async () => {
    const ctlr = new StubController();
    const ready = task(TaskState.Ready, TaskState.Ready);
    const { statuses, reporter } = recorder();
    const manager = new TaskManager({ task: ready, controller: ctlr, reporter });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(statuses).toHaveLength(1);
    manager.update({ ...ready, desiredState: TaskState.Running });
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe(TaskState.Complete));
    expect(ctlr.calls.update).toBe(1);
    await manager.close();
  });

  it("a higher desired state shuts a running task down", async () => {
    const ctlr = new StubController({ waitFn: blockUntilAborted });
    const running = task(TaskState.Running, TaskState.Running);
    const { statuses, reporter } = recorder();
    const manager = new TaskManager({ task: running, controller: ctlr, reporter });
    await vi.waitFor(() => expect(ctlr.calls.wait).toBe(1));
    manager.update({ ...running, desiredState: TaskState.Shutdown });
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe(TaskState.Shutdown));
    expect(ctlr.calls.shutdown).toBe(1);
    await manager.close();
  });
});

describe("TaskManager: getting the controller from an executor", () => {
  it("retries a temporary executor failure with backoff, then runs the task", async () => {
    vi.useFakeTimers();
    let failures = 2;
    const executor = new StubExecutor({
      refuse: () => (failures-- > 0 ? makeTemporary(new Error("engine unreachable")) : undefined),
    });
    const { statuses, reporter } = recorder();
    const manager = new TaskManager({
      task: task(TaskState.Assigned, TaskState.Running),
      executor,
      reporter,
      retry: { jitter: false },
    });
    await vi.advanceTimersByTimeAsync(50);
    expect(manager.retrying).toMatchObject({ attempt: 1, error: "engine unreachable" });
    expect(statuses.map((s) => s.state)).toStrictEqual([TaskState.Assigned]);
    await vi.advanceTimersByTimeAsync(400);
    expect(executor.controllerCalls).toBe(3);
    expect(statuses.at(-1)?.state).toBe(TaskState.Complete);
    await manager.close();
  });

  it("reports a task the executor refuses as REJECTED and idles, even when updated", async () => {
    const executor = new StubExecutor({ refuse: () => new Error("invalid mount") });
    const { statuses, reporter } = recorder();
    const initial = task(TaskState.Assigned, TaskState.Running);
    const manager = new TaskManager({ task: initial, executor, reporter });
    await vi.waitFor(() => expect(statuses).toHaveLength(1));
    expect(statuses[0]).toMatchObject({
      state: TaskState.Rejected,
      message: "resolving controller failed",
      err: "invalid mount",
    });
    manager.update({ ...initial, desiredState: TaskState.Shutdown });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(executor.controllerCalls).toBe(1);
    expect(statuses).toHaveLength(1);
    await manager.close();
  });

  it("requires a controller or an executor", () => {
    expect(
      () => new TaskManager({ task: task(TaskState.New, TaskState.Running), reporter: recorder().reporter }),
    ).toThrow(TypeError);
  });
});

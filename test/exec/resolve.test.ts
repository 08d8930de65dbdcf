import { describe, expect, it } from "vitest";
import {
  type Controller,
  type Executor,
  makeTemporary,
  Resolve,
  StubController,
  type Task,
  TaskState,
} from "../../src/index.js";
import { newTestTask, withoutTimestamp } from "../support/tasks.js";

/** Like the original's mockExecutor: `controller` fails with `err` when set. */
function mockExecutor(err?: unknown, controller: Controller = new StubController()): Executor {
  return {
    describe: async () => ({ hostname: "h", platform: { architecture: "x86_64", os: "linux" }, resources: {} }),
    configure: async () => {},
    controller: () => {
      if (err !== undefined) throw err;
      return controller;
    },
  };
}

// Port of SwarmKit's TestResolve.
describe("Resolve: the original's TestResolve", () => {
  it("walks the six steps of the table", async () => {
    const task: Task = newTestTask(TaskState.Assigned, TaskState.Running);

    // 1: a resolved controller accepts the task
    let result = await Resolve(task, mockExecutor());
    expect(result.error).toBeUndefined();
    expect(result.controller).toBeDefined();
    expect(withoutTimestamp(result.status)).toStrictEqual({ state: TaskState.Accepted, message: "accepted" });

    // 2: fed back, nothing changes
    task.status = result.status;
    result = await Resolve(task, mockExecutor());
    expect(result.error).toBeUndefined();
    expect(result.status).toStrictEqual(task.status);

    // 3: an executor error rejects a task below STARTING
    const someError = new Error("some error");
    result = await Resolve(newTestTask(TaskState.Assigned, TaskState.Running), mockExecutor(someError));
    expect(result.error).toBe(someError);
    expect(result.controller).toBeUndefined();
    expect(withoutTimestamp(result.status)).toStrictEqual({
      state: TaskState.Rejected,
      message: "resolving controller failed",
      err: "some error",
    });

    // 4: ... fails a STARTING task
    result = await Resolve(newTestTask(TaskState.Starting, TaskState.Running), mockExecutor(someError));
    expect(result.error).toBe(someError);
    expect(result.status.state).toBe(TaskState.Failed);

    // 5: ... and leaves a terminal task's state alone
    const complete = newTestTask(TaskState.Complete, TaskState.Running);
    result = await Resolve(complete, mockExecutor(someError));
    expect(result.error).toBe(someError);
    expect(withoutTimestamp(result.status)).toStrictEqual({
      state: TaskState.Complete,
      message: "resolving controller failed",
      err: "some error",
    });

    // 6: fed back with a working executor, the status stays as it is
    complete.status = result.status;
    result = await Resolve(complete, mockExecutor());
    expect(result.error).toBeUndefined();
    expect(result.status).toStrictEqual(complete.status);
  });
});

describe("Resolve: beyond the original", () => {
  it("FAILED for a RUNNING task", async () => {
    const result = await Resolve(newTestTask(TaskState.Running, TaskState.Running), mockExecutor(new Error("x")));
    expect(result.status.state).toBe(TaskState.Failed);
  });

  it("leaves the status alone when the executor fails temporarily", async () => {
    const task = newTestTask(TaskState.Assigned, TaskState.Running);
    const result = await Resolve(task, mockExecutor(makeTemporary(new Error("engine not answering"))));
    expect(result.error?.message).toBe("engine not answering");
    expect(result.status).toStrictEqual(task.status);
  });

  it("accepts a promise from the executor and wraps a non-error rejection", async () => {
    const executor = mockExecutor();
    executor.controller = async () => Promise.reject("plain string");
    const result = await Resolve(newTestTask(TaskState.New, TaskState.Running), executor);
    expect(result.error).toBeInstanceOf(Error);
    expect(result.status.err).toBe("plain string");
    expect(result.status.state).toBe(TaskState.Rejected);
  });

  it("stops waiting on abort, keeps the status, and closes a controller that arrives late", async () => {
    const late = new StubController();
    let deliver: (c: Controller) => void = () => {};
    const executor = mockExecutor();
    executor.controller = () => new Promise<Controller>((resolve) => (deliver = resolve));
    const abort = new AbortController();
    const task = newTestTask(TaskState.Assigned, TaskState.Running);
    const pending = Resolve(task, executor, { signal: abort.signal });
    abort.abort();
    const result = await pending;
    expect(result.controller).toBeUndefined();
    expect(result.error?.name).toBe("AbortError");
    expect(result.status).toStrictEqual(task.status);
    deliver(late);
    await new Promise((r) => setTimeout(r, 0));
    expect(late.calls.close).toBe(1);
  });

  it("does not close a controller that arrived before the abort", async () => {
    const ctlr = new StubController();
    const abort = new AbortController();
    const result = await Resolve(newTestTask(TaskState.New, TaskState.Running), mockExecutor(undefined, ctlr), {
      signal: abort.signal,
    });
    abort.abort();
    await new Promise((r) => setTimeout(r, 0));
    expect(result.controller).toBe(ctlr);
    expect(ctlr.calls.close).toBe(0);
  });

  it("rejects a signal that is not an AbortSignal, naming it", async () => {
    const task = newTestTask(TaskState.New, TaskState.Running);
    // @ts-expect-error: the programmer error under test
    await expect(Resolve(task, { controller: async () => new StubController() }, { signal: 5 })).rejects.toThrow(
      "Resolve: options.signal must be an AbortSignal, got a number",
    );
  });

  it("rejects a missing executor with a TypeError naming it, instead of rejecting the task", async () => {
    // Without the check, the task became REJECTED with "Cannot read properties of undefined".
    const task = newTestTask(TaskState.Assigned, TaskState.Running);
    // @ts-expect-error: the programmer error under test
    const err = await Resolve(task, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe(
      "Resolve: executor must be an Executor (an object with a controller method), got undefined",
    );
    await expect(Resolve(task, {} as Executor)).rejects.toThrow(/got an object without a controller method$/);
  });

  it("sets a timestamp only when the status changed", async () => {
    const accepted = await Resolve(newTestTask(TaskState.New, TaskState.Running), mockExecutor());
    expect(accepted.status.timestamp).toBeInstanceOf(Date);
    const task = newTestTask(TaskState.Running, TaskState.Running);
    const same = await Resolve(task, mockExecutor());
    expect(same.status.timestamp).toBeUndefined();
  });
});

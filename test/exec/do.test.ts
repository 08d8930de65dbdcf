import { describe, expect, it } from "vitest";
import {
  Do,
  ErrTaskNoop,
  ErrTaskPrepared,
  ErrTaskRetry,
  ErrTaskStarted,
  ExecError,
  makeTemporary,
  StubController,
  TaskState,
  taskStateName,
} from "../../src/index.js";
import { withContainerStatus } from "../support/statuser-controller.js";
import { abortError, checkDo, exitError, newTestTask, withoutTimestamp } from "../support/tasks.js";

// Ports of the tables of SwarmKit's agent/exec/controller_test.go.
describe("Do: the original's controller tests", () => {
  it("TestAcceptPrepare: ASSIGNED walks to READY with one prepare", async () => {
    const task = newTestTask(TaskState.Assigned, TaskState.Running);
    const ctlr = new StubController({ prepareFn: async () => {} });
    await checkDo(task, ctlr, { state: TaskState.Accepted, message: "accepted" });
    await checkDo(task, ctlr, { state: TaskState.Preparing, message: "preparing" });
    await checkDo(task, ctlr, { state: TaskState.Ready, message: "prepared" });
    expect(ctlr.calls.prepare).toBe(1);
  });

  it("TestPrepareAlready: ErrTaskPrepared counts as prepared", async () => {
    const task = newTestTask(TaskState.Assigned, TaskState.Running);
    const ctlr = new StubController({ prepareFn: () => Promise.reject(ErrTaskPrepared) });
    await checkDo(task, ctlr, { state: TaskState.Accepted, message: "accepted" });
    await checkDo(task, ctlr, { state: TaskState.Preparing, message: "preparing" });
    await checkDo(task, ctlr, { state: TaskState.Ready, message: "prepared" });
    expect(ctlr.calls.prepare).toBe(1);
  });

  it("TestPrepareFailure: a failed prepare rejects the task and keeps the message", async () => {
    const task = newTestTask(TaskState.Assigned, TaskState.Running);
    const ctlr = new StubController({ prepareFn: () => Promise.reject(new Error("test error")) });
    await checkDo(task, ctlr, { state: TaskState.Accepted, message: "accepted" });
    await checkDo(task, ctlr, { state: TaskState.Preparing, message: "preparing" });
    await checkDo(task, ctlr, { state: TaskState.Rejected, message: "preparing", err: "test error" });
    expect(ctlr.calls.prepare).toBe(1);
  });

  it("TestReadyRunning: a cancelled wait retries, then the task completes", async () => {
    const task = newTestTask(TaskState.Ready, TaskState.Running);
    const ctlr = new StubController({
      startFn: async () => {},
      waitFn: async () => {
        if (ctlr.calls.wait === 1) throw abortError();
        if (ctlr.calls.wait !== 2) throw new Error("too many calls to wait");
      },
    });
    await checkDo(task, ctlr, { state: TaskState.Starting, message: "starting" });
    await checkDo(task, ctlr, { state: TaskState.Running, message: "started" });
    await checkDo(task, ctlr, { state: TaskState.Running, message: "started" }, ErrTaskRetry);
    withContainerStatus(ctlr, { exitCode: 0 });
    await checkDo(task, ctlr, { state: TaskState.Complete, message: "finished", container: { exitCode: 0 } });
    expect(ctlr.calls.start).toBe(1);
    expect(ctlr.calls.wait).toBe(2);
  });

  it("TestReadyRunningExitFailure: a non-zero exit fails the task with its exit code", async () => {
    const task = newTestTask(TaskState.Ready, TaskState.Running);
    const ctlr = new StubController({ startFn: async () => {}, waitFn: () => Promise.reject(exitError(1)) });
    await checkDo(task, ctlr, { state: TaskState.Starting, message: "starting" });
    await checkDo(task, ctlr, { state: TaskState.Running, message: "started" });
    withContainerStatus(ctlr, { exitCode: 1 });
    await checkDo(task, ctlr, {
      state: TaskState.Failed,
      message: "started",
      err: "test error, exit code=1",
      container: { exitCode: 1 },
    });
    expect(ctlr.calls.start).toBe(1);
    expect(ctlr.calls.wait).toBe(1);
  });

  it("TestAlreadyStarted: ErrTaskStarted counts as started", async () => {
    const task = newTestTask(TaskState.Ready, TaskState.Running);
    const ctlr = new StubController({
      startFn: () => Promise.reject(ErrTaskStarted),
      waitFn: async () => {
        if (ctlr.calls.wait === 1) throw abortError();
        if (ctlr.calls.wait === 2) throw exitError(1);
        throw new Error("too many calls to wait");
      },
    });
    await checkDo(task, ctlr, { state: TaskState.Starting, message: "starting" });
    await checkDo(task, ctlr, { state: TaskState.Running, message: "started" });
    await checkDo(task, ctlr, { state: TaskState.Running, message: "started" }, ErrTaskRetry);
    withContainerStatus(ctlr, { exitCode: 1 });
    await checkDo(task, ctlr, {
      state: TaskState.Failed,
      message: "started",
      err: "test error, exit code=1",
      container: { exitCode: 1 },
    });
    expect(ctlr.calls.start).toBe(1);
    expect(ctlr.calls.wait).toBe(2);
  });

  it("TestShutdown: desired SHUTDOWN shuts a NEW task down", async () => {
    const task = newTestTask(TaskState.New, TaskState.Shutdown);
    const ctlr = new StubController({ shutdownFn: async () => {} });
    await checkDo(task, ctlr, { state: TaskState.Shutdown, message: "shutdown" });
    expect(ctlr.calls.shutdown).toBe(1);
  });

  it("TestDesiredStateRemove: desired REMOVE stops at SHUTDOWN", async () => {
    const task = newTestTask(TaskState.New, TaskState.Remove);
    const ctlr = new StubController({ shutdownFn: async () => {} });
    await checkDo(task, ctlr, { state: TaskState.Shutdown, message: "shutdown" });
    expect(ctlr.calls.shutdown).toBe(1);
  });

  describe("TestDesiredStateRemoveOnlyNonterminal", () => {
    const terminal = [
      TaskState.Complete,
      TaskState.Shutdown,
      TaskState.Failed,
      TaskState.Rejected,
      TaskState.Remove,
      TaskState.Orphaned,
    ];
    it.each(terminal.map((state) => [taskStateName(state), state] as const))("%s is a noop", async (_, state) => {
      const task = newTestTask(state, TaskState.Shutdown);
      const ctlr = new StubController({ shutdownFn: async () => {} });
      await checkDo(task, ctlr, { state }, ErrTaskNoop);
      expect(ctlr.calls.shutdown).toBe(0);
    });
  });
});

describe("Do: beyond the original's tables", () => {
  it("walks NEW to COMPLETE in exactly six steps, one prepare, start and wait", async () => {
    const task = newTestTask(TaskState.New, TaskState.Running);
    const ctlr = new StubController();
    const seen: string[] = [];
    for (let step = 0; step < 20; step++) {
      const { status, error } = await Do(task, ctlr);
      if (error === ErrTaskNoop) break;
      seen.push(`${taskStateName(status.state)}:${status.message}`);
      task.status = status;
    }
    expect(seen).toEqual([
      "ACCEPTED:accepted",
      "PREPARING:preparing",
      "READY:prepared",
      "STARTING:starting",
      "RUNNING:started",
      "COMPLETE:finished",
    ]);
    expect(ctlr.calls).toEqual({
      update: 0,
      prepare: 1,
      start: 1,
      wait: 1,
      shutdown: 0,
      terminate: 0,
      remove: 0,
      close: 0,
    });
  });

  it("stops at the desired state: a task desired READY is not started", async () => {
    const task = newTestTask(TaskState.Ready, TaskState.Ready);
    const ctlr = new StubController();
    await checkDo(task, ctlr, { state: TaskState.Ready }, ErrTaskNoop);
    expect(ctlr.calls.start).toBe(0);
  });

  it("does not run prepare for a task past its desired state", async () => {
    const task = newTestTask(TaskState.Preparing, TaskState.Accepted);
    const ctlr = new StubController();
    await checkDo(task, ctlr, { state: TaskState.Preparing }, ErrTaskNoop);
    expect(ctlr.calls.prepare).toBe(0);
  });

  it("runs wait for a RUNNING task whose desired state is RUNNING (active states may pass the desired state)", async () => {
    const task = newTestTask(TaskState.Running, TaskState.Running);
    const ctlr = new StubController();
    await checkDo(task, ctlr, { state: TaskState.Complete, message: "finished" });
    expect(ctlr.calls.wait).toBe(1);
  });

  it("a failed shutdown before STARTING rejects, from STARTING on fails", async () => {
    const before = newTestTask(TaskState.Ready, TaskState.Shutdown);
    const failing = new StubController({ shutdownFn: () => Promise.reject(new Error("stop failed")) });
    await checkDo(before, failing, { state: TaskState.Rejected, err: "stop failed" });
    const after = newTestTask(TaskState.Running, TaskState.Shutdown);
    after.status.message = "started";
    await checkDo(after, failing, { state: TaskState.Failed, message: "started", err: "stop failed" });
  });

  it("a temporary error retries with err set and the state kept", async () => {
    const task = newTestTask(TaskState.Preparing, TaskState.Running);
    task.status.message = "preparing";
    const ctlr = new StubController({ prepareFn: () => Promise.reject(makeTemporary(new Error("engine busy"))) });
    await checkDo(task, ctlr, { state: TaskState.Preparing, message: "preparing", err: "engine busy" }, ErrTaskRetry);
    ctlr.prepareFn = async () => {};
    await checkDo(task, ctlr, { state: TaskState.Ready, message: "prepared" });
  });

  it("an error that is aborted deep in its cause chain retries without err", async () => {
    const task = newTestTask(TaskState.Running, TaskState.Running);
    const wrapped = new Error("request failed", { cause: new Error("socket", { cause: abortError() }) });
    const ctlr = new StubController({ waitFn: () => Promise.reject(wrapped) });
    await checkDo(task, ctlr, { state: TaskState.Running }, ErrTaskRetry);
  });

  it("the signal's own reason, whatever it is, means aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("task updated");
    const task = newTestTask(TaskState.Running, TaskState.Running);
    const ctlr = new StubController({
      waitFn: (signal) =>
        new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true })),
    });
    const pending = Do(task, ctlr, { signal: controller.signal });
    controller.abort(reason);
    const { status, error } = await pending;
    expect(error).toBe(ErrTaskRetry);
    expect(withoutTimestamp(status)).toStrictEqual({ state: TaskState.Running });
  });

  it("a TimeoutError (AbortSignal.timeout) means aborted", async () => {
    const task = newTestTask(TaskState.Running, TaskState.Running);
    const ctlr = new StubController({ waitFn: () => Promise.reject(new DOMException("timed out", "TimeoutError")) });
    await checkDo(task, ctlr, { state: TaskState.Running }, ErrTaskRetry);
  });

  it("an already aborted signal skips the operation", async () => {
    const task = newTestTask(TaskState.Preparing, TaskState.Running);
    const ctlr = new StubController();
    const { error } = await Do(task, ctlr, { signal: AbortSignal.abort() });
    expect(error).toBe(ErrTaskRetry);
    expect(ctlr.calls.prepare).toBe(0);
  });

  it("an error with the sentinel's code (another copy of the package) counts as the sentinel", async () => {
    const task = newTestTask(TaskState.Preparing, TaskState.Running);
    const foreign = Object.assign(new Error("already there"), { code: ErrTaskPrepared.code });
    const ctlr = new StubController({ prepareFn: () => Promise.reject(foreign) });
    await checkDo(task, ctlr, { state: TaskState.Ready, message: "prepared" });
  });

  it("ErrTaskStarted from prepare is a failure, not a success", async () => {
    const task = newTestTask(TaskState.Preparing, TaskState.Running);
    const ctlr = new StubController({ prepareFn: () => Promise.reject(ErrTaskStarted) });
    await checkDo(task, ctlr, { state: TaskState.Rejected, err: "exec: task already started" });
  });

  it("records the exit code even when the controller cannot report a container status", async () => {
    const task = newTestTask(TaskState.Running, TaskState.Running);
    task.status.container = { containerId: "c1", pid: 42 };
    const ctlr = new StubController({ waitFn: () => Promise.reject(exitError(3, "task: non-zero exit (3)")) });
    await checkDo(task, ctlr, {
      state: TaskState.Failed,
      err: "task: non-zero exit (3)",
      container: { containerId: "c1", pid: 42, exitCode: 3 },
    });
  });

  it("takes the container status from an error that can report one", async () => {
    const task = newTestTask(TaskState.Running, TaskState.Running);
    const err = Object.assign(new Error("died"), {
      containerStatus: async () => ({ containerId: "from-error", exitCode: 9 }),
    });
    const ctlr = withContainerStatus(new StubController({ waitFn: () => Promise.reject(err) }), { containerId: "x" });
    await checkDo(task, ctlr, {
      state: TaskState.Failed,
      err: "died",
      container: { containerId: "from-error", exitCode: 9 },
    });
  });

  it("adds no container status below STARTING, and none for a controller without the capability", async () => {
    const below = newTestTask(TaskState.Accepted, TaskState.Running);
    const statuser = withContainerStatus(new StubController(), { containerId: "c" });
    await checkDo(below, statuser, { state: TaskState.Preparing, message: "preparing" });
    const running = newTestTask(TaskState.Ready, TaskState.Running);
    await checkDo(running, new StubController(), { state: TaskState.Starting, message: "starting" });
  });

  it("keeps the previous container status when the controller reports none or fails", async () => {
    const task = newTestTask(TaskState.Starting, TaskState.Running);
    task.status.container = { containerId: "kept" };
    const ctlr = Object.assign(new StubController(), { containerStatus: async () => undefined });
    await checkDo(task, ctlr, { state: TaskState.Running, message: "started", container: { containerId: "kept" } });
    const failing = Object.assign(new StubController(), {
      containerStatus: () => Promise.reject(new Error("inspect failed")),
    });
    task.status = { state: TaskState.Starting, container: { containerId: "kept" } };
    await checkDo(task, failing, { state: TaskState.Running, message: "started", container: { containerId: "kept" } });
  });

  it("reports no container status, not an empty one, when the controller has none and none was known", async () => {
    // A process executor's task at STARTING: the controller can report a status, but has none yet.
    const task = newTestTask(TaskState.Ready, TaskState.Running);
    const ctlr = Object.assign(new StubController(), { containerStatus: async () => undefined });
    const { status } = await Do(task, ctlr);
    expect(status.state).toBe(TaskState.Starting);
    expect(status).not.toHaveProperty("container");
    const failing = Object.assign(new StubController(), {
      containerStatus: () => Promise.reject(new Error("inspect failed")),
    });
    expect(await Do(task, failing)).not.toHaveProperty("status.container");
  });

  it("reports ports from a controller that can, and keeps them when the query fails", async () => {
    const ports = {
      ports: [{ protocol: "tcp" as const, targetPort: 80, publishedPort: 8080, publishMode: "host" as const }],
    };
    const task = newTestTask(TaskState.Starting, TaskState.Running);
    const ctlr = Object.assign(new StubController(), { portStatus: async () => ports });
    await checkDo(task, ctlr, { state: TaskState.Running, message: "started", portStatus: ports });
    const failing = Object.assign(new StubController(), { portStatus: () => Promise.reject(new Error("gone")) });
    task.status.message = "started";
    await checkDo(task, failing, { state: TaskState.Complete, message: "finished", portStatus: ports });
  });

  it("keeps the timestamp of an unchanged status and moves it forward on a change", async () => {
    const stamp = new Date(Date.now() + 60_000); // a timestamp ahead of the clock
    const task = newTestTask(TaskState.Ready, TaskState.Ready);
    task.status.timestamp = stamp;
    const noop = await Do(task, new StubController());
    expect(noop.status.timestamp).toBe(stamp);
    task.desiredState = TaskState.Running;
    const moved = await Do(task, new StubController());
    expect(moved.status.timestamp?.getTime()).toBe(stamp.getTime() + 1);
  });

  it("does not mutate the task", async () => {
    const task = newTestTask(TaskState.Running, TaskState.Running);
    task.status.container = { containerId: "c" };
    const before = structuredClone(task);
    const ctlr = withContainerStatus(new StubController({ waitFn: () => Promise.reject(exitError(2)) }), { pid: 1 });
    await Do(task, ctlr);
    expect(task).toStrictEqual(before);
  });

  it("rejects a task whose states are not task states, naming the field", async () => {
    const bad = newTestTask(5 as TaskState, TaskState.Running);
    await expect(Do(bad, new StubController())).rejects.toThrow(/task\.status\.state 5 is not a TaskState/);
    const badDesired = newTestTask(TaskState.New, 1000 as TaskState);
    const err = await Do(badDesired, new StubController()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).code).toBe("EXEC_INVALID_TASK");
    expect((err as Error).message).toMatch(/task\.desiredState/);
  });

  it("rejects a missing controller with a TypeError naming it, for every state, before anything runs", async () => {
    // Without the check, NEW and ACCEPTED advanced without a controller and PREPARING became
    // REJECTED with "Cannot read properties of undefined".
    for (const state of [TaskState.New, TaskState.Accepted, TaskState.Preparing, TaskState.Running]) {
      const task = newTestTask(state, TaskState.Running);
      // @ts-expect-error: the programmer error under test
      const err = await Do(task, undefined).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TypeError);
      expect((err as Error).message).toBe(
        "Do: controller must be a Controller (an object with prepare, start, wait, shutdown methods), got undefined",
      );
    }
    const partial = { prepare: async () => {} } as unknown as StubController;
    await expect(Do(newTestTask(TaskState.New, TaskState.Running), partial)).rejects.toThrow(
      /^Do: controller must be a Controller .*, got an object without a start method$/,
    );
    // @ts-expect-error: the programmer error under test
    await expect(Do(newTestTask(TaskState.New, TaskState.Running), null)).rejects.toThrow(/got null$/);
  });

  it("rejects options that are not an object, or a signal that is not an AbortSignal, naming it; a signal from anywhere with the shape passes", async () => {
    const task = newTestTask(TaskState.Preparing, TaskState.Running);
    const controller = new StubController();
    // @ts-expect-error: the programmer error under test
    await expect(Do(task, controller, { signal: "stop" })).rejects.toThrow(
      "Do: options.signal must be an AbortSignal, got a string",
    );
    // @ts-expect-error: the programmer error under test
    await expect(Do(task, controller, { signal: {} })).rejects.toThrow(/^Do: options\.signal must be an AbortSignal/);
    // @ts-expect-error: the programmer error under test
    await expect(Do(task, controller, null)).rejects.toThrow("Do: options must be an object, got null");
    expect(controller.calls.prepare).toBe(0);
    const lookalike = { aborted: false, addEventListener() {}, removeEventListener() {} } as unknown as AbortSignal;
    expect((await Do(task, controller, { signal: lookalike })).status.state).toBe(TaskState.Ready);
  });

  it("turns a controller that throws synchronously into a failure, not a rejection", async () => {
    const task = newTestTask(TaskState.Preparing, TaskState.Running);
    const ctlr = new StubController();
    ctlr.prepare = () => {
      throw new Error("sync boom");
    };
    await checkDo(task, ctlr, { state: TaskState.Rejected, err: "sync boom" });
  });
});

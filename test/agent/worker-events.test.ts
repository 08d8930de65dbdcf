import { describe, expect, it, vi } from "vitest";
import {
  AgentErrorCode,
  type AgentErrorEvent,
  ErrAgentClosed,
  type LogMessage,
  makeTemporary,
  type Task,
  TaskState,
  type TaskStatusEvent,
  Worker,
} from "../../src/index.js";
import { assignedTask, openWorker, runningTask, statusLog, walkToComplete } from "../support/agent.js";
import { StubExecutor } from "../support/stub-executor.js";
import { tempDir } from "../support/temp-dir.js";

describe("Worker: listen", () => {
  it("replays every stored status in task id order, then streams each change once", async () => {
    const { worker } = await openWorker();
    await worker.assign([
      { action: "update", task: assignedTask("b") },
      { action: "update", task: assignedTask("a") },
    ]);
    await vi.waitFor(() => expect(worker.tasks().every((s) => s.task.status.state === TaskState.Accepted)).toBe(true));
    const order: string[] = [];
    const log = statusLog();
    const stop = worker.listen({
      updateTaskStatus: (id, status) => {
        order.push(id);
        log.updateTaskStatus(id, status);
      },
    });
    expect(order).toStrictEqual(["a", "b"]);
    await worker.update([{ action: "update", task: runningTask("c") }]);
    await vi.waitFor(() => expect(log.latest("c")?.state).toBe(TaskState.Complete));
    expect(log.states("c")).toStrictEqual(walkToComplete);
    stop();
    await worker.update([{ action: "update", task: runningTask("d") }]);
    await vi.waitFor(() => expect(worker.tasks().at(-1)?.task.status.state).toBe(TaskState.Complete));
    expect(log.byTask.has("d")).toBe(false);
  });

  it("a listener that throws or rejects is reported as an error; the others still get every status", async () => {
    const { worker } = await openWorker();
    const errors: AgentErrorEvent[] = [];
    worker.on("error", (event) => errors.push(event));
    worker.listen({
      updateTaskStatus: () => {
        throw new Error("sync failure");
      },
    });
    worker.listen({ updateTaskStatus: () => Promise.reject(new Error("async failure")) });
    const log = statusLog();
    worker.listen(log);
    await worker.assign([{ action: "update", task: runningTask("t") }]);
    await vi.waitFor(() => expect(log.latest("t")?.state).toBe(TaskState.Complete));
    expect(errors.filter((e) => e.operation === "listener")).toHaveLength(12);
    expect(new Set(errors.map((e) => (e.error as Error).message))).toStrictEqual(
      new Set(["sync failure", "async failure"]),
    );
  });

  it("gives each listener its own copy of the status", async () => {
    const { worker } = await openWorker();
    const seen: TaskState[] = [];
    worker.listen({
      updateTaskStatus: (_id, status) => {
        status.state = TaskState.Failed;
      },
    });
    worker.listen({ updateTaskStatus: (_id, status) => void seen.push(status.state) });
    await worker.assign([{ action: "update", task: runningTask("t") }]);
    await vi.waitFor(() => expect(seen.at(-1)).toBe(TaskState.Complete));
    expect(seen).not.toContain(TaskState.Failed);
  });
});

describe("Worker: events", () => {
  it("emits taskAdded, status (changes only, stored first) and taskRemoved", async () => {
    const { worker } = await openWorker();
    const added: Task[] = [];
    const statuses: TaskStatusEvent[] = [];
    const removed: string[] = [];
    worker.on("taskAdded", (task) => added.push(task));
    worker.on("status", (event) => {
      expect(worker.tasks().find((s) => s.task.id === event.taskId)?.task.status).toStrictEqual(event.status);
      statuses.push(event);
    });
    worker.on("taskRemoved", (id) => removed.push(id));
    await worker.assign([{ action: "update", task: runningTask("t") }]);
    await vi.waitFor(() => expect(statuses.at(-1)?.status.state).toBe(TaskState.Complete));
    expect(added.map((task) => task.id)).toStrictEqual(["t"]);
    expect(statuses.map((event) => event.status.state)).toStrictEqual(walkToComplete);
    await worker.assign([]);
    await worker.wait();
    expect(removed).toStrictEqual(["t"]);
  });

  it("lists retrying tasks with their last transient error, and drops them once they progress", async () => {
    let failures = 3;
    const executor = new StubExecutor({
      fns: () => ({
        prepareFn: async () => {
          if (failures-- > 0) throw makeTemporary(new Error(`pull failed, ${failures} to go`));
        },
      }),
    });
    const { worker } = await openWorker({ executor, retry: { minDelay: 20, jitter: false } });
    const retrying: number[] = [];
    const recovered: string[] = [];
    worker.on("retrying", (info) => retrying.push(info.attempt));
    worker.on("recovered", (id) => recovered.push(id));
    await worker.assign([{ action: "update", task: runningTask("t") }]);
    await vi.waitFor(() => expect(worker.retrying()).toMatchObject([{ taskId: "t", attempt: 2 }]));
    expect(worker.retrying()[0]?.error).toBe("pull failed, 1 to go");
    await vi.waitFor(() => expect(worker.tasks()[0]?.task.status.state).toBe(TaskState.Complete));
    expect(worker.retrying()).toStrictEqual([]);
    expect(retrying).toStrictEqual([1, 2, 3]);
    expect(recovered).toStrictEqual(["t"]);
  });
});

describe("Worker: lifecycle errors", () => {
  it("refuses work before init() and after close(); init() is idempotent and fails after close()", async () => {
    const worker = new Worker({ executor: new StubExecutor(), stateDir: tempDir() });
    await expect(worker.assign([])).rejects.toMatchObject({ code: AgentErrorCode.NotInitialized });
    expect(() => worker.listen({ updateTaskStatus: () => {} })).toThrow(
      expect.objectContaining({ code: AgentErrorCode.NotInitialized }),
    );
    const init = worker.init();
    expect(worker.init()).toBe(init);
    await init;
    await worker.close();
    await worker.close();
    await expect(worker.assign([])).rejects.toBe(ErrAgentClosed);
    await expect(worker.update([])).rejects.toBe(ErrAgentClosed);
    await expect(worker.init()).rejects.toBe(ErrAgentClosed);
    expect(() => worker.listen({ updateTaskStatus: () => {} })).toThrow(ErrAgentClosed);
    await expect(worker.wait()).resolves.toBeUndefined();
  });

  it("a second worker on the same state directory fails with EXEC_AGENT_STATE_LOCKED and can init() later", async () => {
    const { stateDir, worker } = await openWorker();
    const second = new Worker({ executor: new StubExecutor(), stateDir });
    await expect(second.init()).rejects.toMatchObject({ code: AgentErrorCode.StateLocked });
    await worker.close();
    await second.init();
    await second.close();
  });

  it("validates its options", () => {
    const executor = new StubExecutor();
    expect(() => new Worker({ executor, stateDir: "" })).toThrow(TypeError);
    expect(() => new Worker({ executor, stateDir: "x", historyLimit: 0 })).toThrow(TypeError);
    expect(() => new Worker({ executor, stateDir: "x", limits: { operations: 0 } })).toThrow(TypeError);
  });
});

/** An executor whose controllers publish one log line per task and, when following, one per `tick()`. */
function loggingExecutor() {
  const ticks = new Set<() => void>();
  const executor = new StubExecutor();
  const controllerOf = executor.controller.bind(executor);
  executor.controller = (task) =>
    Object.assign(controllerOf(task), {
      logs: async (
        publisher: { publish(m: LogMessage): unknown },
        options: { follow?: boolean },
        signal?: AbortSignal,
      ) => {
        const line = (text: string) =>
          publisher.publish({
            context: { taskId: task.id },
            timestamp: new Date(),
            stream: "stdout",
            data: new TextEncoder().encode(text),
          });
        await line(`${task.id}: hello`);
        if (!options.follow) return;
        const tick = () => void line(`${task.id}: tick`);
        ticks.add(tick);
        await new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
        ticks.delete(tick);
      },
    });
  return {
    executor,
    tick: () => {
      for (const tick of ticks) tick();
    },
    followers: () => ticks.size,
  };
}

describe("Worker: log subscriptions", () => {
  const lines = (messages: LogMessage[]) => messages.map((m) => new TextDecoder().decode(m.data)).sort();

  it("streams the logs of tasks matched by task, service or node id, and ends without follow", async () => {
    const { executor } = loggingExecutor();
    const { worker } = await openWorker({ executor });
    await worker.assign([
      { action: "update", task: assignedTask("t1") },
      { action: "update", task: assignedTask("t2", { serviceId: "web" }) },
      { action: "update", task: assignedTask("t3", { nodeId: "node-1" }) },
      { action: "update", task: assignedTask("t4", { serviceId: "db" }) },
    ]);
    const messages: LogMessage[] = [];
    await worker.subscribeLogs({
      selector: { taskIds: ["t1"], serviceIds: ["web"], nodeIds: ["node-1"] },
      publisher: { publish: (m) => void messages.push(m) },
    });
    expect(lines(messages)).toStrictEqual(["t1: hello", "t2: hello", "t3: hello"]);
  });

  it("with follow, starts on matching tasks added later and ends when the signal aborts", async () => {
    const { executor, tick, followers } = loggingExecutor();
    const { worker } = await openWorker({ executor });
    await worker.assign([{ action: "update", task: assignedTask("t1", { serviceId: "web" }) }]);
    const messages: LogMessage[] = [];
    const controller = new AbortController();
    const subscription = worker.subscribeLogs({
      selector: { serviceIds: ["web"] },
      options: { follow: true },
      publisher: { publish: (m) => void messages.push(m) },
      signal: controller.signal,
    });
    await worker.update([
      { action: "update", task: assignedTask("t2", { serviceId: "web" }) },
      { action: "update", task: assignedTask("t3", { serviceId: "db" }) },
    ]);
    await vi.waitFor(() => expect(followers()).toBe(2));
    tick();
    await vi.waitFor(() => expect(lines(messages)).toStrictEqual(["t1: hello", "t1: tick", "t2: hello", "t2: tick"]));
    const reason = new Error("unsubscribed");
    controller.abort(reason);
    await expect(subscription).rejects.toBe(reason);
    expect(followers()).toBe(0);
    expect(worker.listenerCount("taskAdded")).toBe(0);
  });

  it("a following subscription ends without error when the worker closes", async () => {
    const { executor, followers } = loggingExecutor();
    const { worker } = await openWorker({ executor });
    await worker.assign([{ action: "update", task: assignedTask("t1") }]);
    const subscription = worker.subscribeLogs({
      selector: { taskIds: ["t1"] },
      options: { follow: true },
      publisher: { publish: () => {} },
    });
    await vi.waitFor(() => expect(followers()).toBe(1));
    await worker.close();
    await expect(subscription).resolves.toBeUndefined();
    expect(followers()).toBe(0);
  });
});

describe("Worker: limits", () => {
  it("runs at most `prepares` prepares and `operations` operations at once across all tasks", async () => {
    let preparing = 0;
    let operating = 0;
    let maxPreparing = 0;
    let maxOperating = 0;
    const busy = (isPrepare: boolean) => async () => {
      operating++;
      if (isPrepare) preparing++;
      maxOperating = Math.max(maxOperating, operating);
      maxPreparing = Math.max(maxPreparing, preparing);
      await new Promise((resolve) => setTimeout(resolve, 2));
      operating--;
      if (isPrepare) preparing--;
    };
    const executor = new StubExecutor({ fns: () => ({ prepareFn: busy(true), startFn: busy(false) }) });
    const { worker } = await openWorker({ executor, limits: { operations: 3, prepares: 2 } });
    await worker.assign(Array.from({ length: 30 }, (_, i) => ({ action: "update", task: runningTask(`t${i}`) })));
    await vi.waitFor(() => expect(worker.tasks().every((s) => s.task.status.state === TaskState.Complete)).toBe(true), {
      timeout: 10_000,
    });
    expect(maxPreparing).toBe(2);
    expect(maxOperating).toBe(3);
  });
});

import { describe, expect, it } from "vitest";
import { driveTask } from "../../src/cli/drive.js";
import { Interrupts } from "../../src/cli/interrupts.js";
import type { Output } from "../../src/cli/output.js";
import {
  type Executor,
  makeTemporary,
  StubController,
  type Task,
  TaskState,
  type TaskStatus,
  taskStateName,
} from "../../src/index.js";

/** An output that records state names and retries. */
function recordingOutput() {
  const seen: string[] = [];
  const output = {
    state: ({ status }: { status: TaskStatus }) => seen.push(taskStateName(status.state)),
    retry: (_id: string, status: TaskStatus, delayMs: number, reason?: string) =>
      seen.push(`retry ${taskStateName(status.state)} in ${delayMs} ms: ${reason}`),
    signal: (signal: string, action: string) => seen.push(`${signal} ${action}`),
    pullEnded: () => {},
    note: (text: string) => seen.push(`note ${text}`),
    log: () => undefined,
  } as unknown as Output;
  return { output, seen };
}

const newTask = (): Task => ({
  id: "drive-1",
  spec: { container: { command: ["true"] } },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
});

const executorOf = (controller: () => StubController): Executor => ({
  describe: async () => ({ hostname: "h", platform: { architecture: "x", os: "linux" }, resources: {} }),
  configure: async () => {},
  controller,
});

describe("driveTask", () => {
  it("retries a temporary executor failure and a temporary prepare failure, with their reasons", async () => {
    const { output, seen } = recordingOutput();
    let resolves = 0;
    const controller = new StubController();
    controller.prepareFn = () => {
      if (controller.calls.prepare === 1) throw makeTemporary(new Error("disk busy"));
    };
    const executor = executorOf(() => {
      if (++resolves === 1) throw makeTemporary(new Error("engine restarting"));
      return controller;
    });
    const task = newTask();
    const result = await driveTask(task, { executor, output, interrupts: new Interrupts(output, () => {}) });
    expect(result.status.state).toBe(TaskState.Complete);
    expect(result.controller).toBe(controller);
    expect(seen).toEqual([
      "NEW",
      "retry NEW in 100 ms: engine restarting",
      "ACCEPTED",
      "PREPARING",
      "retry PREPARING in 100 ms: disk busy",
      "READY",
      "STARTING",
      "RUNNING",
      "COMPLETE",
    ]);
  });

  it("on an interrupt, aborts the wait in progress and shuts the task down at once", async () => {
    const { output, seen } = recordingOutput();
    const interrupts = new Interrupts(output, () => {});
    const controller = new StubController({
      waitFn: (signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
          setTimeout(() => interrupts.handle("SIGINT"), 10);
        }),
    });
    const task = newTask();
    const began = Date.now();
    const result = await driveTask(task, { executor: executorOf(() => controller), output, interrupts });
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(result.status).toMatchObject({ state: TaskState.Shutdown, message: "shutdown" });
    expect(task.desiredState).toBe(TaskState.Shutdown);
    expect(controller.calls).toMatchObject({ wait: 1, shutdown: 1 });
    expect(seen.slice(-3)).toEqual(["RUNNING", "SIGINT shutdown", "SHUTDOWN"]);
  });

  it("stops before asking the executor again when interrupted while it is unavailable", async () => {
    const { output, seen } = recordingOutput();
    const interrupts = new Interrupts(output, () => {});
    let resolves = 0;
    const executor = executorOf(() => {
      resolves++;
      interrupts.handle("SIGINT");
      throw makeTemporary(new Error("engine down"));
    });
    const result = await driveTask(newTask(), { executor, output, interrupts });
    expect(result).toEqual({ status: { state: TaskState.New } });
    expect(resolves).toBe(1);
    expect(seen).toEqual(["NEW", "SIGINT shutdown"]);
  });
});

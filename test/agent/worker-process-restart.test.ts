// A Worker restarted on the same state directory with the process executor: the task processes
// of the earlier worker are waited for, stopped and removed, never left running or misreported.
import { describe, expect, it, vi } from "vitest";
import { TaskState } from "../../src/index.js";
import { ProcessExecutor } from "../../src/process/index.js";
import { openWorker, runningTask } from "../support/agent.js";
import { eventually, isRunning } from "../support/processes.js";

const sleeper = (id: string) =>
  runningTask(id, { spec: { container: { command: ["sh", "-c", "exec sleep 1000"], stopGracePeriod: 1_000 } } });

/** A worker whose task runs, closed as if its agent had crashed (its processes keep running). */
async function crashedWorker(id: string): Promise<{ stateDir: string; pid: number }> {
  const executor = new ProcessExecutor({ cleanupOnExit: false });
  const { worker, stateDir } = await openWorker({ executor });
  await worker.assign([{ action: "update", task: sleeper(id) }]);
  await vi.waitFor(() => expect(worker.tasks()[0]?.task.status.container?.pid).toBeGreaterThan(0), { timeout: 5_000 });
  const pid = worker.tasks()[0]?.task.status.container?.pid as number;
  await worker.close();
  expect(isRunning(pid)).toBe(true);
  return { stateDir, pid };
}

describe("Worker with ProcessExecutor: restart on the same state directory", () => {
  it("a RUNNING task stays RUNNING while its process runs, then FAILED with EXEC_PROCESS_LOST's message", async () => {
    const { stateDir, pid } = await crashedWorker("p1");
    const { worker } = await openWorker({ stateDir, executor: new ProcessExecutor() });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(worker.tasks()[0]?.task.status.state).toBe(TaskState.Running);
    process.kill(-pid, "SIGKILL");
    await vi.waitFor(() => expect(worker.tasks()[0]?.task.status.state).toBe(TaskState.Failed), { timeout: 5_000 });
    expect(worker.tasks()[0]?.task.status.err).toMatch(/started by an earlier executor and has ended/);
  });

  it("removing the task (a complete set without it) stops its process before forgetting it", async () => {
    const { stateDir, pid } = await crashedWorker("p2");
    const { worker } = await openWorker({ stateDir, executor: new ProcessExecutor() });
    await worker.assign([]);
    await worker.wait();
    expect(worker.tasks()).toEqual([]);
    await eventually(() => !isRunning(pid), 2_000);
  });
});

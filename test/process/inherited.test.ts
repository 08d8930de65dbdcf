// A task whose process an earlier executor started (the agent restarted): a new controller for
// it waits for that process, stops it, and removes what it left, but cannot know its exit code.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Do, type Task, TaskState } from "../../src/index.js";
import { ProcessErrorCode, ProcessExecutor } from "../../src/process/index.js";
import { shellTask, useControllerCleanup } from "../support/process-tasks.js";
import { eventually, isRunning } from "../support/processes.js";
import { tempDir } from "../support/temp-dir.js";

const track = useControllerCleanup();
const bytes = (text: string) => new TextEncoder().encode(text);

/** Runs `task` to RUNNING with a first executor, then gives it up as an agent's crash would. */
async function startedByAnEarlierExecutor(task: Task, runtimeDir = tempDir()): Promise<Task> {
  const first = new ProcessExecutor({ runtimeDir, allowSecretsOnDisk: true, cleanupOnExit: false });
  first.secrets.add({ id: "s1", spec: { data: bytes("hunter2") } });
  const controller = await first.controller(task);
  while (task.status.state < TaskState.Running) task.status = (await Do(task, controller)).status;
  await controller.close(); // leaves the process and its files alone
  return task;
}

/** A second executor, as after the restart, on the same runtime directory. */
function laterExecutor(runtimeDir: string): ProcessExecutor {
  const executor = new ProcessExecutor({ runtimeDir, allowSecretsOnDisk: true });
  executor.secrets.add({ id: "s1", spec: { data: bytes("hunter2") } });
  return executor;
}

const pidOf = (task: Task) => task.status.container?.pid as number;

describe("ProcessController: a process an earlier executor started", () => {
  it("wait goes on while the process runs; once it ends, FAILED with EXEC_PROCESS_LOST (no exit code to be had)", async () => {
    const runtimeDir = tempDir();
    const task = await startedByAnEarlierExecutor(shellTask("exec sleep 1000"), runtimeDir);
    const controller = track(await laterExecutor(runtimeDir).controller(task));
    let settled = false;
    const step = Do(task, controller).then((result) => {
      settled = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false); // still RUNNING: the process runs
    process.kill(-pidOf(task), "SIGKILL");
    const { status } = await step;
    expect(status.state).toBe(TaskState.Failed);
    expect(status.err).toBe(
      `process: the task's process (pid ${pidOf(task)}) was started by an earlier executor and has ended; ` +
        "its exit code cannot be known",
    );
    expect(status.container?.exitCode).toBeUndefined();
  });

  it("a process that ended while no executor watched: FAILED at once, saying so", async () => {
    const runtimeDir = tempDir();
    const task = await startedByAnEarlierExecutor(shellTask("exec sleep 1000"), runtimeDir);
    process.kill(-pidOf(task), "SIGKILL");
    await eventually(() => !isRunning(pidOf(task)), 2_000);
    const controller = track(await laterExecutor(runtimeDir).controller(task));
    const failure = await controller.wait().catch((err: unknown) => err);
    expect(failure).toMatchObject({ code: ProcessErrorCode.Lost });
    expect((failure as Error).message).toMatch(/ended while none watched it; its exit code cannot be known$/);
  });

  it("shutdown stops it with its stop signal, within the grace period", async () => {
    const runtimeDir = tempDir();
    const task = await startedByAnEarlierExecutor(
      shellTask("trap 'exit 0' TERM; while :; do sleep 0.1; done", { stopGracePeriod: 30_000 }),
      runtimeDir,
    );
    const controller = track(await laterExecutor(runtimeDir).controller(task));
    const began = Date.now();
    await controller.shutdown();
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(isRunning(pidOf(task))).toBe(false);
  });

  it("remove kills a process that ignores its stop signal after the grace period, and deletes the secret files it had", async () => {
    const runtimeDir = tempDir();
    const secrets = [{ secretId: "s1", secretName: "s1", file: { name: "s1", mode: 0o400 } }];
    const task = await startedByAnEarlierExecutor(
      shellTask("trap '' TERM; while :; do sleep 0.1; done", { stopGracePeriod: 500, secrets }),
      runtimeDir,
    );
    const [privateDir] = readdirSync(runtimeDir);
    expect(privateDir).toMatch(new RegExp(`^taskwright-${task.id}-`));
    const controller = track(await laterExecutor(runtimeDir).controller(task));
    await controller.remove();
    expect(isRunning(pidOf(task))).toBe(false);
    expect(existsSync(join(runtimeDir, privateDir as string))).toBe(false);
  });

  it("never signals a pid whose process is not the one recorded (another start time)", async () => {
    const runtimeDir = tempDir();
    const task = await startedByAnEarlierExecutor(shellTask("exec sleep 1000"), runtimeDir);
    const pid = pidOf(task);
    const misrecorded: Task = {
      ...task,
      status: { ...task.status, container: { pid, startedAt: new Date(Date.now() - 3_600_000) } },
    };
    const controller = await laterExecutor(runtimeDir).controller(misrecorded);
    await controller.terminate();
    await expect(controller.wait()).rejects.toMatchObject({ code: ProcessErrorCode.Lost });
    await controller.remove();
    expect(isRunning(pid)).toBe(true);
    process.kill(-pid, "SIGKILL");
  });
});

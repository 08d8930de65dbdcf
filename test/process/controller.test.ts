import { describe, expect, it, vi } from "vitest";
import { ErrTaskStarted, hasErrorCode, TaskState } from "../../src/index.js";
import {
  type ProcessController,
  ProcessErrorCode,
  ProcessExecutor,
  ProcessExitError,
} from "../../src/process/index.js";
import { collectLogs, type Line, waitForLine } from "../support/lifecycle.js";
import { processTask, runTask, shellTask, useControllerCleanup } from "../support/process-tasks.js";
import { eventually, isRunning } from "../support/processes.js";

const track = useControllerCleanup();
const executor = new ProcessExecutor();
const started = async (script: string, extra = {}) => {
  const controller = track(executor.controller(shellTask(script, extra)));
  await controller.prepare();
  await controller.start();
  return controller;
};

describe("ProcessController: what runs", () => {
  it("rejects a task whose executable does not exist, naming spec.container.command", async () => {
    const { status } = await runTask(processTask({ command: ["no-such-program-xyz", "--flag"] }), executor, track);
    expect(status.state).toBe(TaskState.Rejected);
    expect(status.err).toMatch(/^invalid task: spec\.container\.command: executable "no-such-program-xyz" not found/);
  });

  it("rejects a command path that is not executable, and a task without a command", async () => {
    const notExecutable = await runTask(processTask({ command: ["/etc/passwd"] }), executor, track);
    expect(notExecutable.status.err).toBe(
      'invalid task: spec.container.command: "/etc/passwd" is not an executable file',
    );
    const none = await runTask(processTask({ image: "busybox", args: ["echo"] }), executor, track);
    expect(none.status.state).toBe(TaskState.Rejected);
    expect(none.status.err).toMatch(/spec\.container\.command: is required/);
  });

  it("runs in spec.container.dir, and rejects a dir that does not exist", async () => {
    const { stdout } = await runTask(shellTask("pwd", { dir: "/usr/bin" }), executor, track);
    expect(stdout).toEqual(["/usr/bin"]);
    const missing = await runTask(shellTask("pwd", { dir: "/no/such/dir" }), executor, track);
    expect(missing.status.state).toBe(TaskState.Rejected);
    expect(missing.status.err).toBe('invalid task: spec.container.dir: directory "/no/such/dir" does not exist');
  });

  it("finds a relative command path in the task's dir", async () => {
    const { stdout } = await runTask(processTask({ command: ["./echo", "found"], dir: "/bin" }), executor, track);
    expect(stdout).toEqual(["found"]);
  });

  it("gives the process the spec's env on top of a minimal base, without this process's other variables", async () => {
    vi.stubEnv("TASKWRIGHT_TEST_LEAK", "leaked");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax
    const script = 'echo "$GREETING|${TASKWRIGHT_TEST_LEAK-unset}|${HOME-unset}|${PATH:+path}"';
    const { stdout } = await runTask(shellTask(script, { env: ["GREETING=hi=there", "HOME"] }), new ProcessExecutor());
    expect(stdout).toEqual(["hi=there|unset|unset|path"]);
    const everything = new ProcessExecutor({ baseEnv: process.env });
    expect((await runTask(shellTask(script), everything)).stdout[0]).toMatch(/^\|leaked\|/);
  });

  it("runs as spec.container.user when this process may switch users (root), else rejects naming the field", async () => {
    const { status, stdout } = await runTask(
      shellTask('echo "$(id -u) $(id -g) $HOME"', { user: "65534:65534" }),
      executor,
      track,
    );
    if (process.getuid?.() === 0) {
      expect(status.state).toBe(TaskState.Complete);
      expect(stdout[0]).toMatch(/^65534 65534 /);
    } else {
      expect(status.state).toBe(TaskState.Rejected);
      expect(status.err).toMatch(/spec\.container\.user: running as uid 65534 gid 65534 needs root/);
    }
    const unknown = await runTask(shellTask("id", { user: "no-such-user-xyz" }), executor, track);
    expect(unknown.status.err).toBe('invalid task: spec.container.user: unknown user "no-such-user-xyz"');
  });
});

describe("ProcessController: exits and signals", () => {
  it("reports a death by signal with 128 + the signal's number and its name", async () => {
    const { status } = await runTask(shellTask("kill -KILL $$"), executor, track);
    expect(status).toMatchObject({
      state: TaskState.Failed,
      err: "task: non-zero exit (137): killed by signal SIGKILL",
    });
    expect(status.container?.exitCode).toBe(137);
  });

  it("stops a plain `sleep 1000` with SIGTERM, without waiting for the grace period", async () => {
    const controller = track(executor.controller(processTask({ command: ["sleep", "1000"], stopGracePeriod: 30_000 })));
    await controller.prepare();
    await controller.start();
    const before = Date.now();
    await controller.shutdown();
    expect(Date.now() - before).toBeLessThan(3_000);
    await expect(controller.wait()).rejects.toThrow("task: non-zero exit (143): killed by signal SIGTERM");
  });

  it("rejects wait with a ProcessExitError carrying the exit code and signal", async () => {
    const controller = await started("echo ready; sleep 1000");
    await waitForLine(controller, "ready");
    await controller.shutdown();
    const err = await controller.wait().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcessExitError);
    expect(err).toMatchObject({ code: ProcessErrorCode.Exit, exitCode: 143, signal: "SIGTERM" });
  });

  it("reports pid, start and end times", async () => {
    const controller = await started("echo $$");
    await controller.wait();
    const status = await controller.containerStatus();
    const [pid] = (await collectLogs(controller, {})).map((l) => Number(l.text));
    expect(status).toMatchObject({ pid, exitCode: 0 });
    expect(status?.finishedAt?.getTime()).toBeGreaterThanOrEqual(status?.startedAt?.getTime() ?? Number.NaN);
  });

  it("kills the task's children on shutdown, even those that ignore the stop signal", async () => {
    const controller = await started("(trap '' TERM; sleep 1000) & echo $!; sleep 1000 & echo $!; wait", {
      stopGracePeriod: 500,
    });
    const pids = await childPids(controller, 2);
    expect(pids.every(isRunning)).toBe(true);
    await controller.shutdown();
    await eventually(() => !pids.some(isRunning));
  });

  it("kills what is left in the task's process group when its main process exits", async () => {
    const controller = await started("(trap '' TERM HUP; sleep 1000) & echo $!; exit 0");
    const [pid] = await childPids(controller, 1);
    await controller.wait();
    await eventually(() => !isRunning(pid as number));
  });

  it("keeps stopping when the caller of shutdown stops waiting, and terminate cuts the grace short", async () => {
    const controller = await started("trap '' TERM; echo ready; sleep 1000 & wait", { stopGracePeriod: 60_000 });
    await waitForLine(controller, "ready");
    const reason = new Error("impatient");
    await expect(controller.shutdown(AbortSignal.abort(reason))).rejects.toBe(reason);
    const impatient = new AbortController();
    const shutting = controller.shutdown(impatient.signal);
    impatient.abort(reason);
    await expect(shutting).rejects.toBe(reason);
    const joined = controller.shutdown();
    await controller.terminate();
    await joined;
    await expect(controller.wait()).rejects.toMatchObject({ exitCode: 137 });
  });
});

describe("ProcessController: lifecycle edges", () => {
  it("says already started to a start before prepare, and not prepared to a wait before it", async () => {
    const controller = track(executor.controller(shellTask("exit 0")));
    await expect(controller.start()).rejects.toSatisfy((err) => hasErrorCode(err, ErrTaskStarted));
    await expect(controller.wait()).rejects.toMatchObject({ code: ProcessErrorCode.NotPrepared });
  });

  it("a wait on a prepared task waits for the start, then for the exit", async () => {
    const controller = track(executor.controller(shellTask("exit 5")));
    await controller.prepare();
    const waiting = controller.wait();
    await controller.start();
    await expect(waiting).rejects.toMatchObject({ exitCode: 5 });
  });

  it("remove ends a wait for a start that never comes, and the controller can run the task again", async () => {
    const controller = track(executor.controller(shellTask("echo again")));
    await controller.prepare();
    const waiting = controller.wait();
    await controller.remove();
    await expect(waiting).rejects.toMatchObject({ code: ProcessErrorCode.NotPrepared });
    await controller.prepare();
    await controller.start();
    await controller.wait();
    expect((await collectLogs(controller, {})).map((l) => l.text)).toEqual(["again"]);
  });

  it("ignores updates", async () => {
    const controller = track(executor.controller(shellTask("exit 0")));
    await expect(controller.update(shellTask("exit 1"))).resolves.toBeUndefined();
  });

  it("rejects at once when the signal is already aborted", async () => {
    const controller = track(executor.controller(shellTask("exit 0")));
    const reason = new Error("too late");
    await expect(controller.prepare(AbortSignal.abort(reason))).rejects.toBe(reason);
    await controller.prepare();
    await expect(controller.start(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(await controller.containerStatus()).toBeUndefined();
  });
});

/** The first `count` stdout lines of a running task, read as pids. */
async function childPids(controller: ProcessController, count: number): Promise<number[]> {
  const pids: number[] = [];
  const enough = new AbortController();
  const signal = AbortSignal.any([enough.signal, AbortSignal.timeout(10_000)]);
  const onLine = (line: Line) => {
    pids.push(Number(line.text));
    if (pids.length >= count) enough.abort();
  };
  await collectLogs(controller, { follow: true, streams: ["stdout"] }, onLine, signal).catch((err: unknown) => {
    if (!enough.signal.aborted) throw err;
  });
  return pids;
}

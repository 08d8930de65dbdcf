import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { availableParallelism, hostname, totalmem } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ErrRuntimeUnsupported, InvalidTaskError, Resolve, TaskState } from "../../src/index.js";
import { ProcessController } from "../../src/process/controller.js";
import { ProcessExecutor } from "../../src/process/index.js";
import { processTask } from "../support/process-tasks.js";
import { eventually, isRunning } from "../support/processes.js";

const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/exit-early.ts", import.meta.url));

describe("ProcessExecutor", () => {
  it("describes this host", async () => {
    const node = await new ProcessExecutor().describe();
    expect(node).toMatchObject({
      hostname: hostname(),
      platform: { os: process.platform },
      resources: { nanoCpus: availableParallelism() * 1e9, memoryBytes: totalmem() },
    });
    expect(node.platform.architecture).toMatch(/^\w+$/);
    await expect(new ProcessExecutor().configure({})).resolves.toBeUndefined();
  });

  it("makes a controller that has the optional capabilities, for a valid task", () => {
    const controller = new ProcessExecutor().controller(processTask({ command: ["true"] }));
    expect(controller).toBeInstanceOf(ProcessController);
    expect(typeof controller.containerStatus).toBe("function");
    expect(typeof controller.logs).toBe("function");
  });

  it("refuses an invalid task naming the field, and a task without container with ErrRuntimeUnsupported", async () => {
    const executor = new ProcessExecutor();
    expect(() => executor.controller(processTask({ command: ["true"], stopGracePeriod: 1.5 }))).toThrow(
      InvalidTaskError,
    );
    const task = { id: "t", spec: {}, desiredState: TaskState.Running, status: { state: TaskState.Assigned } };
    expect(() => executor.controller(task)).toThrow(ErrRuntimeUnsupported);
    const { status, error } = await Resolve(task, executor);
    expect(error).toBe(ErrRuntimeUnsupported);
    expect(status).toMatchObject({ state: TaskState.Rejected, err: "exec: unsupported runtime" });
  });

  it("by default refuses a task with fields a process cannot honour, naming each; strict: false runs it", async () => {
    const task = processTask({
      image: "busybox:1.36",
      command: ["true"],
      mounts: [{ type: "bind", source: "/srv/data", target: "/data" }],
      capabilityAdd: ["CAP_NET_ADMIN"],
    });
    const { status } = await Resolve(task, new ProcessExecutor());
    expect(status.state).toBe(TaskState.Rejected);
    expect(status.err).toContain("spec.container.mounts: not supported by the process executor");
    expect(status.err).toContain("spec.container.capabilityAdd: not supported by the process executor");
    expect(status.err).not.toContain("spec.container.image");
    expect(new ProcessExecutor({ strict: false }).controller(task)).toBeInstanceOf(ProcessController);
  });

  it("refuses invalid options with a TypeError", () => {
    expect(() => new ProcessExecutor({ maxLogBytes: 0 })).toThrow(
      new TypeError("ProcessExecutor options.maxLogBytes: expected a positive integer, got 0"),
    );
    expect(() => new ProcessExecutor({ runtimeDir: "" })).toThrow(
      new TypeError('ProcessExecutor options.runtimeDir: expected a non-empty string, got ""'),
    );
  });

  it("shares the secrets and configs stores it is given", () => {
    const first = new ProcessExecutor();
    const second = new ProcessExecutor({ secrets: first.secrets, configs: first.configs });
    expect(second.secrets).toBe(first.secrets);
    expect(second.configs).toBe(first.configs);
  });

  it("kills running tasks and deletes their secrets when this process exits", async () => {
    const { pid, secretsDir } = runFixture();
    await eventually(() => !isRunning(pid));
    expect(existsSync(dirname(secretsDir))).toBe(false);
  });

  it("leaves them when cleanupOnExit is false", () => {
    const { pid, secretsDir } = runFixture("off");
    try {
      expect(isRunning(pid)).toBe(true);
      expect(existsSync(`${secretsDir}/s`)).toBe(true);
    } finally {
      process.kill(-pid, "SIGKILL");
      rmSync(dirname(secretsDir), { recursive: true, force: true });
    }
  });
});

function runFixture(...args: string[]): { pid: number; secretsDir: string } {
  const run = spawnSync(tsx, [fixture, ...args], { encoding: "utf8", timeout: 30_000 });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

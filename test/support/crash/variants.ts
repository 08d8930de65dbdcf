// Runtimes the crash-recovery test runs against. Each one makes the tasks, the executor the agent
// process uses, and the probes the test reads the runtime with. Imported by the agent process
// too, so nothing here may import vitest.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TaskState } from "../../../src/index.js";
import { DirExecutor, readExit, readPid } from "./dir-executor.js";
import { dockerVariant } from "./docker-variant.js";
import { type CrashVariant, countRuns, runtimeDir } from "./variant.js";

export type { CrashVariant, StatusLine, TaskPlan } from "./variant.js";

/** Tasks as detached child processes with their state in a directory: no Docker needed. */
export const dirVariant: CrashVariant = {
  name: "dir",
  available: async () => true,
  executor: async (work) => new DirExecutor(runtimeDir(work), { prepareDelayMs: 200, removeDelayMs: 300 }),
  task: (id, plan) => ({
    id,
    spec: { container: { image: "none", env: [`SLEEP_MS=${plan.sleepMs}`, `EXIT=${plan.exitCode}`] } },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  }),
  runs: async (work, taskIds) => countRuns(work, taskIds),
  instances: async (work, taskId) => (existsSync(join(runtimeDir(work), taskId)) ? 1 : 0),
  exitTimes: async (work, taskIds) => {
    const times = new Map<string, number>();
    for (const id of taskIds) {
      const exit = readExit(runtimeDir(work), id);
      if (exit) times.set(id, exit.at);
    }
    return times;
  },
  cleanup: async (work, taskIds) => {
    for (const id of taskIds) {
      const pid = readPid(runtimeDir(work), id);
      if (pid === undefined || readExit(runtimeDir(work), id)) continue;
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
  },
};

/** Every variant, by name. */
export const crashVariants: Record<string, CrashVariant> = {
  [dirVariant.name]: dirVariant,
  [dockerVariant.name]: dockerVariant,
};

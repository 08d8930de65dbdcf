// Runtimes the crash-recovery test runs against. Each one makes the tasks, the executor the agent
// process uses, and the probes the test reads the runtime with. Imported by the agent process
// too, so nothing here may import vitest.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Executor, Task } from "../../../src/index.js";
import { TaskState } from "../../../src/index.js";
import { DirExecutor, readExit, readPid } from "./dir-executor.js";

/** What a task of the test does: run for `sleepMs`, then exit with `exitCode`. */
export interface TaskPlan {
  sleepMs: number;
  exitCode: number;
}

/** One line of `<work>/statuses.jsonl`: a status the agent process reported upstream. */
export interface StatusLine {
  /** Which agent process reported it: 1 before the crash, 2 after. */
  run: number;
  taskId: string;
  state: number;
  message?: string;
  err?: string;
  exitCode?: number;
  at: number;
}

/** A runtime whose tasks survive the agent process being killed. */
export interface CrashVariant {
  name: string;
  /** Whether the runtime can be used here. Under CI a variant that is not available fails. */
  available(): Promise<boolean>;
  /** The executor of the agent process; `work` is the test's working directory. */
  executor(work: string): Promise<Executor>;
  /** The task that follows `plan`. */
  task(id: string, plan: TaskPlan): Task;
  /** How many times each task's runtime was started: more than once is a duplicate. */
  runs(work: string, taskIds: readonly string[]): Promise<Map<string, number>>;
  /** Whether anything of the task's runtime is left (a container, a directory). */
  exists(work: string, taskId: string): Promise<boolean>;
  /** When each exited task's runtime exited (ms since the epoch). */
  exitTimes(work: string, taskIds: readonly string[]): Promise<Map<string, number>>;
  /** Removes whatever the runtime still holds for these tasks. */
  cleanup(work: string, taskIds: readonly string[]): Promise<void>;
}

const runtimeDir = (work: string) => join(work, "runtime");

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
  runs: async (work, taskIds) => {
    const log = join(runtimeDir(work), "events.log");
    const lines = existsSync(log) ? readFileSync(log, "utf8").split("\n") : [];
    const runs = new Map(taskIds.map((id) => [id, 0]));
    for (const line of lines) {
      const [kind, id] = line.split(" ");
      if (kind === "run" && id !== undefined) runs.set(id, (runs.get(id) ?? 0) + 1);
    }
    return runs;
  },
  exists: async (work, taskId) => existsSync(join(runtimeDir(work), taskId)),
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

/** Every variant, by name. The Docker variant is added here once the Docker executor exists. */
export const crashVariants: Record<string, CrashVariant> = { [dirVariant.name]: dirVariant };

// What a runtime of the crash-recovery test provides, and what the runtimes share. Imported by
// the agent process too, so nothing here may import vitest.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Executor, Task } from "../../../src/index.js";

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
  /** The task that follows `plan`, run from the test's working directory `work`. */
  task(id: string, plan: TaskPlan, work: string): Task;
  /** How many times each task's runtime was started: more than once is a duplicate. */
  runs(work: string, taskIds: readonly string[]): Promise<Map<string, number>>;
  /** How many runtimes of the task exist now (containers, directories): more than one is a duplicate. */
  instances(work: string, taskId: string): Promise<number>;
  /** When each exited task's runtime exited (ms since the epoch). */
  exitTimes(work: string, taskIds: readonly string[]): Promise<Map<string, number>>;
  /** Removes whatever the runtime still holds for these tasks. */
  cleanup(work: string, taskIds: readonly string[]): Promise<void>;
}

/** Where a variant keeps its runtime's files: `<work>/runtime`. */
export const runtimeDir = (work: string) => join(work, "runtime");

/**
 * Counts the starts of each task in `<work>/runtime/events.log`, where a task's runtime appends
 * `run <id>` each time it starts.
 */
export function countRuns(work: string, taskIds: readonly string[]): Map<string, number> {
  const log = join(runtimeDir(work), "events.log");
  const lines = existsSync(log) ? readFileSync(log, "utf8").split("\n") : [];
  const runs = new Map(taskIds.map((id) => [id, 0]));
  for (const line of lines) {
    const [kind, id] = line.split(" ");
    if (kind === "run" && id !== undefined && runs.has(id)) runs.set(id, (runs.get(id) ?? 0) + 1);
  }
  return runs;
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AgentLimits,
  type Executor,
  isTerminalState,
  ReliableStatusReporter,
  type Task,
  TaskState,
  Worker,
} from "../../src/index.js";

/** Timings of one {@link runThroughWorker}. */
export interface WorkerRun {
  /** From `assign` until every task was removed, less the time spent in `atAllRunning`. */
  elapsedNs: number;
  /** From `assign` until every task reported RUNNING (or went past it). */
  toRunningNs: number;
  /** The tasks that ended in a terminal state other than COMPLETE. */
  incomplete: string[];
}

/** Resolves once `count` distinct tasks have reported a status that `matches`. */
function reached(worker: Worker, count: number, matches: (state: TaskState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const seen = new Set<string>();
    const onStatus = ({ taskId, status }: { taskId: string; status: { state: TaskState } }) => {
      if (!matches(status.state)) return;
      seen.add(taskId);
      if (seen.size === count) {
        worker.off("status", onStatus);
        resolve();
      }
    };
    worker.on("status", onStatus);
  });
}

/**
 * Runs `tasks` through the whole lifecycle with a fresh Worker (its own state directory, a
 * `ReliableStatusReporter` listening): assign them all, wait until each is terminal, assign the
 * empty set and wait for the removals. `atAllRunning` runs once every task is RUNNING (to measure
 * memory, or to let stub tasks finish); its time is not counted. Works with any executor, so the
 * same run serves stub and Docker benchmarks.
 */
export async function runThroughWorker(
  executor: Executor,
  tasks: readonly Task[],
  options: { limits?: AgentLimits; atAllRunning?: () => Promise<void> | void } = {},
): Promise<WorkerRun> {
  const stateDir = mkdtempSync(join(tmpdir(), "taskwright-bench-"));
  const worker = new Worker({ executor, stateDir, ...(options.limits ? { limits: options.limits } : {}) });
  try {
    await worker.init();
    const reporter = new ReliableStatusReporter({ updateTaskStatus: () => {} });
    worker.listen(reporter);
    const allRunning = reached(worker, tasks.length, (state) => state >= TaskState.Running);
    const allDone = reached(worker, tasks.length, isTerminalState);
    const incomplete = new Set<string>();
    worker.on("status", ({ taskId, status }) => {
      if (isTerminalState(status.state) && status.state !== TaskState.Complete) incomplete.add(taskId);
    });
    const started = process.hrtime.bigint();
    await worker.assign(tasks.map((task) => ({ action: "update", task })));
    await allRunning;
    const runningAt = process.hrtime.bigint();
    await options.atAllRunning?.();
    const resumedAt = process.hrtime.bigint();
    await allDone;
    await worker.assign([]);
    await worker.wait();
    await reporter.flush();
    const finished = process.hrtime.bigint();
    return {
      elapsedNs: Number(finished - started - (resumedAt - runningAt)),
      toRunningNs: Number(runningAt - started),
      incomplete: [...incomplete],
    };
  } finally {
    await worker.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

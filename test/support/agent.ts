import { onTestFinished } from "vitest";
import { type Task, TaskState, type TaskStatus, Worker, type WorkerOptions } from "../../src/index.js";
import { StubExecutor } from "./stub-executor.js";
import { tempDir } from "./temp-dir.js";

/** The states a task desired RUNNING walks through from ASSIGNED, when all goes well. */
export const walkToComplete: readonly TaskState[] = [
  TaskState.Accepted,
  TaskState.Preparing,
  TaskState.Ready,
  TaskState.Starting,
  TaskState.Running,
  TaskState.Complete,
];

/** Blocks until the signal aborts, then rejects with its reason: a running container's wait. */
export function blockUntilAborted(signal?: AbortSignal): Promise<void> {
  return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true }));
}

/** A task as the original's worker tests make them: no desired state, so it stops at ACCEPTED. */
export function assignedTask(id: string, extra: Partial<Task> = {}): Task {
  return { id, spec: {}, desiredState: TaskState.New, status: { state: TaskState.New }, ...extra };
}

/** A task meant to run. */
export function runningTask(id: string, extra: Partial<Task> = {}): Task {
  return { id, spec: {}, desiredState: TaskState.Running, status: { state: TaskState.Assigned }, ...extra };
}

/** A worker on a fresh state directory (or `stateDir`), initialised, closed when the test finishes. */
export async function openWorker(
  options: Partial<WorkerOptions> = {},
): Promise<{ worker: Worker; executor: StubExecutor; stateDir: string }> {
  const executor = (options.executor as StubExecutor | undefined) ?? new StubExecutor();
  const stateDir = options.stateDir ?? tempDir();
  const worker = new Worker({ ...options, executor, stateDir });
  onTestFinished(() => worker.close());
  await worker.init();
  return { worker, executor, stateDir };
}

/** A reporter that keeps every status it gets, per task, in order. */
export function statusLog() {
  const byTask = new Map<string, TaskStatus[]>();
  return {
    byTask,
    states: (taskId: string) => (byTask.get(taskId) ?? []).map((status) => status.state),
    latest: (taskId: string) => byTask.get(taskId)?.at(-1),
    updateTaskStatus(taskId: string, status: TaskStatus) {
      const list = byTask.get(taskId) ?? [];
      list.push(status);
      byTask.set(taskId, list);
    },
  };
}

/** The ids of the worker's stored tasks, and of the assigned ones. */
export function storedIds(worker: Worker): { tasks: string[]; assigned: string[] } {
  const stored = worker.tasks();
  return {
    tasks: stored.map((s) => s.task.id),
    assigned: stored.filter((s) => s.assigned).map((s) => s.task.id),
  };
}

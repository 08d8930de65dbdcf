import { randomUUID } from "node:crypto";
import { afterEach } from "vitest";
import { type ContainerSpec, Resolve, type Task, TaskState, type TaskStatus } from "../../src/index.js";
import { type ProcessController, ProcessExecutor, type ProcessExecutorOptions } from "../../src/process/index.js";
import { collectLogs, runToEnd } from "./lifecycle.js";

/** A task, desired RUNNING, whose container spec is `container`. */
export function processTask(container: ContainerSpec): Task {
  return {
    id: `process-${randomUUID().slice(0, 8)}`,
    spec: { container },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
}

/** A task that runs `script` with `sh -c`. */
export function shellTask(script: string, extra: Partial<ContainerSpec> = {}): Task {
  return processTask({ command: ["sh", "-c", script], ...extra });
}

/**
 * Controllers made through {@link track} are removed and closed after each test of the file
 * that calls this.
 */
export function useControllerCleanup(): (controller: ProcessController) => ProcessController {
  const made: ProcessController[] = [];
  afterEach(async () => {
    for (const controller of made.splice(0)) {
      await controller.remove().catch(() => {});
      await controller.close().catch(() => {});
    }
  });
  return (controller) => {
    made.push(controller);
    return controller;
  };
}

/** What {@link runTask} observed. */
export interface TaskRun {
  status: TaskStatus;
  controller?: ProcessController;
  stdout: string[];
  stderr: string[];
}

/** Resolves and runs a task to its end with a process executor; collects its output lines. */
export async function runTask(
  task: Task,
  executor: ProcessExecutor = new ProcessExecutor(),
  track: (controller: ProcessController) => ProcessController = (c) => c,
): Promise<TaskRun> {
  const resolved = await Resolve(task, executor);
  task.status = resolved.status;
  if (!resolved.controller) return { status: resolved.status, stdout: [], stderr: [] };
  const controller = track(resolved.controller as ProcessController);
  const { status } = await runToEnd(task, controller);
  const lines = await collectLogs(controller, {});
  const of = (stream: string) => lines.filter((l) => l.stream === stream).map((l) => l.text);
  return { status, controller, stdout: of("stdout"), stderr: of("stderr") };
}

export { ProcessExecutor, type ProcessExecutorOptions };

import { expect } from "vitest";
import {
  type Controller,
  Do,
  type DoResult,
  type ExecError,
  type Task,
  TaskState,
  type TaskStatus,
} from "../../src/index.js";

/** A task with the given state and desired state, like the original's `newTestTask`. */
export function newTestTask(state: TaskState, desiredState: TaskState): Task {
  return { id: "test-task", spec: {}, desiredState, status: { state } };
}

/** The status without its timestamp. */
export function withoutTimestamp(status: TaskStatus): TaskStatus {
  const { timestamp: _ignored, ...rest } = status;
  return rest;
}

/**
 * One `Do` step checked like the original's `checkDo`: the returned error, a timestamp that does
 * not go back, and the status (timestamp aside) deep-equal to `expected`. Feeds the new status
 * back into `task`, as the original test does.
 */
export async function checkDo(
  task: Task,
  controller: Controller,
  expected: TaskStatus,
  expectedError?: ExecError,
): Promise<DoResult> {
  const result = await Do(task, controller);
  expect(result.error).toBe(expectedError);
  if (task.status.timestamp && result.status.timestamp) {
    expect(result.status.timestamp.getTime()).toBeGreaterThanOrEqual(task.status.timestamp.getTime());
  }
  expect(withoutTimestamp(result.status)).toStrictEqual(expected);
  task.status = result.status;
  return result;
}

/** An error that carries an exit code, like the original's test exit error. */
export function exitError(code: number, message = `test error, exit code=${code}`): Error & { exitCode: number } {
  return Object.assign(new Error(message), { exitCode: code });
}

/** A `DOMException` like the one an aborted signal produces: the original's `context.Canceled`. */
export function abortError(): DOMException {
  return new DOMException("The operation was aborted.", "AbortError");
}

export { TaskState };

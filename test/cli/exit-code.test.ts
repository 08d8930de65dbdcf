import { describe, expect, it } from "vitest";
import { exitCodeOf } from "../../src/cli/exit-code.js";
import { TaskState, type TaskStatus } from "../../src/index.js";

const status = (state: TaskState, exitCode?: number): TaskStatus =>
  exitCode === undefined ? { state } : { state, container: { exitCode } };

describe("exitCodeOf", () => {
  it.each([
    ["COMPLETE", status(TaskState.Complete, 0), undefined, 0],
    ["COMPLETE after Ctrl-C (it finished first)", status(TaskState.Complete, 0), "SIGINT", 0],
    ["FAILED with exit code 3", status(TaskState.Failed, 3), undefined, 3],
    ["FAILED killed by SIGKILL", status(TaskState.Failed, 137), undefined, 137],
    ["FAILED without an exit code", status(TaskState.Failed), undefined, 1],
    ["FAILED with exit code 0 (e.g. unhealthy)", status(TaskState.Failed, 0), undefined, 1],
    ["FAILED with an exit code out of range", status(TaskState.Failed, 256), undefined, 1],
    ["REJECTED", status(TaskState.Rejected), undefined, 1],
    ["SHUTDOWN after Ctrl-C", status(TaskState.Shutdown, 0), "SIGINT", 130],
    ["SHUTDOWN after SIGTERM", status(TaskState.Shutdown, 143), "SIGTERM", 143],
    ["interrupted before it had a controller (NEW)", status(TaskState.New), "SIGINT", 130],
    ["SHUTDOWN without a signal", status(TaskState.Shutdown), undefined, 1],
  ] as const)("%s → %i", (_name, taskStatus, signal, code) => {
    expect(exitCodeOf(taskStatus, signal)).toBe(code);
  });
});

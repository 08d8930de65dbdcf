import { describe, expect, it } from "vitest";
import {
  isTaskState,
  isTerminalState,
  TaskState,
  taskStateFromName,
  taskStateName,
  taskStates,
} from "../../src/index.js";

describe("TaskState", () => {
  it("has the original's values, in order", () => {
    expect(TaskState).toEqual({
      New: 0,
      Pending: 64,
      Assigned: 192,
      Accepted: 256,
      Preparing: 320,
      Ready: 384,
      Starting: 448,
      Running: 512,
      Complete: 576,
      Shutdown: 640,
      Failed: 704,
      Rejected: 768,
      Remove: 800,
      Orphaned: 832,
    });
    expect([...taskStates]).toEqual(Object.values(TaskState));
  });

  it("names every state in upper case, and a stranger by its number", () => {
    expect(taskStates.map(taskStateName)).toEqual([
      "NEW",
      "PENDING",
      "ASSIGNED",
      "ACCEPTED",
      "PREPARING",
      "READY",
      "STARTING",
      "RUNNING",
      "COMPLETE",
      "SHUTDOWN",
      "FAILED",
      "REJECTED",
      "REMOVE",
      "ORPHANED",
    ]);
    expect(taskStateName(5)).toBe("5");
  });

  it("maps names back and classifies values", () => {
    for (const state of taskStates) expect(taskStateFromName(taskStateName(state))).toBe(state);
    expect(taskStateFromName("running")).toBeUndefined();
    expect(isTaskState(TaskState.Ready)).toBe(true);
    expect(isTaskState(1)).toBe(false);
    expect(isTaskState("0")).toBe(false);
    expect(taskStates.filter(isTerminalState).map(taskStateName)).toEqual([
      "COMPLETE",
      "SHUTDOWN",
      "FAILED",
      "REJECTED",
      "REMOVE",
      "ORPHANED",
    ]);
  });
});

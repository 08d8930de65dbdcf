import { describe, expect, it } from "vitest";
import { invalidTaskError, newTaskId, taskOf } from "../../src/cli/task-file.js";
import { TaskState, validateTask } from "../../src/index.js";

const spec = { container: { command: ["true"] } };

describe("taskOf", () => {
  it("starts the file's task at NEW, desired RUNNING, keeping its id and other fields", () => {
    const { task, issues } = taskOf({ id: "mine", slot: 2, spec }, () => "unused");
    expect(issues).toEqual([]);
    expect(task).toEqual({
      id: "mine",
      slot: 2,
      spec,
      desiredState: TaskState.Running,
      status: { state: TaskState.New },
    });
  });

  it("gives a task without an id a new one", () => {
    expect(taskOf({ spec }, () => "made-1").task?.id).toBe("made-1");
  });

  it.each([512, "RUNNING"])("accepts desiredState %j", (desiredState) => {
    expect(taskOf({ spec, desiredState }, () => "x").task?.desiredState).toBe(TaskState.Running);
  });

  it("names status, another desiredState, a bad id and unknown fields, all at once", () => {
    const { task, issues } = taskOf(
      { id: "-bad", spec, status: { state: 0 }, desiredState: "COMPLETE", colour: "red" },
      () => "x",
    );
    expect(task).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual(["status", "desiredState", "id", "colour"]);
  });

  it.each([null, [], "spec", 3])("refuses a document that is not an object: %j", (value) => {
    expect(taskOf(value, () => "x").issues).toEqual([
      { path: "(task)", message: "the file must hold a task: an object with a spec" },
    ]);
  });
});

describe("newTaskId", () => {
  it.each([
    ["tasks/hello.yaml", /^hello-[0-9a-f]{8}$/],
    ["my task (1).json", /^my-task-1-[0-9a-f]{8}$/],
    ["-._.yaml", /^task-[0-9a-f]{8}$/],
    ["ünïcode.yml", /^n-code-[0-9a-f]{8}$/],
  ])("%s → %s, a valid task id", (file, pattern) => {
    const id = newTaskId(file);
    expect(id).toMatch(pattern);
    expect(() => validateTask({ id, spec: {}, desiredState: 512, status: { state: 0 } })).not.toThrow();
  });

  it("differs each time", () => {
    expect(newTaskId("a.yaml")).not.toBe(newTaskId("a.yaml"));
  });
});

describe("invalidTaskError", () => {
  it("lists the issues in the order of their lines in the file, those without a place last", () => {
    const places: Record<string, { line: number; column: number }> = {
      status: { line: 9, column: 1 },
      "spec.container.stopGracePeriod": { line: 5, column: 5 },
      "spec.container.env.0": { line: 4, column: 7 },
    };
    const err = invalidTaskError(
      "t.yaml",
      [
        { path: "status", message: "must be absent" },
        { path: "(task)", message: "somewhere" },
        { path: "spec.container.stopGracePeriod", message: "must not be negative" },
        { path: "spec.container.env.0", message: "must be NAME=value" },
      ],
      (path) => places[path],
    );
    expect(err.message.split("\n").slice(1)).toEqual([
      "  t.yaml:4:7: spec.container.env.0: must be NAME=value",
      "  t.yaml:5:5: spec.container.stopGracePeriod: must not be negative",
      "  t.yaml:9:1: status: must be absent",
      "  t.yaml: (task): somewhere",
    ]);
  });
});

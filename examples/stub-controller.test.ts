// Tests an orchestration step without any runtime: StubController stands in for Docker or a
// process, and each test decides what its operations do. Run with the other tests (`npm test`),
// or alone: npx vitest run examples/stub-controller.test.ts

import { Do, ErrTaskNoop, makeTemporary, StubController, type Task, TaskState, taskStateName } from "taskwright";
import { describe, expect, it } from "vitest";

const newTask = (): Task => ({
  id: "stub-1",
  spec: { container: { image: "busybox:1.36", command: ["true"] } },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
});

/** Steps the task with Do until nothing more happens, collecting each state's name. */
async function walk(task: Task, controller: StubController): Promise<string[]> {
  const states: string[] = [];
  for (let step = 0; step < 20; step++) {
    const { status, error } = await Do(task, controller);
    task.status = status;
    states.push(taskStateName(status.state));
    if (error === ErrTaskNoop) return states;
  }
  throw new Error("the task did not settle");
}

describe("a task driven by Do with a StubController", () => {
  it("walks NEW → COMPLETE, calling prepare, start and wait once each", async () => {
    const task = newTask();
    const controller = new StubController();
    expect(await walk(task, controller)).toEqual([
      "ACCEPTED",
      "PREPARING",
      "READY",
      "STARTING",
      "RUNNING",
      "COMPLETE",
      "COMPLETE", // the noop step: nothing more to do
    ]);
    expect(controller.calls).toMatchObject({ prepare: 1, start: 1, wait: 1, shutdown: 0 });
  });

  it("fails the task with the exit code of a failing wait", async () => {
    const task = newTask();
    const controller = new StubController({
      waitFn: () => Promise.reject(Object.assign(new Error("task: non-zero exit (3)"), { exitCode: 3 })),
    });
    expect((await walk(task, controller)).at(-1)).toBe("FAILED");
    expect(task.status).toMatchObject({ err: "task: non-zero exit (3)", container: { exitCode: 3 } });
  });

  it("retries a temporary failure instead of failing the task", async () => {
    const task = newTask();
    const controller = new StubController();
    controller.prepareFn = () => {
      // The first prepare hits a temporary problem (the engine restarting); the second works.
      if (controller.calls.prepare === 1) throw makeTemporary(new Error("engine restarting"));
    };
    expect(await walk(task, controller)).toEqual([
      "ACCEPTED",
      "PREPARING",
      "PREPARING", // ErrTaskRetry, with status.err "engine restarting"
      "READY",
      "STARTING",
      "RUNNING",
      "COMPLETE",
      "COMPLETE",
    ]);
    expect(controller.calls.prepare).toBe(2);
  });
});

import { describe, expect, it, vi } from "vitest";
import {
  type AssignmentChange,
  type Config,
  type Secret,
  StubController,
  type Task,
  TaskState,
  type Worker,
} from "../../src/index.js";
import { assignedTask, openWorker, storedIds } from "../support/agent.js";
import type { StubExecutor } from "../support/stub-executor.js";

const secret = (id: string): Secret => ({ id, spec: { data: new TextEncoder().encode(id) } });
const config = (id: string): Config => ({ id, spec: { data: new TextEncoder().encode(id) } });
const update = (item: { task: Task } | { secret: Secret } | { config: Config }): AssignmentChange =>
  ({ action: "update", ...item }) as AssignmentChange;
const remove = (item: { task: Task } | { secret: Secret } | { config: Config }): AssignmentChange =>
  ({ action: "remove", ...item }) as AssignmentChange;

/** The checks of the original's worker tests: stored tasks, assigned tasks, secrets and configs. */
async function expectState(
  worker: Worker,
  executor: StubExecutor,
  expected: { tasks: string[]; assigned?: string[]; secrets: string[]; configs: string[] },
): Promise<void> {
  await vi.waitFor(() => expect(storedIds(worker).tasks).toStrictEqual(expected.tasks));
  expect(storedIds(worker).assigned).toStrictEqual(expected.assigned ?? expected.tasks);
  expect(held(executor.secrets, ["secret-1", "secret-2"])).toStrictEqual(expected.secrets);
  expect(held(executor.configs, ["config-1", "config-2"])).toStrictEqual(expected.configs);
}

/** Which of the candidate ids a secrets or configs manager serves (`get` throws for the others). */
function held(manager: { get(id: string): unknown }, candidates: string[]): string[] {
  return candidates.filter((id) => {
    try {
      manager.get(id);
      return true;
    } catch {
      return false;
    }
  });
}

/** The task's controller got `remove` and then `close`, once each, and nothing that runs the task. */
function expectRemovedInOrder(executor: StubExecutor, taskId: string): void {
  expect(executor.controllers.get(taskId)?.calls).toMatchObject({
    remove: 1,
    close: 1,
    prepare: 0,
    start: 0,
    wait: 0,
    shutdown: 0,
  });
  expect(executor.log.filter((entry) => entry.startsWith(`${taskId}:`))).toStrictEqual([
    `${taskId}:remove`,
    `${taskId}:close`,
  ]);
}

// Ports of SwarmKit's agent/worker_test.go (volumes left out: taskwright has none).
describe("Worker: the original's TestWorkerAssign", () => {
  it("walks the four complete sets of the table", async () => {
    const { worker, executor } = await openWorker();

    await worker.assign([]);
    await expectState(worker, executor, { tasks: [], secrets: [], configs: [] });

    await worker.assign([
      update({ task: assignedTask("task-1") }),
      update({ secret: secret("secret-1") }),
      update({ config: config("config-1") }),
      remove({ secret: secret("secret-2") }),
      remove({ task: assignedTask("task-2") }),
      remove({ config: config("config-2") }),
    ]);
    await expectState(worker, executor, { tasks: ["task-1"], secrets: ["secret-1"], configs: ["config-1"] });

    await worker.assign([
      update({ task: assignedTask("task-2") }),
      update({ secret: secret("secret-2") }),
      update({ config: config("config-2") }),
    ]);
    await expectState(worker, executor, { tasks: ["task-2"], secrets: ["secret-2"], configs: ["config-2"] });
    expectRemovedInOrder(executor, "task-1");

    await worker.assign([]);
    await expectState(worker, executor, { tasks: [], secrets: [], configs: [] });
    expectRemovedInOrder(executor, "task-2");
  });
});

describe("Worker: the original's TestWorkerWait", () => {
  it("wait() resolves once a complete set without tasks removed them all", async () => {
    const { worker, executor } = await openWorker();
    await worker.assign([
      update({ task: assignedTask("task-1") }),
      update({ task: assignedTask("task-2") }),
      update({ secret: secret("secret-1") }),
      update({ config: config("config-1") }),
    ]);
    await expectState(worker, executor, {
      tasks: ["task-1", "task-2"],
      secrets: ["secret-1"],
      configs: ["config-1"],
    });
    await worker.assign([]);
    await worker.wait({ signal: AbortSignal.timeout(5_000) });
    expect(storedIds(worker)).toStrictEqual({ tasks: [], assigned: [] });
    expectRemovedInOrder(executor, "task-1");
    expectRemovedInOrder(executor, "task-2");
  });

  it("wait() rejects with the signal's reason while tasks remain", async () => {
    const { worker } = await openWorker();
    await worker.assign([update({ task: assignedTask("task-1") })]);
    const reason = new Error("enough");
    await expect(worker.wait({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

describe("Worker: the original's TestWorkerUpdate", () => {
  it("walks the five incremental changes of the table", async () => {
    const { worker, executor } = await openWorker();
    await worker.assign([
      update({ task: assignedTask("task-1") }),
      update({ secret: secret("secret-1") }),
      update({ config: config("config-1") }),
    ]);

    await worker.update([]);
    await expectState(worker, executor, { tasks: ["task-1"], secrets: ["secret-1"], configs: ["config-1"] });

    await worker.update([update({ task: assignedTask("task-1") })]);
    await expectState(worker, executor, { tasks: ["task-1"], secrets: ["secret-1"], configs: ["config-1"] });
    expect(executor.controllerCalls).toBe(1);

    await worker.update([
      update({ task: assignedTask("task-2") }),
      update({ secret: secret("secret-2") }),
      update({ config: config("config-2") }),
    ]);
    await expectState(worker, executor, {
      tasks: ["task-1", "task-2"],
      secrets: ["secret-1", "secret-2"],
      configs: ["config-1", "config-2"],
    });

    await worker.update([
      remove({ task: assignedTask("task-1") }),
      remove({ secret: secret("secret-1") }),
      remove({ config: config("config-1") }),
      update({ secret: secret("secret-2") }),
      update({ config: config("config-2") }),
    ]);
    await expectState(worker, executor, { tasks: ["task-2"], secrets: ["secret-2"], configs: ["config-2"] });
    expectRemovedInOrder(executor, "task-1");

    await worker.update([
      remove({ task: assignedTask("task-1") }),
      remove({ secret: secret("secret-1") }),
      remove({ task: assignedTask("task-2") }),
      remove({ secret: secret("secret-2") }),
      remove({ config: config("config-1") }),
      remove({ config: config("config-2") }),
    ]);
    await expectState(worker, executor, { tasks: [], secrets: [], configs: [] });
    expectRemovedInOrder(executor, "task-2");
    expect(executor.controllerCalls).toBe(2);
  });
});

describe("Worker: tasks", () => {
  it("resolves each task to ACCEPTED and stops there when it has no desired state, as in the original", async () => {
    const { worker, executor } = await openWorker();
    await worker.assign([update({ task: assignedTask("task-1") })]);
    await vi.waitFor(() => expect(worker.tasks()[0]?.task.status.state).toBe(TaskState.Accepted));
    expect(executor.controllers.get("task-1")?.calls).toMatchObject({ update: 0, prepare: 0, start: 0, wait: 0 });
  });

  it("applies secrets and configs before tasks, so a task's controller sees them", async () => {
    const { worker, executor } = await openWorker();
    const seen: string[][] = [];
    const original = executor.controller.bind(executor);
    executor.controller = (task) => {
      seen.push([...held(executor.secrets, ["secret-1"]), ...held(executor.configs, ["config-1"])]);
      return original(task);
    };
    await worker.assign([
      update({ task: assignedTask("task-1") }),
      update({ config: config("config-1") }),
      update({ secret: secret("secret-1") }),
    ]);
    await vi.waitFor(() => expect(seen).toStrictEqual([["secret-1", "config-1"]]));
  });

  it("removes a task the executor refused without asking its controller (there is none)", async () => {
    const { worker, executor } = await openWorker();
    executor.controller = () => {
      throw new Error("unsupported");
    };
    await worker.assign([update({ task: assignedTask("task-1", { desiredState: TaskState.Running }) })]);
    await vi.waitFor(() => expect(worker.tasks()[0]?.task.status.state).toBe(TaskState.Rejected));
    await worker.assign([]);
    await worker.wait();
    expect(worker.tasks()).toStrictEqual([]);
  });

  it("ignores secrets and configs when the executor has no managers for them", async () => {
    const { worker } = await openWorker({
      executor: Object.assign(Object.create(null), {
        describe: async () => ({}),
        configure: async () => {},
        controller: () => new StubController(),
      }),
    });
    await expect(worker.assign([update({ secret: secret("s") }), update({ config: config("c") })])).resolves.toBe(
      undefined,
    );
  });

  it("rejects a malformed change with a TypeError naming it, and changes nothing", async () => {
    const { worker } = await openWorker();
    const bad = [update({ task: assignedTask("task-1") }), { action: "update" } as unknown as AssignmentChange];
    await expect(worker.assign(bad)).rejects.toThrow("changes[1]: expected exactly one of task, secret, config");
    await expect(
      worker.update([{ action: "replace", task: assignedTask("task-1") } as unknown as AssignmentChange]),
    ).rejects.toThrow(TypeError);
    expect(worker.tasks()).toStrictEqual([]);
  });
});

import { describe, expectTypeOf, it } from "vitest";
import type {
  AgentErrorEvent,
  AssignmentChange,
  RetryingTask,
  Task,
  TaskStatusEvent,
  Worker,
  WorkerEvents,
} from "../../src/index.js";

// Compile-time checks (tsc runs over the tests): a mistake here fails `npm test` at type-check.
describe("Worker events and assignment types", () => {
  it("types each event's listener", () => {
    const on = (worker: Worker) => {
      worker.on("status", (event) => expectTypeOf(event).toEqualTypeOf<TaskStatusEvent>());
      worker.on("taskAdded", (task) => expectTypeOf(task).toEqualTypeOf<Task>());
      worker.on("taskRemoved", (taskId) => expectTypeOf(taskId).toEqualTypeOf<string>());
      worker.on("retrying", (retrying) => expectTypeOf(retrying).toEqualTypeOf<RetryingTask>());
      worker.on("error", (event) => expectTypeOf(event).toEqualTypeOf<AgentErrorEvent>());
      // @ts-expect-error: not an event of a worker
      worker.on("finished", () => {});
    };
    expectTypeOf(on).toBeFunction();
    expectTypeOf<keyof WorkerEvents>().toEqualTypeOf<
      "status" | "taskAdded" | "taskRemoved" | "retrying" | "recovered" | "error"
    >();
  });

  it("an assignment change carries exactly one of task, secret, config", () => {
    expectTypeOf<{ action: "update"; task: Task }>().toExtend<AssignmentChange>();
    expectTypeOf<{ action: "replace"; task: Task }>().not.toExtend<AssignmentChange>();
    expectTypeOf<{ action: "remove" }>().not.toExtend<AssignmentChange>();
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ContainerStatus,
  Do,
  ErrTaskNoop,
  ErrTaskPrepared,
  ErrTaskRetry,
  ErrTaskStarted,
  isTerminalState,
  makeTemporary,
  StubController,
  type Task,
  TaskState,
  type TaskStatus,
  taskStates,
  taskStatusesEqualStable,
} from "../../src/index.js";
import { abortError, exitError } from "../support/tasks.js";

const outcomes = ["success", "prepared", "started", "plain", "temporary", "abort", "exit"] as const;
type Outcome = (typeof outcomes)[number];

function failureOf(outcome: Outcome): unknown {
  switch (outcome) {
    case "success":
      return undefined;
    case "prepared":
      return ErrTaskPrepared;
    case "started":
      return ErrTaskStarted;
    case "plain":
      return new Error("plain failure");
    case "temporary":
      return makeTemporary(new Error("temporary failure"));
    case "abort":
      return abortError();
    case "exit":
      return exitError(7);
  }
}

const stateArb = fc.constantFrom(...taskStates);
const containerArb: fc.Arbitrary<ContainerStatus> = fc.record(
  { containerId: fc.string(), pid: fc.nat(), exitCode: fc.integer({ min: -1, max: 255 }) },
  { requiredKeys: [], noNullPrototype: true },
);
const statusArb = (state: TaskState): fc.Arbitrary<TaskStatus> =>
  fc.record(
    {
      state: fc.constant(state),
      message: fc.string(),
      err: fc.string(),
      timestamp: fc.date({ min: new Date(0), max: new Date(4_000_000_000_000), noInvalidDate: true }),
      container: containerArb,
    },
    { requiredKeys: ["state"], noNullPrototype: true },
  );
const taskArb: fc.Arbitrary<Task> = fc
  .tuple(stateArb, stateArb)
  .chain(([state, desiredState]) =>
    statusArb(state).map((status) => ({ id: "prop-task", spec: {}, desiredState, status }) as Task),
  );
const controllerArb = fc.record({
  outcome: fc.constantFrom(...outcomes),
  containerStatus: fc.option(fc.oneof(containerArb, fc.constant("fails" as const)), { nil: undefined }),
  ports: fc.boolean(),
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value) && !(value instanceof Date)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

type ControllerSpec = typeof controllerArb extends fc.Arbitrary<infer T> ? T : never;

function makeController(spec: ControllerSpec): StubController {
  const failure = failureOf(spec.outcome);
  const run = async () => {
    if (failure !== undefined) throw failure;
  };
  const stub = new StubController({
    updateFn: run,
    prepareFn: run,
    startFn: run,
    waitFn: run,
    shutdownFn: run,
    terminateFn: run,
    removeFn: run,
    closeFn: run,
  });
  const status = spec.containerStatus;
  if (status !== undefined) {
    Object.assign(stub, {
      containerStatus: async () => {
        if (status === "fails") throw new Error("inspect failed");
        return status;
      },
    });
  }
  if (spec.ports) {
    Object.assign(stub, { portStatus: async () => ({ ports: [{ targetPort: 80, publishedPort: 8080 }] }) });
  }
  return stub;
}

const totalCalls = (stub: StubController) => Object.values(stub.calls).reduce((a, b) => a + b, 0);

describe("Do: properties over random states, desired states and controller outcomes", () => {
  it("holds the lifecycle's invariants", async () => {
    await fc.assert(
      fc.asyncProperty(taskArb, controllerArb, async (task, controllerSpec) => {
        const before = structuredClone(task);
        deepFreeze(task);
        const stub = makeController(controllerSpec);

        // never rejects (a rejection fails the property), and never mutates its (frozen) input
        const { status, error } = await Do(task, stub);
        expect(task).toStrictEqual(before);

        // the state never decreases
        expect(status.state).toBeGreaterThanOrEqual(task.status.state);
        // at most one controller operation
        expect(totalCalls(stub)).toBeLessThanOrEqual(1);
        // a terminal task is never shut down (nor anything else)
        if (isTerminalState(task.status.state)) {
          expect(stub.calls.shutdown).toBe(0);
          expect(totalCalls(stub)).toBe(0);
        }
        // the timestamp changes exactly when the rest of the status changed, and only forward
        const changed = !taskStatusesEqualStable(status, task.status);
        if (changed) {
          expect(status.timestamp).toBeInstanceOf(Date);
          if (task.status.timestamp)
            expect(status.timestamp!.getTime()).toBeGreaterThan(task.status.timestamp.getTime());
        } else {
          expect(status.timestamp).toBe(task.status.timestamp);
        }
        // flow control is only ever noop or retry; a retry keeps the state; a noop calls nothing
        expect([undefined, ErrTaskNoop, ErrTaskRetry]).toContain(error);
        if (error === ErrTaskRetry) expect(status.state).toBe(task.status.state);
        if (error === ErrTaskNoop) {
          expect(totalCalls(stub)).toBe(0);
          expect(status.state).toBe(task.status.state);
        }
        // failures land on the right side of STARTING
        if (status.state === TaskState.Rejected && task.status.state !== TaskState.Rejected) {
          expect(task.status.state).toBeLessThan(TaskState.Starting);
        }
        if (status.state === TaskState.Failed && task.status.state !== TaskState.Failed) {
          expect(task.status.state).toBeGreaterThanOrEqual(TaskState.Starting);
        }
        // the agent never takes a task past SHUTDOWN on its own
        if (task.desiredState >= TaskState.Shutdown && !isTerminalState(task.status.state)) {
          expect([task.status.state, TaskState.Shutdown, TaskState.Rejected, TaskState.Failed]).toContain(status.state);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("a walk of random outcomes from NEW only ever moves forward and ends in a terminal state or a noop", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...outcomes), { minLength: 1, maxLength: 30 }), async (steps) => {
        let task: Task = { id: "walk", spec: {}, desiredState: TaskState.Running, status: { state: TaskState.New } };
        for (const outcome of steps) {
          const stub = makeController({ outcome, containerStatus: undefined, ports: false });
          const { status, error } = await Do(task, stub);
          expect(status.state).toBeGreaterThanOrEqual(task.status.state);
          task = { ...task, status };
          if (error === ErrTaskNoop) {
            expect(isTerminalState(status.state) || status.state === task.desiredState).toBe(true);
            break;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

import { setup } from "xstate";
import { TaskState, type TaskStateName, taskStateName } from "./task-state.js";

/** A controller operation that a step of the lifecycle performs. */
export type TaskOperation = "prepare" | "start" | "wait" | "shutdown";

/**
 * Events of {@link taskLifecycle}.
 *
 * - `step`: "advance one step towards `desiredState`": the machine either moves on its own
 *   (`accepted`, `preparing`, `starting`), asks for an operation (a `perform` action) or does nothing.
 * - `prepare.done`, `start.done`, `wait.done`, `shutdown.done`: the operation succeeded.
 * - `operation.failed`: the operation failed for good (not temporary, not aborted).
 * - `resolve.done`, `resolve.failed`: the executor did or did not give a controller.
 */
export type TaskLifecycleEvent =
  | {
      /** Advance one step. */
      type: "step";
      /** The task's desired state. */
      desiredState: TaskState;
    }
  | {
      /** The operation succeeded. */
      type: `${TaskOperation}.done`;
    }
  | {
      /** The operation failed for good. */
      type: "operation.failed";
    }
  | {
      /** The executor gave a controller. */
      type: "resolve.done";
    }
  | {
      /** The executor gave no controller. */
      type: "resolve.failed";
    };

type StepEvent = Extract<TaskLifecycleEvent, { type: "step" }>;

const desiredOf = (event: TaskLifecycleEvent): number =>
  event.type === "step" ? (event as StepEvent).desiredState : Number.NaN;

const name = (state: TaskState): TaskStateName => taskStateName(state);

const perform = (operation: TaskOperation) => ({ type: "perform", params: { operation } }) as const;
const setMessage = (message: string) => ({ type: "setMessage", params: { message } }) as const;
const setError = { type: "setError" } as const;

const toShutdown = { target: name(TaskState.Shutdown), actions: setMessage("shutdown") };
const shutdownWhenRequested = { guard: "shutdownRequested", actions: perform("shutdown") } as const;

/** Where a failure lands: REJECTED before STARTING (it never ran), FAILED from STARTING on. */
const failureTarget = (state: TaskState): TaskStateName =>
  name(state < TaskState.Starting ? TaskState.Rejected : TaskState.Failed);

const failureHandlers = (state: TaskState) => ({
  "operation.failed": { target: failureTarget(state), actions: setError },
  "resolve.failed": {
    target: failureTarget(state),
    actions: [setMessage("resolving controller failed"), setError],
  },
});

/** ACCEPTED, READY: move on without an operation while below the desired state. */
const pauseState = (state: TaskState, next: TaskState, message: string) => ({
  on: {
    step: [
      shutdownWhenRequested,
      { guard: { type: "desiredAbove", params: { state } } as const, target: name(next), actions: setMessage(message) },
    ],
    "shutdown.done": toShutdown,
    ...failureHandlers(state),
  },
});

/** NEW, PENDING, ASSIGNED: like a pause state, and a resolved controller means the task is accepted. */
const unacceptedState = (state: TaskState) => {
  const pause = pauseState(state, TaskState.Accepted, "accepted");
  return {
    on: { ...pause.on, "resolve.done": { target: name(TaskState.Accepted), actions: setMessage("accepted") } },
  };
};

/** PREPARING, STARTING, RUNNING: run an operation unless the desired state is lower, and may pass the desired state. */
const activeState = (state: TaskState, operation: TaskOperation, next: TaskState, message: string) => ({
  on: {
    step: [
      shutdownWhenRequested,
      { guard: { type: "desiredAtLeast", params: { state } } as const, actions: perform(operation) },
    ],
    [`${operation}.done`]: { target: name(next), actions: setMessage(message) },
    "shutdown.done": toShutdown,
    ...failureHandlers(state),
  },
});

/** COMPLETE and later: nothing moves the task; a failed resolve only records its error. */
const terminalState = {
  tags: ["terminal"],
  on: { "resolve.failed": { actions: [setMessage("resolving controller failed"), setError] } },
};

const machine = setup({
  types: { events: {} as TaskLifecycleEvent },
  actions: {
    perform: (_, _params: { operation: TaskOperation }) => {},
    setMessage: (_, _params: { message: string }) => {},
    setError: () => {},
  },
  guards: {
    shutdownRequested: ({ event }) => desiredOf(event) >= TaskState.Shutdown,
    desiredAbove: ({ event }, params: { state: TaskState }) => desiredOf(event) > params.state,
    desiredAtLeast: ({ event }, params: { state: TaskState }) => desiredOf(event) >= params.state,
  },
}).createMachine({
  id: "taskLifecycle",
  initial: "NEW",
  states: {
    NEW: unacceptedState(TaskState.New),
    PENDING: unacceptedState(TaskState.Pending),
    ASSIGNED: unacceptedState(TaskState.Assigned),
    ACCEPTED: pauseState(TaskState.Accepted, TaskState.Preparing, "preparing"),
    PREPARING: activeState(TaskState.Preparing, "prepare", TaskState.Ready, "prepared"),
    READY: pauseState(TaskState.Ready, TaskState.Starting, "starting"),
    STARTING: activeState(TaskState.Starting, "start", TaskState.Running, "started"),
    RUNNING: activeState(TaskState.Running, "wait", TaskState.Complete, "finished"),
    COMPLETE: terminalState,
    SHUTDOWN: terminalState,
    FAILED: terminalState,
    REJECTED: terminalState,
    REMOVE: terminalState,
    ORPHANED: terminalState,
  },
});

/**
 * The XState type of {@link taskLifecycle}: a `StateMachine` whose type arguments spell out every
 * state and transition. Deliberately not exported (its expansion is the machine itself); use
 * `typeof taskLifecycle`.
 */
type TaskLifecycleMachine = typeof machine;

/**
 * The task lifecycle: the single definition of every state, transition and status message.
 *
 * States are named by {@link taskStateName}. The machine performs no I/O and has no context:
 * `Do` and `Resolve` feed it events and read the target state and the returned actions:
 * `perform` (run a controller operation), `setMessage` (set `status.message` and clear
 * `status.err`) and `setError` (record the failure in `status.err`). Their implementations are
 * empty on purpose.
 *
 * Port of the decision table of SwarmKit's `exec.Do`:
 * 1. desired ≥ SHUTDOWN: shut down any task that is not terminal;
 * 2. a task past its desired state does nothing;
 * 3. PREPARING, STARTING and RUNNING run `prepare`, `start` and `wait`, and may pass the desired state;
 * 4. a task at its desired state does nothing;
 * 5. otherwise NEW/PENDING/ASSIGNED → ACCEPTED → PREPARING and READY → STARTING.
 */
export const taskLifecycle: TaskLifecycleMachine = machine;

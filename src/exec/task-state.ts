/**
 * The states of a task, in order. A state is a Lamport clock: a task only ever moves to a
 * larger value, and when two reports disagree the larger state wins.
 *
 * Values are those of SwarmKit's `TaskState` enum, so stored or transmitted values interoperate.
 */
export const TaskState = {
  /** Created by the manager. */
  New: 0,
  /** Waiting for scheduling. */
  Pending: 64,
  /** Assigned to a node. */
  Assigned: 192,
  /** The node's agent accepted the task. */
  Accepted: 256,
  /** Resources (image, container) are being prepared. */
  Preparing: 320,
  /** Prepared; ready to start. */
  Ready: 384,
  /** Starting (for a task with a healthcheck: until it is healthy). */
  Starting: 448,
  /** Running. */
  Running: 512,
  /** Ran to completion (exit code 0). Terminal. */
  Complete: 576,
  /** Shut down because the desired state asked for it. Terminal. */
  Shutdown: 640,
  /** Failed while starting or running. Terminal. */
  Failed: 704,
  /** Never ran: rejected before starting. Terminal. */
  Rejected: 768,
  /** Desired state for deletion. Terminal. */
  Remove: 800,
  /** Set by the orchestrator for a task whose node is gone. Terminal. */
  Orphaned: 832,
} as const;

/** A task state: one of the values of {@link TaskState}. */
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** The upper-case name of a state, e.g. `"RUNNING"`. */
export type TaskStateName =
  | "NEW"
  | "PENDING"
  | "ASSIGNED"
  | "ACCEPTED"
  | "PREPARING"
  | "READY"
  | "STARTING"
  | "RUNNING"
  | "COMPLETE"
  | "SHUTDOWN"
  | "FAILED"
  | "REJECTED"
  | "REMOVE"
  | "ORPHANED";

const stateNames = new Map<number, TaskStateName>(
  Object.entries(TaskState).map(([key, value]) => [value, key.toUpperCase() as TaskStateName]),
);
const statesByName = new Map<string, TaskState>([...stateNames].map(([value, name]) => [name, value as TaskState]));

/** Every task state, in increasing order. */
export const taskStates: readonly TaskState[] = Object.freeze(
  [...stateNames.keys()].sort((a, b) => a - b) as TaskState[],
);

/**
 * The upper-case name of a state: `"NEW"`, `"PENDING"`, … `"COMPLETE"`, … `"ORPHANED"`.
 *
 * A number that is not a task state gives its decimal form (e.g. `"5"`), as protobuf enums do.
 */
export function taskStateName(state: TaskState): TaskStateName;
export function taskStateName(state: number): string;
export function taskStateName(state: number): string {
  return stateNames.get(state) ?? String(state);
}

/** The state with the given upper-case name, or `undefined` if there is none. */
export function taskStateFromName(name: string): TaskState | undefined {
  return statesByName.get(name);
}

/** Whether `value` is one of the values of {@link TaskState}. */
export function isTaskState(value: unknown): value is TaskState {
  return typeof value === "number" && stateNames.has(value);
}

/** Whether the state is terminal: COMPLETE or later. Nothing moves a terminal task again. */
export function isTerminalState(state: TaskState): boolean {
  return state >= TaskState.Complete;
}

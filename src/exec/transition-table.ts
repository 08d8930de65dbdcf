import { transition } from "xstate";
import { type TaskLifecycleEvent, type TaskOperation, taskLifecycle } from "./machine.js";
import { type TaskState, taskStateFromName, taskStateName, taskStates } from "./task-state.js";

/**
 * A move to a state, as the machine describes it: the target state, the message to set
 * (`undefined`: keep the current one) and whether the error is recorded (`setError`) or cleared.
 *
 * @internal
 */
export interface Move {
  readonly state: TaskState;
  readonly message: string | undefined;
  readonly recordsError: boolean;
}

/**
 * What one `Do` step does from a state towards a desired state.
 *
 * @internal
 */
export type StepPlan =
  | { readonly kind: "noop" }
  | { readonly kind: "advance"; readonly move: Move }
  | { readonly kind: "perform"; readonly operation: TaskOperation; readonly onSuccess: Move; readonly onFailure: Move };

/** The outcome of `Resolve`. @internal */
export type ResolveOutcome = "resolve.done" | "resolve.failed";

/**
 * Runs one event through the machine's pure `transition` and reads the result as a {@link Move},
 * or `undefined` when the event changes nothing.
 */
function moveOf(state: TaskState, event: TaskLifecycleEvent): { move?: Move; operation?: TaskOperation } {
  const snapshot = taskLifecycle.resolveState({ value: taskStateName(state), context: {} });
  const [next, actions] = transition(taskLifecycle, snapshot, event);
  const target = taskStateFromName(String(next.value)) as TaskState;
  let message: string | undefined;
  let recordsError = false;
  let operation: TaskOperation | undefined;
  for (const action of actions) {
    const params = action.params as { message?: string; operation?: TaskOperation } | undefined;
    if (action.type === "setMessage") message = params?.message;
    else if (action.type === "setError") recordsError = true;
    else if (action.type === "perform") operation = params?.operation;
  }
  const changed = target !== state || message !== undefined || recordsError;
  return { move: changed ? { state: target, message, recordsError } : undefined, operation };
}

function requireMove(state: TaskState, event: TaskLifecycleEvent): Move {
  const { move } = moveOf(state, event);
  if (!move) throw new Error(`taskLifecycle: ${taskStateName(state)} does not handle ${event.type}`);
  return move;
}

function planOf(state: TaskState, desiredState: TaskState): StepPlan {
  const { move, operation } = moveOf(state, { type: "step", desiredState });
  if (operation) {
    return {
      kind: "perform",
      operation,
      onSuccess: requireMove(state, { type: `${operation}.done` }),
      onFailure: requireMove(state, { type: "operation.failed" }),
    };
  }
  return move ? { kind: "advance", move } : { kind: "noop" };
}

const key = (state: number, other: number) => state * 1024 + other;

let stepPlans: Map<number, StepPlan> | undefined;
let resolveMoves: Map<string, Move | undefined> | undefined;

/**
 * Every step of the lifecycle, computed once from {@link taskLifecycle} on first use, so that a
 * `Do` step costs a map lookup instead of an interpreter run while the machine stays the only
 * definition of the lifecycle.
 */
function buildStepPlans(): Map<number, StepPlan> {
  const plans = new Map<number, StepPlan>();
  for (const state of taskStates) {
    for (const desired of taskStates) plans.set(key(state, desired), planOf(state, desired));
  }
  return plans;
}

/**
 * The plan of a `Do` step from `state` towards `desiredState` (both valid task states).
 *
 * @internal
 */
export function planStep(state: TaskState, desiredState: TaskState): StepPlan {
  stepPlans ??= buildStepPlans();
  return stepPlans.get(key(state, desiredState)) as StepPlan;
}

/**
 * The move `Resolve` makes from `state`, or `undefined` when the status stays as it is.
 *
 * @internal
 */
export function resolveMove(state: TaskState, outcome: ResolveOutcome): Move | undefined {
  resolveMoves ??= new Map();
  const id = `${state}:${outcome}`;
  if (!resolveMoves.has(id)) resolveMoves.set(id, moveOf(state, { type: outcome }).move);
  return resolveMoves.get(id);
}

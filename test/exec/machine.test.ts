import { describe, expect, it } from "vitest";
import { transition } from "xstate";
import { adjacencyMapToArray, getAdjacencyMap } from "xstate/graph";
import { planStep } from "../../src/exec/transition-table.js";
import {
  isTerminalState,
  type TaskLifecycleEvent,
  TaskState,
  taskLifecycle,
  taskStateFromName,
  taskStateName,
  taskStates,
} from "../../src/index.js";

const rank = (value: unknown): number => {
  const state = taskStateFromName(String(value));
  if (state === undefined) throw new Error(`not a task state: ${String(value)}`);
  return state;
};

/** Every event the machine knows, with every possible desired state. */
const allEvents: TaskLifecycleEvent[] = [
  ...taskStates.map((desiredState) => ({ type: "step", desiredState }) as const),
  { type: "prepare.done" },
  { type: "start.done" },
  { type: "wait.done" },
  { type: "shutdown.done" },
  { type: "operation.failed" },
  { type: "resolve.done" },
  { type: "resolve.failed" },
];

const snapshotOf = (state: TaskState) => taskLifecycle.resolveState({ value: taskStateName(state), context: {} });

describe("taskLifecycle", () => {
  it("has one state per TaskState, named by taskStateName, tagged terminal from COMPLETE on", () => {
    expect(Object.keys(taskLifecycle.root.states)).toEqual(taskStates.map(taskStateName));
    for (const state of taskStates) {
      expect(snapshotOf(state).hasTag("terminal")).toBe(isTerminalState(state));
    }
  });

  it("never declares a transition to a lower state (structure)", () => {
    let edges = 0;
    for (const node of Object.values(taskLifecycle.root.states)) {
      for (const definitions of node.transitions.values()) {
        for (const definition of definitions) {
          for (const target of definition.target ?? []) {
            edges++;
            expect(rank(target.key), `${node.key} -> ${target.key}`).toBeGreaterThanOrEqual(rank(node.key));
          }
        }
      }
    }
    expect(edges).toBeGreaterThan(30);
  });

  it("never takes an edge to a lower state, from any state, for any event (behaviour, via xstate/graph)", () => {
    const seen = new Set<string>();
    for (const from of taskStates) {
      const map = getAdjacencyMap(taskLifecycle, { fromState: snapshotOf(from), events: allEvents });
      for (const { state, event, nextState } of adjacencyMapToArray(map)) {
        seen.add(`${String(state.value)}->${String(nextState.value)}`);
        expect(
          rank(nextState.value),
          `${String(state.value)} --${event.type}--> ${String(nextState.value)}`,
        ).toBeGreaterThanOrEqual(rank(state.value));
      }
    }
    // the lifecycle's main path and every kind of failure are in the graph
    for (const edge of [
      "NEW->ACCEPTED",
      "ACCEPTED->PREPARING",
      "PREPARING->READY",
      "READY->STARTING",
      "STARTING->RUNNING",
      "RUNNING->COMPLETE",
      "PREPARING->REJECTED",
      "RUNNING->FAILED",
      "READY->SHUTDOWN",
    ]) {
      expect(seen).toContain(edge);
    }
  });

  it("asks for an operation only in PREPARING, STARTING and RUNNING, or to shut down", () => {
    for (const state of taskStates) {
      for (const desiredState of taskStates) {
        const [, actions] = transition(taskLifecycle, snapshotOf(state), { type: "step", desiredState });
        const operations = actions
          .filter((a) => a.type === "perform")
          .map((a) => (a.params as { operation: string }).operation);
        let expected: string[] = [];
        if (isTerminalState(state)) expected = [];
        else if (desiredState >= TaskState.Shutdown) expected = ["shutdown"];
        else if (state > desiredState) expected = [];
        else if (state === TaskState.Preparing) expected = ["prepare"];
        else if (state === TaskState.Starting) expected = ["start"];
        else if (state === TaskState.Running) expected = ["wait"];
        expect(operations, `${taskStateName(state)} towards ${taskStateName(desiredState)}`).toEqual(expected);
      }
    }
  });

  it("is what Do's derived step table says, for every state and desired state", () => {
    for (const state of taskStates) {
      for (const desiredState of taskStates) {
        const [next, actions] = transition(taskLifecycle, snapshotOf(state), { type: "step", desiredState });
        const plan = planStep(state, desiredState);
        const perform = actions.find((a) => a.type === "perform");
        if (perform) {
          expect(plan.kind).toBe("perform");
          expect(plan.kind === "perform" && plan.operation).toBe((perform.params as { operation: string }).operation);
        } else if (rank(next.value) !== state) {
          expect(plan).toMatchObject({ kind: "advance", move: { state: rank(next.value) } });
        } else {
          expect(plan).toEqual({ kind: "noop" });
        }
      }
    }
  });
});

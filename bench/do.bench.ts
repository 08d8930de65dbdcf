import { transition } from "xstate";
import {
  Do,
  ErrTaskNoop,
  StubController,
  type Task,
  TaskState,
  type TaskStatus,
  taskLifecycle,
  taskStateName,
  taskStates,
} from "../src/index.js";
import { compare, report } from "./support/measure.js";
import { switchDo } from "./support/switch-do.js";

type Step = (task: Task, controller: StubController) => Promise<{ status: TaskStatus; error?: Error }>;

/** Walks `walks` tasks from NEW to COMPLETE (six steps and the closing noop each); returns the number of steps. */
async function walk(step: Step, walks: number): Promise<number> {
  let steps = 0;
  for (let i = 0; i < walks; i++) {
    const controller = new StubController();
    let task: Task = { id: `bench-${i}`, spec: {}, desiredState: TaskState.Running, status: { state: TaskState.New } };
    for (;;) {
      const { status, error } = await step(task, controller);
      steps++;
      if (error === ErrTaskNoop) break;
      task = { ...task, status };
    }
  }
  return steps;
}

/** Interprets the machine with xstate's pure `transition()` once per operation: what a step would cost without the derived table. */
async function interpret(operations: number): Promise<number> {
  const snapshots = taskStates.map((state) => taskLifecycle.resolveState({ value: taskStateName(state), context: {} }));
  for (let i = 0; i < operations; i++) {
    const snapshot = snapshots[i % snapshots.length] as (typeof snapshots)[number];
    transition(taskLifecycle, snapshot, { type: "step", desiredState: TaskState.Running });
  }
  return operations;
}

/** The cost of one `Do` step against a hand-written switch doing the same work. */
export async function benchDo(): Promise<void> {
  const walks = 2_000;
  const timings = await compare(
    {
      "switch Do (baseline)": () => walk(switchDo, walks),
      "Do (machine-derived)": () => walk(Do, walks),
    },
    { rounds: 25, warmupRounds: 5 },
  );
  // Measured apart, so that the garbage it makes does not land in the timing of the others.
  const [interpreted] = await compare(
    { "xstate transition() per step": () => interpret(walks * 7) },
    {
      rounds: 5,
      warmupRounds: 1,
    },
  );
  if (interpreted) timings.push(interpreted);
  report(`Do step over full lifecycle walks (${walks} walks × 7 steps per round)`, timings, "switch Do (baseline)", {
    subject: "Do (machine-derived)",
    ratio: 1.5,
  });
}

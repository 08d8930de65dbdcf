// Walks one task through its whole lifecycle with Do and a StubController:
// the controller stands in for a real runtime, so this runs anywhere.
//
//   npm run example:stub

import { Do, ErrTaskNoop, ErrTaskRetry, StubController, type Task, TaskState, taskStateName } from "taskwright";

const task: Task = {
  id: "hello-1",
  spec: { container: { image: "busybox:1.36", command: ["echo", "hello"] } },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
};

// Each operation would do real work in a real controller (pull, create, start, wait for exit).
const controller = new StubController({
  prepareFn: async () => console.log("  … controller.prepare(): pulling the image, creating the container"),
  startFn: async () => console.log("  … controller.start(): starting it"),
  waitFn: async () => console.log("  … controller.wait(): it exited with code 0"),
});

// The loop an agent runs: one Do step at a time, reporting every status.
for (let step = 1; ; step++) {
  const { status, error } = await Do(task, controller);
  console.log(
    `step ${step}: ${taskStateName(status.state).padEnd(9)} ${status.message ?? ""}${status.err ? ` (${status.err})` : ""}`,
  );
  task.status = status;
  if (error === ErrTaskNoop) break; // nothing more happens until the task is updated
  if (error === ErrTaskRetry) await new Promise((resolve) => setTimeout(resolve, 100));
}

console.log(`done: ${taskStateName(task.status.state)}; calls: ${JSON.stringify(controller.calls)}`);

// Runs one task as a Docker container, from NEW to COMPLETE, then prints its logs and removes it.
// Needs a Docker engine (DOCKER_HOST, else the local socket) and the image (pulled if missing).
// Exits with 1 unless the task ends COMPLETE.
//
//   npm run example:docker
//   TASKWRIGHT_EXAMPLE_IMAGE=alpine:3.20 npm run example:docker

import {
  Do,
  ErrTaskNoop,
  ErrTaskRetry,
  hasLogs,
  isTerminalState,
  Resolve,
  type Task,
  TaskState,
  taskStateName,
} from "taskwright";
import { DockerExecutor } from "taskwright/docker";

const image = process.env.TASKWRIGHT_EXAMPLE_IMAGE ?? "busybox:1.36";
const executor = new DockerExecutor({ networkMode: "none" });

const task: Task = {
  id: `example-${process.pid}`,
  spec: {
    container: {
      image,
      command: ["sh", "-c", 'echo "hello from task $TASK_ID"; echo "a warning" >&2; exit 0'],
      env: ["TASK_ID={{.Task.ID}}"], // templates are expanded before the container is created
      stopGracePeriod: 5_000,
    },
  },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
};

const resolved = await Resolve(task, executor); // validates the task and makes its controller
task.status = resolved.status;
console.log(`${taskStateName(task.status.state).padEnd(9)} ${task.status.message ?? ""}`);
if (!resolved.controller) throw resolved.error;
const controller = resolved.controller;

// The loop an agent runs: one Do step at a time, reporting every status.
for (;;) {
  const { status, error } = await Do(task, controller);
  if (error === ErrTaskNoop) break; // nothing more happens until the task is updated
  // (The engine reports exit code 0 for a container that has not exited: shown only at the end.)
  const exitCode = isTerminalState(status.state) ? status.container?.exitCode : undefined;
  const exit = exitCode !== undefined ? ` exit=${exitCode}` : "";
  console.log(
    `${taskStateName(status.state).padEnd(9)} ${status.message ?? ""}${status.err ? ` (${status.err})` : ""}${exit}`,
  );
  task.status = status;
  if (error === ErrTaskRetry) await new Promise((resolve) => setTimeout(resolve, 500));
}

if (hasLogs(controller)) {
  await controller.logs(
    { publish: (m) => console.log(`[${m.stream}] ${new TextDecoder().decode(m.data).trimEnd()}`) },
    { streams: ["stdout", "stderr"] },
  );
}

await controller.remove(); // the container and its anonymous volumes are gone
await controller.close();
console.log(`done: ${taskStateName(task.status.state)}`);
if (task.status.state !== TaskState.Complete) process.exitCode = 1;

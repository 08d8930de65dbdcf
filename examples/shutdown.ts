// Shuts down a long-running task, as an orchestrator does by setting its desired state to
// SHUTDOWN: the next Do step stops it with its stop signal (SIGTERM unless `stopSignal` says),
// waits up to `stopGracePeriod`, then kills it. Here the task traps SIGTERM and exits cleanly.
//
//   npx tsx examples/shutdown.ts

import { Do, hasLogs, type LogMessage, Resolve, type Task, TaskState, taskStateName } from "taskwright";
import { ProcessExecutor } from "taskwright/process";

const task: Task = {
  id: "web-server",
  spec: {
    container: {
      command: [
        "sh",
        "-c",
        "trap 'echo stopping cleanly; exit 0' TERM; echo serving; while :; do sleep 0.1; done 2>/dev/null",
      ],
      stopGracePeriod: 5_000, // milliseconds between SIGTERM and SIGKILL
    },
  },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
};

const { controller, status } = await Resolve(task, new ProcessExecutor());
task.status = status;
if (!controller || !hasLogs(controller)) throw new Error(`rejected: ${status.err}`);

// Step until RUNNING. The next step would be `wait`, which only returns when the task exits.
while (task.status.state < TaskState.Running) task.status = (await Do(task, controller)).status;
console.log(`task: ${taskStateName(task.status.state)}`);

// Print the task's output as it comes; wait for it to say it is serving.
const decoder = new TextDecoder();
let serving: () => void = () => {};
const isServing = new Promise<void>((resolve) => {
  serving = resolve;
});
const output = controller.logs(
  {
    publish(message: LogMessage) {
      const line = decoder.decode(message.data).trimEnd();
      console.log(`  | ${line}`);
      if (line === "serving") serving();
    },
  },
  { follow: true },
);
await isServing;

// The orchestrator wants it gone: with desired state SHUTDOWN, Do calls controller.shutdown().
// (An agent would also abort a `wait` in flight, with the signal it passed to Do.)
task.desiredState = TaskState.Shutdown;
const started = Date.now();
task.status = (await Do(task, controller)).status;
await output;
console.log(
  `task: ${taskStateName(task.status.state)} (${task.status.message}), exit code ${task.status.container?.exitCode}, in ${Date.now() - started} ms`,
);

// controller.terminate() would have killed it at once instead. remove() frees everything.
await controller.remove();
await controller.close();

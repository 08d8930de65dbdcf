// Runs a real task to completion: `sh -c 'echo …'` as a Docker container when an engine answers,
// else as a child process. Each Do step moves the task one state forward; its output is followed
// once it has started.
//
//   npm run example        (or: npx tsx examples/run-task.ts)

import {
  Do,
  ErrTaskRetry,
  type Executor,
  hasLogs,
  isTerminalState,
  type LogMessage,
  Resolve,
  type Task,
  TaskState,
  type TaskStatus,
  taskStateName,
} from "taskwright";
import { ProcessExecutor } from "taskwright/process";

/** Docker when its executor loads and an engine answers within 3 s, else the process executor. */
async function pickExecutor(): Promise<{ name: string; executor: Executor }> {
  try {
    // Loaded on demand, so that dockerode is only needed when Docker is used.
    const entry: string = "taskwright/docker";
    const { DockerExecutor } = (await import(entry)) as {
      DockerExecutor: new (options: { networkMode: string }) => Executor;
    };
    const docker = new DockerExecutor({ networkMode: "none" }); // this task needs no network
    await docker.describe(AbortSignal.timeout(3_000));
    return { name: "docker", executor: docker };
  } catch (err) {
    const absent = (err as { code?: string }).code === "ERR_PACKAGE_PATH_NOT_EXPORTED";
    console.log(`Docker not used: ${absent ? "no Docker executor in this build" : (err as Error).message}`);
    return { name: "process", executor: new ProcessExecutor() };
  }
}

const { name, executor } = await pickExecutor();
console.log(`executor: ${name}`);
const task: Task = {
  id: `hello-${process.pid}`,
  spec: {
    container: {
      image: process.env.TASKWRIGHT_EXAMPLE_IMAGE ?? "busybox:1.36", // the process executor ignores it
      command: ["sh", "-c", 'echo "hello from a task, run by the $EXECUTOR executor"'],
      env: [`EXECUTOR=${name}`],
    },
  },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
};

const report = (status: TaskStatus) =>
  console.log(`${taskStateName(status.state).padEnd(9)} ${status.err ?? status.message ?? ""}`);

// Resolve gets the task's controller from the executor and accepts the task (or rejects it).
const resolved = await Resolve(task, executor);
task.status = resolved.status;
report(task.status);
const controller = resolved.controller;
if (!controller) process.exit(1);

const decoder = new TextDecoder();
let output: Promise<void> | undefined;
while (!isTerminalState(task.status.state)) {
  const { status, error } = await Do(task, controller);
  task.status = status;
  report(status);
  if (status.state === TaskState.Running && hasLogs(controller)) {
    // Follow the task's output until it exits.
    const publisher = { publish: (m: LogMessage) => void process.stdout.write(`  | ${decoder.decode(m.data)}`) };
    output ??= controller.logs(publisher, { follow: true });
  }
  if (error === ErrTaskRetry) await new Promise((resolve) => setTimeout(resolve, 200));
}
await output;

console.log(`exit code ${task.status.container?.exitCode}`);
await controller.remove(); // the container or process, and its files
await controller.close();

// Runs a real task to completion: `sh -c 'echo …'` as a Docker container when an engine answers,
// else as a child process. Each Do step moves the task one state forward; its output is followed
// once it has started. Exits with 1 unless the task ends COMPLETE.
//
//   npm run example        (or: npx tsx examples/run-task.ts)
//   TASKWRIGHT_EXAMPLE_IMAGE=alpine:3.20 npm run example      (Docker with that image, and nothing else)
//
// Without TASKWRIGHT_EXAMPLE_IMAGE, Docker runs busybox:1.36; when the engine cannot pull it
// (no registry reachable), the same task runs as a process instead.

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

const askedImage = process.env.TASKWRIGHT_EXAMPLE_IMAGE;
const image = askedImage ?? "busybox:1.36"; // the process executor ignores it

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

const report = (status: TaskStatus) =>
  console.log(`${taskStateName(status.state).padEnd(9)} ${status.err ?? status.message ?? ""}`);

/** Runs the task with `executor` until it ends, printing each status and its output; returns the last status. */
async function runTask(name: string, executor: Executor): Promise<TaskStatus> {
  const task: Task = {
    id: `hello-${process.pid}`,
    spec: {
      container: {
        image,
        command: ["sh", "-c", 'echo "hello from a task, run by the $EXECUTOR executor"'],
        env: [`EXECUTOR=${name}`],
      },
    },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };

  // Resolve gets the task's controller from the executor and accepts the task (or rejects it).
  const resolved = await Resolve(task, executor);
  task.status = resolved.status;
  report(task.status);
  const controller = resolved.controller;
  if (!controller) return task.status;

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
  await controller.remove(); // the container or process, and its files
  await controller.close();
  return task.status;
}

const { name, executor } = await pickExecutor();
console.log(`executor: ${name}`);
let status = await runTask(name, executor);

// Do reports why a task failed as text (status.err); the Docker executor's text for an image it
// cannot pull starts like this. Unless the image was asked for, that is no reason to give up: a
// process needs no image.
const pullFailed = `pulling image "${image}" failed: `;
if (askedImage === undefined && status.state === TaskState.Rejected && status.err?.startsWith(pullFailed)) {
  const why = status.err.slice(pullFailed.length);
  console.log(
    `Docker could not pull ${image} (${why}): running it as a process instead; ` +
      "set TASKWRIGHT_EXAMPLE_IMAGE to a local image to use Docker",
  );
  status = await runTask("process", new ProcessExecutor());
}

if (status.container?.exitCode !== undefined) console.log(`exit code ${status.container.exitCode}`);
if (status.state !== TaskState.Complete) {
  console.error(`the task ended ${taskStateName(status.state)}: ${status.err ?? status.message ?? "no error given"}`);
  process.exitCode = 1;
}

// Runs a node agent: a Worker fed by a task stream, the way an orchestrator's agent would be.
// The stream is in memory and the executor's controllers are StubControllers that pretend to
// run a command, so this runs anywhere; swap in your transport and a real executor.
//
//   npm run example:agent

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Executor,
  InMemoryTaskStream,
  isTerminalState,
  runTaskStream,
  StubController,
  type Task,
  TaskState,
  taskStateName,
  Worker,
} from "taskwright";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// A pretend runtime: every task "runs" for a moment, and exits with the code in its EXIT env var.
const executor: Executor = {
  describe: async () => ({ hostname: "example", platform: { architecture: "x86_64", os: "linux" }, resources: {} }),
  configure: async () => {},
  controller: (task) =>
    new StubController({
      prepareFn: () => sleep(10),
      startFn: () => sleep(5),
      waitFn: async () => {
        await sleep(30);
        const code = Number(task.spec.container?.env?.find((e) => e.startsWith("EXIT="))?.slice(5) ?? 0);
        if (code !== 0) throw Object.assign(new Error(`exited with code ${code}`), { exitCode: code });
      },
    }),
};

const task = (id: string, exit: number): Task => ({
  id,
  serviceId: "example",
  spec: { container: { image: "busybox", command: ["true"], env: [`EXIT=${exit}`] } },
  desiredState: TaskState.Running,
  status: { state: TaskState.Assigned },
});

const stateDir = mkdtempSync(join(tmpdir(), "taskwright-example-"));
const worker = new Worker({ executor, stateDir, limits: { operations: 8, prepares: 2 } });
await worker.init(); // opens <stateDir>/worker/tasks.db and resumes whatever it holds

worker.on("status", ({ taskId, status }) =>
  console.log(
    `${taskId}: ${taskStateName(status.state).padEnd(9)} ${status.message ?? ""}${status.err ? ` (${status.err})` : ""}`,
  ),
);
worker.on("taskRemoved", (taskId) => console.log(`${taskId}: removed`));

// The orchestrator's side: assignments in, statuses out.
const stream = new InMemoryTaskStream();
const agent = runTaskStream(worker, stream);

stream.push({
  type: "complete",
  changes: [
    { action: "update", task: task("web-1", 0) },
    { action: "update", task: task("web-2", 0) },
    { action: "update", task: task("job-1", 3) },
  ],
});
await stream.waitFor((latest) => latest.size === 3 && [...latest.values()].every((s) => isTerminalState(s.state)));

// A new complete set without those tasks: the agent removes them (remove, then close, on each controller).
stream.push({ type: "complete", changes: [] });
await worker.wait();

stream.end();
await agent; // delivers every status still queued
const final = ["web-1", "web-2", "job-1"].map((id) => `${id}=${taskStateName(stream.latest(id)?.state ?? 0)}`);
console.log(`upstream saw ${stream.received.length} statuses; final: ${final.join(" ")}`);
await worker.close();
rmSync(stateDir, { recursive: true, force: true });

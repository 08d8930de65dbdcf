// Runs a node agent: a Worker fed by a task stream, the way an orchestrator's agent would be.
// Tasks are real child processes (the process executor, no Docker needed) and the stream is in
// memory: swap in your transport, and DockerExecutor for containers.
//
//   npm run example:agent

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InMemoryTaskStream,
  isTerminalState,
  runTaskStream,
  type Task,
  TaskState,
  taskStateName,
  Worker,
} from "taskwright";
import { ProcessExecutor } from "taskwright/process";

const task = (id: string, script: string, secret?: string): Task => ({
  id,
  serviceId: "example",
  spec: {
    container: {
      image: "unused-by-the-process-executor",
      command: ["/bin/sh", "-c", script],
      ...(secret ? { secrets: [{ secretId: secret, secretName: secret, file: { name: secret } }] } : {}),
    },
  },
  desiredState: TaskState.Running,
  status: { state: TaskState.Assigned },
});

const stateDir = mkdtempSync(join(tmpdir(), "taskwright-example-"));
const worker = new Worker({ executor: new ProcessExecutor(), stateDir, limits: { operations: 8, prepares: 2 } });
await worker.init(); // opens <stateDir>/worker/tasks.db and resumes whatever it holds

worker.on("status", ({ taskId, status }) => {
  const why = status.err ? ` (${status.err})` : "";
  console.log(`${taskId}: ${taskStateName(status.state).padEnd(9)} ${status.message ?? ""}${why}`);
});
worker.on("taskRemoved", (taskId) => console.log(`${taskId}: removed`));

// The orchestrator's side: assignments in, statuses out.
const stream = new InMemoryTaskStream();
const agent = runTaskStream(worker, stream);

stream.push({
  type: "complete",
  changes: [
    // Secrets come before the tasks that use them; the process executor hands them over as files.
    { action: "update", secret: { id: "token", spec: { data: new TextEncoder().encode("s3cret") } } },
    { action: "update", task: task("web-1", "sleep 0.1") },
    { action: "update", task: task("web-2", 'test "$(cat "$TASKWRIGHT_SECRETS_DIR/token")" = s3cret', "token") },
    { action: "update", task: task("job-1", "exit 3") },
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

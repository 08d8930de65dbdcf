// The agent under test in the crash-recovery test: a Worker on <work>/state that reports every
// status it produces to <work>/statuses.jsonl (the "upstream") and assigns the complete set in
// <work>/<CRASH_ASSIGNMENT> (default assignment.json), as an orchestrator re-sends it after a
// reconnect. Runs until killed; SIGTERM closes the worker first.
//
//   CRASH_WORK=<dir> CRASH_VARIANT=dir CRASH_RUN=1 node --import tsx test/support/crash/agent-process.ts
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Task, Worker } from "../../../src/index.js";
import { crashVariants, type StatusLine } from "./variants.js";

const work = process.env.CRASH_WORK as string;
const run = Number(process.env.CRASH_RUN);
const variant = crashVariants[process.env.CRASH_VARIANT as string];
if (!work || !variant) throw new Error("set CRASH_WORK and CRASH_VARIANT");

const worker = new Worker({
  executor: await variant.executor(work),
  stateDir: join(work, "state"),
  limits: { operations: 8, prepares: 2 },
  retry: { minDelay: 50, maxDelay: 1_000 },
});
worker.on("error", (event) => console.error(`agent error (${event.operation}, ${event.taskId}):`, event.error));
await worker.init();
const statuses = join(work, "statuses.jsonl");
worker.listen({
  updateTaskStatus: (taskId, status) => {
    const line: StatusLine = {
      run,
      taskId,
      state: status.state,
      ...(status.message ? { message: status.message } : {}),
      ...(status.err ? { err: status.err } : {}),
      ...(status.container?.exitCode !== undefined ? { exitCode: status.container.exitCode } : {}),
      at: Date.now(),
    };
    appendFileSync(statuses, `${JSON.stringify(line)}\n`);
  },
});
const assignment = process.env.CRASH_ASSIGNMENT ?? "assignment.json";
const tasks = JSON.parse(readFileSync(join(work, assignment), "utf8")) as Task[];
await worker.assign(tasks.map((task) => ({ action: "update" as const, task })));
// An agent stays up (a real one holds its connection to the orchestrator) until told to stop.
const keepAlive = setInterval(() => {}, 60_000);
process.on("SIGTERM", () => {
  clearInterval(keepAlive);
  void worker.close().then(() => process.exit(0));
});
console.log("agent ready");

import Dockerode from "dockerode";
import { DockerExecutor } from "../src/docker/index.js";
import { Do, ErrTaskNoop, type Executor, StubController, type Task, TaskState } from "../src/index.js";
import { buildBenchImage, dockerodeRun, removeBenchContainers, shortTask, times } from "./support/docker.js";
import { compare, formatNs, report } from "./support/measure.js";
import { forceGc, heapUsed } from "./support/memory.js";
import { runThroughWorker } from "./support/worker-run.js";

const taskCount = 10_000;

/** A gate the stub waits block on, so that every task is alive (RUNNING) at once when memory is measured. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function newTask(i: number): Task {
  return { id: `bench-${i}`, spec: {}, desiredState: TaskState.Running, status: { state: TaskState.Assigned } };
}

/** An executor of StubControllers that keeps no reference to them (the worker owns them). */
function stubExecutor(waitFn: () => Promise<void>): Executor {
  return {
    describe: async () => ({ hostname: "bench", platform: { architecture: process.arch, os: "linux" }, resources: {} }),
    configure: async () => {},
    controller: () => new StubController({ waitFn }),
  };
}

/** The full lifecycle of the stub tasks through a Worker, with the heap measured while all of them are RUNNING. */
async function throughWorker() {
  const running = gate();
  const tasks = Array.from({ length: taskCount }, (_, i) => newTask(i));
  await forceGc();
  const heapBefore = heapUsed();
  const rssBefore = process.memoryUsage().rss;
  let heapPerTask = 0;
  let rssPerTask = 0;
  const run = await runThroughWorker(
    stubExecutor(() => running.opened),
    tasks,
    {
      atAllRunning: async () => {
        await forceGc();
        heapPerTask = (heapUsed() - heapBefore) / taskCount;
        rssPerTask = (process.memoryUsage().rss - rssBefore) / taskCount;
        running.open();
      },
    },
  );
  return { ...run, heapPerTask, rssPerTask };
}

/** The baseline: the same tasks walked by bare `Do` loops (no worker, store, limits or reporting). */
async function bareDo(): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: taskCount }, async (_, i) => {
      const controller = new StubController();
      let task = newTask(i);
      for (;;) {
        const { status, error } = await Do(task, controller);
        if (error === ErrTaskNoop) break;
        task = { ...task, status };
      }
      await controller.remove();
      await controller.close();
    }),
  );
  return Number(process.hrtime.bigint() - started);
}

/**
 * Both halves of the agent benchmark: {@link benchAgentStub}, then {@link benchAgentDocker}.
 */
export async function benchAgent(): Promise<void> {
  await benchAgentStub();
  await benchAgentDocker();
}

/**
 * 10,000 StubController tasks through the whole lifecycle via the Worker (SQLite store, limits,
 * reliable reporter): throughput, and the memory each live task costs.
 */
export async function benchAgentStub(): Promise<void> {
  await bareDo(); // warm-up
  const bare = await bareDo();
  const runs = [await throughWorker(), await throughWorker(), await throughWorker()];
  const best = runs.reduce((a, b) => (a.elapsedNs <= b.elapsedNs ? a : b));
  const perSecond = (ns: number) => Math.round(taskCount / (ns / 1e9)).toLocaleString("en-US");
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  console.log(`\nAgent: ${taskCount.toLocaleString("en-US")} stub tasks, assign → COMPLETE → removed (best of 3)`);
  console.log(`  bare Do loops (baseline)       ${formatNs(bare).padStart(10)}   ${perSecond(bare)} tasks/s`);
  console.log(
    `  Worker, full lifecycle         ${formatNs(best.elapsedNs).padStart(10)}   ${perSecond(best.elapsedNs)} tasks/s   (${(best.elapsedNs / bare).toFixed(1)}× baseline)`,
  );
  console.log(`  Worker, assign → all RUNNING   ${formatNs(best.toRunningNs).padStart(10)}`);
  const heap = Math.max(...runs.map((run) => run.heapPerTask));
  console.log(`  JS heap per live task (worst of 3): ${kb(heap)}   RSS per live task: ${kb(best.rssPerTask)}`);
  console.log(`  target: ≤ 4 KB of heap per task: ${heap <= 4096 ? "met" : "NOT met"}`);
}

const dockerTaskCount = 50;
const dockerRounds = { rounds: 6, warmupRounds: 1 };

/**
 * 50 short containers (`true`, network none) at once, through their whole lifecycle via a Worker
 * with the Docker executor (assign → COMPLETE → removed), against bare dockerode doing the same
 * work (create, start, wait, remove) for 50 containers with `Promise.all`. The two alternate,
 * round after round, in the same run. Target: Worker ≤ 1.15× dockerode.
 */
export async function benchAgentDocker(): Promise<void> {
  await buildBenchImage();
  const docker = new Dockerode();
  const executor = new DockerExecutor({ networkMode: "none" });
  const limits = { operations: 64, prepares: 50 };
  const baseline = "dockerode Promise.all";
  const subject = "Worker + DockerExecutor";
  const contenders = {
    [baseline]: () => times(dockerTaskCount, true, () => dockerodeRun(docker)),
    [subject]: async () => {
      const tasks = Array.from({ length: dockerTaskCount }, () => shortTask());
      const { incomplete } = await runThroughWorker(executor, tasks, { limits });
      if (incomplete.length > 0) throw new Error(`tasks not COMPLETE: ${incomplete.join(", ")}`);
      return dockerTaskCount;
    },
  };
  try {
    const timings = await compare(contenders, dockerRounds);
    report(
      `agent: ${dockerTaskCount} concurrent short Docker tasks, per task (batch time ÷ ${dockerTaskCount}, median of ${dockerRounds.rounds} rounds)`,
      timings,
      baseline,
      { subject, ratio: 1.15 },
    );
    for (const { name, nsPerOp } of timings) {
      console.log(`  ${name}: ${formatNs(nsPerOp * dockerTaskCount)} per batch of ${dockerTaskCount}`);
    }
  } finally {
    await removeBenchContainers(docker);
  }
}

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Dockerode from "dockerode";
import { DockerExecutor } from "../src/docker/index.js";
import { Do, ErrTaskNoop, ErrTaskRetry, TaskState } from "../src/index.js";
import {
  benchImage,
  benchRunLabel,
  buildBenchImage,
  dockerodeRun,
  removeBenchContainers,
  shortTask,
  times,
} from "./support/docker.js";
import { compare, report } from "./support/measure.js";

const run = promisify(execFile);

/** One short task (`true`, network none) through the whole lifecycle with DockerController: Do until done, then remove. */
async function controllerRun(executor: DockerExecutor): Promise<void> {
  const task = shortTask();
  const controller = await executor.controller(task);
  for (;;) {
    const { status, error } = await Do(task, controller);
    task.status = status;
    if (error === ErrTaskNoop) break;
    if (error === ErrTaskRetry) throw new Error(`retry at ${status.state}: ${status.err}`);
  }
  if (task.status.state !== TaskState.Complete) throw new Error(`task ended ${task.status.state}: ${task.status.err}`);
  await controller.remove();
  await controller.close();
}

/** The same container with the docker CLI. */
async function cliRun(): Promise<void> {
  await run("docker", ["run", "--rm", "--network", "none", "--label", benchRunLabel, benchImage, "true"]);
}

/**
 * Short containers (`true`, network none) through their whole lifecycle: DockerController (each
 * `Do` step, then `remove`) against the bare dockerode sequence (create, start, wait, remove) and
 * `docker run --rm`, one after another and 20 at a time. Target: DockerController ≤ 1.05× dockerode.
 */
export async function benchDocker(): Promise<void> {
  await buildBenchImage();
  const docker = new Dockerode();
  const executor = new DockerExecutor({ networkMode: "none" });
  const contenders = (count: number, parallel: boolean) => ({
    "dockerode create/start/wait/remove": () => times(count, parallel, () => dockerodeRun(docker)),
    "DockerController (Do + remove)": () => times(count, parallel, () => controllerRun(executor)),
    "docker run --rm": () => times(count, parallel, cliRun),
  });
  const target = { subject: "DockerController (Do + remove)", ratio: 1.05 };
  try {
    // One container per contender and round, in alternating order, many rounds: the engine's
    // speed drifts (other work on the machine), and pairing the contenders this way cancels it.
    const sequential = await compare(contenders(1, false), { rounds: 40, warmupRounds: 3 });
    report("docker: sequential short tasks, per container", sequential, "dockerode create/start/wait/remove", target);
    const concurrent = await compare(contenders(20, true), { rounds: 8, warmupRounds: 1 });
    report(
      "docker: 20 concurrent short tasks, per container",
      concurrent,
      "dockerode create/start/wait/remove",
      target,
    );
  } finally {
    await removeBenchContainers(docker);
  }
}

// What the Docker benchmarks share: the test image (built locally, no registry), the label on
// every container they make, and the bare dockerode sequence they are measured against.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type Dockerode from "dockerode";
import { type Task, TaskState } from "../../src/index.js";

const run = promisify(execFile);
const buildImageScript = fileURLToPath(new URL("../../test/support/docker/build-test-image.sh", import.meta.url));

/** The image the Docker benchmarks run (the tests' busybox image). */
export const benchImage = "taskwright-test/busybox:1";
/**
 * The label on every container the benchmarks make. Its value is the run's id ({@link benchRun}),
 * so that a run cleans up only its own containers, never those of another run on the same engine.
 */
export const benchLabel = "taskwright.bench";
/** This run's id: the value of {@link benchLabel} on the containers it makes. */
export const benchRun = `${process.pid}-${Date.now().toString(36)}`;
/** {@link benchLabel} with this run's id, as a label filter and a `docker run --label` value. */
export const benchRunLabel = `${benchLabel}=${benchRun}`;

/** Builds the benchmark image unless the engine has it already. */
export async function buildBenchImage(): Promise<void> {
  await run(buildImageScript, [benchImage]);
}

let sequence = 0;

/** A short task (`true`, labelled) with an id no other benchmark task has. */
export function shortTask(): Task {
  return {
    id: `bench-${process.pid}-${++sequence}`,
    spec: { container: { image: benchImage, command: ["true"], labels: { [benchLabel]: benchRun } } },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
}

/** The same container as {@link shortTask} with bare dockerode: create, start, wait, remove. */
export async function dockerodeRun(docker: Dockerode): Promise<void> {
  const container = await docker.createContainer({
    Image: benchImage,
    Cmd: ["true"],
    Labels: { [benchLabel]: benchRun },
    HostConfig: { NetworkMode: "none" },
  });
  await container.start();
  await container.wait();
  await removeBenchContainer(container);
}

/**
 * Removes a container; one that is gone already (404) or being removed by someone else (409,
 * "removal … already in progress") counts as removed. Any other refusal is raised.
 */
export async function removeBenchContainer(
  container: Dockerode.Container,
  options: { force?: boolean } = {},
): Promise<void> {
  try {
    await container.remove(options);
  } catch (err) {
    const { statusCode, message } = err as { statusCode?: unknown; message?: unknown };
    if (statusCode === 404) return;
    if (statusCode === 409 && /already in progress/.test(String(message))) return;
    throw err;
  }
}

/** Removes every container this run left (one that failed half-way); other runs' containers stay. */
export async function removeBenchContainers(docker: Dockerode): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { label: [benchRunLabel] } });
  await Promise.all(left.map((c) => removeBenchContainer(docker.getContainer(c.Id), { force: true })));
}

/**
 * Runs `one` `count` times, one after another or all at once, and resolves with `count`. All at
 * once, it waits for every run to settle before raising the first failure, so that no container is
 * still being made when the caller cleans up.
 */
export async function times(count: number, parallel: boolean, one: () => Promise<void>): Promise<number> {
  if (!parallel) {
    for (let i = 0; i < count; i++) await one();
    return count;
  }
  const outcomes = await Promise.allSettled(Array.from({ length: count }, one));
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return count;
}

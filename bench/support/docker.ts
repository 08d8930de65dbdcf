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
/** The label on every container the benchmarks make. */
export const benchLabel = "taskwright.bench";

/** Builds the benchmark image unless the engine has it already. */
export async function buildBenchImage(): Promise<void> {
  await run(buildImageScript, [benchImage]);
}

let sequence = 0;

/** A short task (`true`, labelled) with an id no other benchmark task has. */
export function shortTask(): Task {
  return {
    id: `bench-${process.pid}-${++sequence}`,
    spec: { container: { image: benchImage, command: ["true"], labels: { [benchLabel]: "true" } } },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
}

/** The same container as {@link shortTask} with bare dockerode: create, start, wait, remove. */
export async function dockerodeRun(docker: Dockerode): Promise<void> {
  const container = await docker.createContainer({
    Image: benchImage,
    Cmd: ["true"],
    Labels: { [benchLabel]: "true" },
    HostConfig: { NetworkMode: "none" },
  });
  await container.start();
  await container.wait();
  await container.remove();
}

/** Removes every container a benchmark left (one that failed half-way). */
export async function removeBenchContainers(docker: Dockerode): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { label: [benchLabel] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}

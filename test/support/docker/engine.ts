import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import Dockerode from "dockerode";
import { afterAll, describe, inject } from "vitest";
import {
  containerName,
  DockerExecutor,
  type DockerExecutorOptions,
  defaultSecretRoots,
} from "../../../src/docker/index.js";
import {
  type ContainerSpec,
  type Controller,
  Do,
  ErrTaskNoop,
  ErrTaskRetry,
  type Task,
  TaskState,
  type TaskStatus,
} from "../../../src/index.js";
import { testImage } from "./engine-probe.js";

export { testImage } from "./engine-probe.js";

/** Whether the global setup found a Docker engine. */
export const dockerAvailable = inject("dockerAvailable");

/**
 * `describe` for tests against the real engine: sequential, with long timeouts; skipped (the
 * global setup says so loudly) when no engine answers outside CI.
 */
export const describeDocker = (name: string, body: () => void) =>
  (dockerAvailable ? describe.sequential : describe.skip)(name, { timeout: 60_000 }, body);

/**
 * A label for everything one test file creates, removed after the file's tests (with any
 * container still carrying it).
 */
export function testSession(docker = new Dockerode()) {
  const session = randomUUID();
  const labels = { "taskwright.test": "true", "taskwright.test.session": session };
  const tasks: Task[] = [];
  afterAll(async () => {
    if (!dockerAvailable) return;
    const left = await docker.listContainers({ all: true, filters: { label: [`taskwright.test.session=${session}`] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
    // Secret files of tasks a failed test did not remove.
    for (const root of defaultSecretRoots()) {
      for (const task of tasks) await rm(join(root, containerName(task)), { recursive: true, force: true });
    }
  });
  return {
    docker,
    labels,
    /** A task running the test image, labelled for this session. */
    task(container: Partial<ContainerSpec> = {}, extra: Partial<Task> = {}): Task {
      const task: Task = {
        id: `tw-${randomUUID().slice(0, 12)}`,
        spec: { container: { image: testImage, labels: { ...labels }, stopGracePeriod: 1000, ...container } },
        desiredState: TaskState.Running,
        status: { state: TaskState.New },
        ...extra,
      };
      tasks.push(task);
      return task;
    },
    /** A Docker executor on the test engine, with network none. */
    executor(options: DockerExecutorOptions = {}): DockerExecutor {
      return new DockerExecutor({ networkMode: "none", ...options });
    },
  };
}

/** One `Do` step, its status written back into the task. */
export async function step(task: Task, controller: Controller): Promise<void> {
  task.status = (await Do(task, controller)).status;
}

/** Runs `Do` until the task stops moving (noop); returns every status reported. Retries are re-run. */
export async function runToEnd(task: Task, controller: Controller, limit = 50): Promise<TaskStatus[]> {
  const statuses: TaskStatus[] = [];
  for (let step = 0; step < limit; step++) {
    const { status, error } = await Do(task, controller);
    statuses.push(status);
    task.status = status;
    if (error === ErrTaskNoop) return statuses;
    if (error === ErrTaskRetry) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`task ${task.id} did not settle in ${limit} steps: ${JSON.stringify(statuses.at(-1))}`);
}

/** The containers of a task that exist on the engine (by the executor's label). */
export async function containersOf(docker: Dockerode, taskId: string): Promise<Dockerode.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`taskwright.task.id=${taskId}`] } });
}

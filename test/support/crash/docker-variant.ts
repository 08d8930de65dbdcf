// The Docker runtime of the crash-recovery test: tasks are containers of the test image on the
// real engine (network none), which outlive the agent process as they do in production.
import { chmodSync, mkdirSync } from "node:fs";
import Dockerode from "dockerode";
import { DockerExecutor } from "../../../src/docker/index.js";
import { defaultLabelPrefix, taskIdLabel } from "../../../src/docker/naming.js";
import { TaskState } from "../../../src/index.js";
import { engineAnswers, testImage } from "../docker/engine-probe.js";
import { type CrashVariant, countRuns, runtimeDir } from "./variant.js";

/** Marks every container of the crash test, so that cleanup finds them all. */
const crashLabel = "taskwright.test.crash";
/** The label the Docker executor sets to the task's id. */
const idLabel = taskIdLabel(defaultLabelPrefix);

/** The crash test's containers of these tasks, by task id (every one, running or not). */
async function containersByTask(taskIds: readonly string[]): Promise<Map<string, Dockerode.ContainerInfo[]>> {
  const all = await new Dockerode().listContainers({ all: true, filters: { label: [crashLabel] } });
  const byTask = new Map<string, Dockerode.ContainerInfo[]>(taskIds.map((id) => [id, []]));
  for (const container of all) byTask.get(container.Labels[idLabel] ?? "")?.push(container);
  return byTask;
}

/**
 * Tasks as containers: `sh -c "echo run <id> >> /crash/events.log; sleep S; exit CODE"`, with
 * `<work>/runtime` bind-mounted at `/crash`, so that every start of a container is counted even
 * when the container is gone since. Needs an engine on this machine (the bind mount), as the
 * Docker tests do.
 */
export const dockerVariant: CrashVariant = {
  name: "docker",
  available: async () => (await engineAnswers()) !== undefined,
  executor: async (work) => {
    mkdirSync(runtimeDir(work), { recursive: true });
    chmodSync(runtimeDir(work), 0o777);
    return new DockerExecutor({ networkMode: "none" });
  },
  task: (id, plan, work) => ({
    id,
    spec: {
      container: {
        image: testImage,
        command: [
          "sh",
          "-c",
          `echo run ${id} >> /crash/events.log; sleep ${plan.sleepMs / 1000}; exit ${plan.exitCode}`,
        ],
        labels: { "taskwright.test": "true", [crashLabel]: "true" },
        mounts: [{ type: "bind", source: runtimeDir(work), target: "/crash" }],
        // sh as pid 1 ignores SIGTERM: a stop waits the grace period, then kills.
        stopGracePeriod: 1000,
      },
    },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  }),
  runs: async (work, taskIds) => countRuns(work, taskIds),
  instances: async (_work, taskId) => (await containersByTask([taskId])).get(taskId)?.length ?? 0,
  exitTimes: async (_work, taskIds) => {
    const docker = new Dockerode();
    const times = new Map<string, number>();
    for (const [id, containers] of await containersByTask(taskIds)) {
      for (const { Id } of containers) {
        const { State } = await docker.getContainer(Id).inspect();
        if (State.Status === "exited") times.set(id, Date.parse(State.FinishedAt));
      }
    }
    return times;
  },
  cleanup: async (_work, taskIds) => {
    const docker = new Dockerode();
    const left = [...(await containersByTask(taskIds)).values()].flat();
    await Promise.all(left.map(({ Id }) => docker.getContainer(Id).remove({ force: true, v: true })));
  },
};

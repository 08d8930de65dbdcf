// A task waited for while its engine restarts: a dockerd of the test's own (live restore on) is
// stopped and started again; the shared engine is never touched.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DockerExecutor } from "../../src/docker/index.js";
import { Do, type Task, TaskState } from "../../src/index.js";
import { describeDocker, step, testImage } from "../support/docker/engine.js";
import { PrivateEngine } from "../support/docker/private-engine.js";

const buildImage = fileURLToPath(new URL("../support/docker/build-test-image.sh", import.meta.url));
const engine = new PrivateEngine();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function task(script: string): Task {
  return {
    id: `tw-restart-${Math.random().toString(36).slice(2, 10)}`,
    spec: { container: { image: testImage, command: ["sh", "-c", script], labels: { "taskwright.test": "true" } } },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
}

describeDocker("dockerd restarted while a task waits (private engine)", () => {
  let executor: DockerExecutor;

  beforeAll(async () => {
    await engine.start();
    await promisify(execFile)(buildImage, [testImage], { env: { ...process.env, DOCKER_HOST: engine.host } });
    executor = new DockerExecutor({ env: { DOCKER_HOST: engine.host }, networkMode: "none" });
  }, 120_000);

  afterAll(() => engine.destroy(), 120_000);

  it("an exit that happens while dockerd is down is reported once it is back, and not before", async () => {
    const t = task("sleep 3; exit 5");
    const controller = await executor.controller(t);
    while (t.status.state < TaskState.Running) await step(t, controller);
    let settled = false;
    const waiting = Do(t, controller).finally(() => (settled = true));
    await sleep(300);
    await engine.stop();
    await sleep(4000); // the container exits meanwhile
    expect(settled).toBe(false);
    await engine.start();
    const { status } = await waiting;
    expect(status).toMatchObject({
      state: TaskState.Failed,
      err: "task: non-zero exit (5)",
      container: { exitCode: 5 },
    });
    await controller.remove();
  });

  it("a container still running after the restart is waited for until it really exits", async () => {
    const t = task("sleep 5; exit 0");
    const controller = await executor.controller(t);
    while (t.status.state < TaskState.Running) await step(t, controller);
    const started = Date.now();
    const waiting = Do(t, controller);
    await sleep(300);
    await engine.stop();
    await sleep(500);
    await engine.start();
    const { status } = await waiting;
    expect(status.state).toBe(TaskState.Complete);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    await controller.remove();
  });
});

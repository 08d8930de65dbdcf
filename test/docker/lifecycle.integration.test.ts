// The Docker executor against the real engine: lifecycle outcomes, pulls, stopping, health.
import { expect, it } from "vitest";
import { ContainerUnhealthyError, DockerExecutor } from "../../src/docker/index.js";
import { ErrTaskPrepared, ErrTaskStarted, isTemporary, Resolve, TaskState, taskStateName } from "../../src/index.js";
import { containersOf, describeDocker, runToEnd, step, testSession } from "../support/docker/engine.js";

const session = testSession();

describeDocker("Docker executor lifecycle (real engine)", () => {
  it("exit 0 → COMPLETE, with the container's times; remove leaves no container of the task", async () => {
    const task = session.task({ command: ["sh", "-c", "echo hello"] });
    const controller = await session.executor().controller(task);
    const statuses = await runToEnd(task, controller);
    expect(statuses.map((s) => taskStateName(s.state))).toEqual([
      "ACCEPTED",
      "PREPARING",
      "READY",
      "STARTING",
      "RUNNING",
      "COMPLETE",
      "COMPLETE",
    ]);
    const done = task.status;
    expect(done.message).toBe("finished");
    expect(done.container).toMatchObject({ exitCode: 0, pid: 0, containerId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // (for a process this short the engine may stamp the finish a moment before the start)
    expect(done.container?.startedAt).toBeInstanceOf(Date);
    expect(done.container?.finishedAt).toBeInstanceOf(Date);
    expect(await containersOf(session.docker, task.id)).toHaveLength(1);
    await controller.remove();
    expect(await containersOf(session.docker, task.id)).toHaveLength(0);
    await controller.remove(); // gone is success
    await controller.close();
  });

  it("exit 3 → FAILED with exitCode 3", async () => {
    const task = session.task({ command: ["sh", "-c", "exit 3"] });
    const controller = await session.executor().controller(task);
    await runToEnd(task, controller);
    expect(task.status).toMatchObject({
      state: TaskState.Failed,
      message: "started",
      err: "task: non-zero exit (3)",
      container: { exitCode: 3 },
    });
    await controller.remove();
  });

  it("an absent image with pull policy never → REJECTED, saying so", async () => {
    const task = session.task({ image: "taskwright-test/absent:1", pullOptions: { policy: "never" } });
    const controller = await session.executor().controller(task);
    await runToEnd(task, controller);
    expect(task.status.state).toBe(TaskState.Rejected);
    expect(task.status.err).toBe(
      'image "taskwright-test/absent:1" is not present on the engine and the pull policy is "never"',
    );
    await controller.remove();
  });

  it("a failing pull of an absent image → REJECTED with the pull's own error", async () => {
    const task = session.task({ image: "127.0.0.1:5999/taskwright-test/absent:1" });
    const controller = await session.executor().controller(task);
    await runToEnd(task, controller);
    expect(task.status.state).toBe(TaskState.Rejected);
    expect(task.status.err).toMatch(
      /^pulling image "127\.0\.0\.1:5999\/taskwright-test\/absent:1" failed: .*127\.0\.0\.1:5999/,
    );
    expect(task.status.err).not.toMatch(/No such image/i);
    // The pull is named once, then the engine's reason: no "failed: pulling image …: " inside.
    expect(task.status.err?.match(/pulling image/g)).toHaveLength(1);
    await controller.remove();
  });

  it("sleep 1000 is shut down with the grace period: the stop signal is ignored, so it is killed after 2 s", async () => {
    const task = session.task({ command: ["sleep", "1000"], stopGracePeriod: 2000 });
    const controller = await session.executor().controller(task);
    task.desiredState = TaskState.Running;
    while (task.status.state < TaskState.Running) await step(task, controller);
    const started = Date.now();
    task.desiredState = TaskState.Shutdown;
    await runToEnd(task, controller);
    const took = Date.now() - started;
    expect(task.status.state).toBe(TaskState.Shutdown);
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(8000);
    expect(await controller.containerStatus()).toMatchObject({ exitCode: 137 });
    await controller.remove();
  });

  it("the task's stop signal is what the container gets", async () => {
    const script = 'trap "echo got-usr1; exit 7" USR1; echo ready; while true; do sleep 0.1; done';
    const task = session.task({ command: ["sh", "-c", script], stopSignal: "SIGUSR1", stopGracePeriod: 10_000 });
    const controller = await session.executor().controller(task);
    while (task.status.state < TaskState.Running) await step(task, controller);
    const started = Date.now();
    await controller.shutdown();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await controller.containerStatus()).toMatchObject({ exitCode: 7 });
    const lines: string[] = [];
    await controller.logs({ publish: (m) => void lines.push(Buffer.from(m.data).toString().trim()) }, {});
    expect(lines).toEqual(["ready", "got-usr1"]);
    await controller.remove();
  });

  it("terminate kills at once", async () => {
    const task = session.task({ command: ["sleep", "1000"], stopGracePeriod: 30_000 });
    const controller = await session.executor().controller(task);
    while (task.status.state < TaskState.Running) await step(task, controller);
    const started = Date.now();
    await controller.terminate();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await controller.containerStatus()).toMatchObject({ exitCode: 137 });
    await controller.terminate(); // not running any more: success
    await controller.remove();
  });

  it("a healthcheck gates start: RUNNING only once healthy", async () => {
    const task = session.task({
      command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep 1000"],
      healthcheck: {
        test: ["CMD-SHELL", "test -f /tmp/ready"],
        interval: 200,
        timeout: 1000,
        retries: 3,
        startPeriod: 10_000, // failures before it is ready do not count
      },
    });
    const controller = await session.executor().controller(task);
    while (task.status.state < TaskState.Starting) await step(task, controller);
    const started = Date.now();
    await step(task, controller);
    expect(task.status.state).toBe(TaskState.Running);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    const inspected = await session.docker.getContainer(controller.containerName).inspect();
    expect(inspected.State.Health?.Status).toBe("healthy");
    await controller.remove();
  });

  it("an unhealthy container is stopped and the task FAILED with the last health output", async () => {
    const task = session.task({
      command: ["sleep", "1000"],
      healthcheck: { test: ["CMD-SHELL", "echo database not ready; exit 1"], interval: 200, timeout: 1000, retries: 2 },
    });
    const controller = await session.executor().controller(task);
    const statuses = await runToEnd(task, controller);
    expect(statuses.some((s) => s.state === TaskState.Running)).toBe(false);
    expect(task.status.state).toBe(TaskState.Failed);
    expect(task.status.err).toBe("task: unhealthy container; last health check (exit 1): database not ready");
    const inspected = await session.docker.getContainer(controller.containerName).inspect();
    expect(inspected.State.Running).toBe(false);
    await expect(controller.start()).rejects.toBe(ErrTaskStarted);
    await controller.remove();
    expect(ContainerUnhealthyError).toBeDefined();
  });

  it("a controller made again mid-task adopts the running container", async () => {
    const task = session.task({ command: ["sleep", "1000"] });
    const first = await session.executor().controller(task);
    while (task.status.state < TaskState.Running) await step(task, first);
    const id = task.status.container?.containerId;
    await first.close();

    const again = await session.executor().controller(task);
    await expect(again.prepare()).rejects.toBe(ErrTaskPrepared);
    await expect(again.start()).rejects.toBe(ErrTaskStarted);
    expect(await again.containerStatus()).toMatchObject({ containerId: id, pid: expect.any(Number) });
    expect((await again.containerStatus())?.pid).toBeGreaterThan(0);
    task.desiredState = TaskState.Shutdown;
    await runToEnd(task, again);
    expect(task.status.state).toBe(TaskState.Shutdown);
    expect(await containersOf(session.docker, task.id)).toHaveLength(1);
    await again.remove();
    expect(await containersOf(session.docker, task.id)).toHaveLength(0);
  });

  it("two controllers removing the same running task at once both succeed, and no container is left", async () => {
    const task = session.task({ command: ["sleep", "1000"] });
    const first = await session.executor().controller(task);
    while (task.status.state < TaskState.Running) await step(task, first);
    const second = await session.executor().controller(task);
    await Promise.all([first.terminate(), second.terminate()]);
    await Promise.all([first.remove(), second.remove()]);
    expect(await containersOf(session.docker, task.id)).toHaveLength(0);
  });

  it("a container with the task's name that is not the task's is refused (REJECTED)", async () => {
    const task = session.task({ command: ["true"] });
    const controller = await session.executor().controller(task);
    await session.docker.createContainer({
      name: controller.containerName,
      Image: "taskwright-test/busybox:1",
      Labels: session.labels,
      HostConfig: { NetworkMode: "none" },
    });
    await runToEnd(task, controller);
    expect(task.status.state).toBe(TaskState.Rejected);
    expect(task.status.err).toContain(`container name "${controller.containerName}" is taken`);
    await controller.remove(); // removes by name: the foreign container would go too, so it is removed by the session
  });

  it("OOMKilled reaches the status", async () => {
    const task = session.task({ command: ["sh", "-c", "a=xxxxxxxxxxxxxxxx; while true; do a=$a$a; done"] }, {});
    task.spec.resources = { limits: { memoryBytes: 16 * 2 ** 20 }, swapBytes: 16 * 2 ** 20 };
    const controller = await session.executor().controller(task);
    await runToEnd(task, controller);
    expect(task.status.state).toBe(TaskState.Failed);
    expect(task.status.container).toMatchObject({ exitCode: 137, oomKilled: true });
    expect(task.status.err).toBe("task: non-zero exit (137): out of memory (OOM killed)");
    await controller.remove();
  });

  it("an engine that does not answer leaves the task's status alone (temporary)", async () => {
    const executor = new DockerExecutor({
      env: { DOCKER_HOST: "unix:///tmp/taskwright-no-engine.sock" },
      reconnectTimeout: 100,
    });
    const task = session.task();
    const { status, error } = await Resolve(task, executor);
    expect(isTemporary(error)).toBe(true);
    expect(error?.message).toMatch(/docker engine unreachable at unix:\/\/\/tmp\/taskwright-no-engine\.sock/);
    expect(status).toEqual(task.status);
  });
});

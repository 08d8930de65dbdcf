// The original's controller test table (reference §4.7), against a fake engine. Where the call
// counts differ from the original's, the comment says why.
import { describe, expect, it } from "vitest";
import {
  ContainerExitError,
  ContainerUnhealthyError,
  containerConfig,
  containerName,
  DockerErrorCode,
} from "../../src/docker/index.js";
import { ErrControllerClosed, ErrTaskPrepared, ErrTaskStarted } from "../../src/index.js";
import {
  body,
  engineError,
  eventsOf,
  FakeDocker,
  inspectOf,
  silentBody,
  waitAnswer,
} from "../support/docker/fake-docker.js";
import { fakeExecutor, genTask } from "../support/docker/fake-executor.js";

async function setup(overrides = {}) {
  const fake = new FakeDocker();
  const task = genTask(overrides);
  const controller = await fakeExecutor(fake).controller(task);
  return { fake, task, controller, name: containerName(task) };
}

const ours = (task: { id: string }) => ({ labels: { "taskwright.task.id": task.id } });

describe("DockerController (the original's table)", () => {
  it("Prepare: pulls (':latest' means always), then creates with the exact config and name", async () => {
    const { fake, task, controller, name } = await setup();
    expect(name).toBe(`dockerexec-test-node-id.${task.id}`);
    fake.pullFn = (query) => {
      expect(query).toEqual({ fromImage: "stevvooe/foo", tag: "latest" });
      return body([]);
    };
    fake.createFn = (created, config) => {
      expect(created).toBe(name);
      expect(config).toEqual(containerConfig(task, { labelPrefix: "taskwright", portBindingHostIp: "" }));
      return { id: "cid" };
    };
    await controller.prepare();
    expect(fake.calls).toEqual({ ImagePull: 1, ContainerCreate: 1 });
  });

  it("PrepareAlreadyPrepared: a name conflict with the task's own container is ErrTaskPrepared", async () => {
    const { fake, task, controller, name } = await setup();
    fake.pullFn = () => body([]);
    fake.createFn = () => {
      throw engineError(409, `Conflict. The container name "/${name}" is already in use`);
    };
    fake.inspectFn = (id) => {
      expect(id).toBe(name);
      return inspectOf("created", ours(task));
    };
    await expect(controller.prepare()).rejects.toBe(ErrTaskPrepared);
    expect(fake.calls).toEqual({ ImagePull: 1, ContainerCreate: 1, ContainerInspect: 1 });
  });

  it("Start: inspects (created), starts by id; one more inspect reads the started container", async () => {
    const { fake, controller, name } = await setup();
    const states = ["created", "running"];
    fake.inspectFn = (id) => {
      expect([name, "cid"]).toContain(id);
      return inspectOf(states.shift() as string);
    };
    fake.startFn = (id) => expect(id).toBe("cid");
    await controller.start();
    // The original inspects once; the second inspection gives the pid and the healthcheck.
    expect(fake.calls).toEqual({ ContainerInspect: 2, ContainerStart: 1 });
  });

  it("StartAlreadyStarted: a container that is not created is ErrTaskStarted, without a start call", async () => {
    const { fake, controller } = await setup();
    fake.inspectFn = () => inspectOf("notcreated");
    await expect(controller.start()).rejects.toBe(ErrTaskStarted);
    expect(fake.calls).toEqual({ ContainerInspect: 1 });
  });

  it("Wait: running, then the engine's wait returns and a fresh inspection shows exit 0", async () => {
    const { fake, controller } = await setup();
    const states = ["running", "exited"];
    fake.inspectFn = () => inspectOf(states.shift() as string);
    fake.waitFn = () => waitAnswer(0);
    await controller.wait();
    // The original follows events (create, die); this waits on the engine, which cannot miss an exit.
    expect(fake.calls).toEqual({ ContainerInspect: 2, ContainerWait: 1 });
  });

  it("WaitUnhealthy: an unhealthy container is stopped (grace 10 s) and the wait fails with its health output", async () => {
    const { fake, controller } = await setup();
    const health = { Test: ["CMD", "check"] };
    const unhealthy = {
      Status: "unhealthy",
      FailingStreak: 3,
      Log: [{ ExitCode: 1, Output: "connection refused\n" }],
    };
    const states = [
      inspectOf("running", { Config: { Healthcheck: health } }),
      inspectOf("running", { Config: { Healthcheck: health }, health: unhealthy }),
      inspectOf("exited", { exitCode: 143, Config: { Healthcheck: health }, health: unhealthy }),
    ];
    fake.inspectFn = () => states.shift() ?? inspectOf("exited", { exitCode: 143 });
    fake.eventsFn = () => eventsOf("health_status: unhealthy");
    fake.waitFn = () => silentBody();
    fake.stopFn = (_id, t) => expect(t).toBe(10);
    const failure = await controller.wait().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ContainerUnhealthyError);
    expect((failure as ContainerUnhealthyError).message).toBe(
      "task: unhealthy container; last health check (exit 1): connection refused",
    );
    expect((failure as ContainerUnhealthyError).exitCode).toBe(143);
    expect(fake.calls.ContainerStop).toBe(1);
  });

  it("WaitExitError: exit code 1 rejects with an error carrying exitCode 1", async () => {
    const { fake, controller } = await setup();
    const states = [inspectOf("running"), inspectOf("exited", { exitCode: 1, pid: 1, id: "cid" })];
    fake.inspectFn = () => states.shift() as ReturnType<typeof inspectOf>;
    fake.waitFn = () => waitAnswer(1);
    const failure = await controller.wait().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ContainerExitError);
    expect(failure).toMatchObject({ exitCode: 1, code: DockerErrorCode.Exit, message: "task: non-zero exit (1)" });
    expect(fake.calls).toEqual({ ContainerInspect: 2, ContainerWait: 1 });
  });

  it("WaitExitedClean: an exited container (code 0) resolves at once", async () => {
    const { fake, controller } = await setup();
    fake.inspectFn = () => inspectOf("exited");
    await controller.wait();
    expect(fake.calls).toEqual({ ContainerInspect: 1 });
  });

  it("WaitExitedError: an exited container (code 1) rejects at once, with the engine's error in the message", async () => {
    const { fake, controller } = await setup();
    fake.inspectFn = () => inspectOf("exited", { exitCode: 1, error: "oci runtime error" });
    await expect(controller.wait()).rejects.toMatchObject({
      exitCode: 1,
      message: "task: non-zero exit (1): oci runtime error",
    });
    expect(fake.calls).toEqual({ ContainerInspect: 1 });
  });

  it("Shutdown: stops the container with the grace period in seconds", async () => {
    const { fake, controller, name } = await setup();
    fake.stopFn = (id, t) => {
      expect(id).toBe(name);
      expect(t).toBe(10);
    };
    await controller.shutdown();
    expect(fake.calls).toEqual({ ContainerStop: 1 });
  });

  it("Terminate: kills the container", async () => {
    const { fake, controller, name } = await setup();
    fake.killFn = (id, signal) => {
      expect(id).toBe(name);
      expect(signal).toBeUndefined();
    };
    await controller.terminate();
    expect(fake.calls).toEqual({ ContainerKill: 1 });
  });

  it("Remove: stops, then removes with its anonymous volumes, forcing", async () => {
    const { fake, controller, name } = await setup();
    fake.stopFn = (_id, t) => expect(t).toBe(10);
    fake.removeFn = (id, options) => {
      expect(id).toBe(name);
      expect(options).toEqual({ v: true, force: true });
    };
    await controller.remove();
    expect(fake.calls).toEqual({ ContainerStop: 1, ContainerRemove: 1 });
  });

  it("Remove while another removal is in progress (409): waits until the container is gone", async () => {
    const { fake, controller } = await setup();
    fake.stopFn = () => {};
    fake.removeFn = () => {
      throw engineError(409, "removal of container x is already in progress");
    };
    let inspections = 0;
    fake.inspectFn = () => {
      if (++inspections < 3) return inspectOf("running");
      throw engineError(404, "No such container");
    };
    await controller.remove();
    expect(inspections).toBe(3);
    expect(fake.calls.ContainerRemove).toBe(1);
  });

  it("Remove refused (409) by a removal that never ends: the refusal, after the request timeout", async () => {
    const fake = new FakeDocker();
    const controller = await fakeExecutor(fake, { requestTimeout: 150 }).controller(genTask());
    fake.stopFn = () => {};
    fake.removeFn = () => {
      throw engineError(409, "removal of container x is already in progress");
    };
    fake.inspectFn = () => inspectOf("dead");
    await expect(controller.remove()).rejects.toThrow(/already in progress/);
  });

  it("Close: first close resolves, every later call rejects with ErrControllerClosed", async () => {
    const { controller } = await setup();
    await controller.close();
    await expect(controller.close()).rejects.toBe(ErrControllerClosed);
    for (const call of [
      () => controller.prepare(),
      () => controller.start(),
      () => controller.wait(),
      () => controller.shutdown(),
      () => controller.terminate(),
      () => controller.remove(),
    ]) {
      await expect(call()).rejects.toBe(ErrControllerClosed);
    }
  });
});

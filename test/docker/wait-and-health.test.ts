import { describe, expect, it } from "vitest";
import { ContainerExitError, ContainerUnhealthyError, DockerErrorCode } from "../../src/docker/index.js";
import { ErrControllerClosed, ErrTaskStarted } from "../../src/index.js";
import {
  body,
  connectionError,
  engineError,
  eventsOf,
  FakeDocker,
  inspectOf,
  silentBody,
  waitAnswer,
} from "../support/docker/fake-docker.js";
import { fakeExecutor, genTask } from "../support/docker/fake-executor.js";

const healthcheck = { Test: ["CMD", "check"], Interval: 1e8, Timeout: 1e8, Retries: 1 };

/** Inspections returned in order; the last one repeats. */
function sequence(fake: FakeDocker, ...states: ReturnType<typeof inspectOf>[]) {
  fake.inspectFn = () => (states.length > 1 ? states.shift() : states[0]) as ReturnType<typeof inspectOf>;
}

describe("wait", () => {
  it("an early answer of the engine's wait is not taken for an exit: the container is looked at again", async () => {
    const fake = new FakeDocker();
    sequence(fake, inspectOf("running"), inspectOf("running"), inspectOf("exited", { exitCode: 3 }));
    let waits = 0;
    fake.waitFn = () => (waits++ === 0 ? body([], connectionError("ECONNRESET")) : waitAnswer(3));
    const failure = await (await fakeExecutor(fake).controller(genTask())).wait().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ContainerExitError);
    expect((failure as ContainerExitError).exitCode).toBe(3);
    expect(fake.calls.ContainerWait).toBe(2);
  });

  it("an engine that is down for a while (restart) is waited for; the exit is read once it is back", async () => {
    const fake = new FakeDocker();
    let down = true;
    setTimeout(() => (down = false), 300);
    let first = true;
    fake.inspectFn = () => {
      if (first) {
        first = false;
        return inspectOf("running");
      }
      if (down) throw connectionError("ECONNREFUSED");
      return inspectOf("exited", { exitCode: 0 });
    };
    fake.waitFn = () => {
      if (down) throw connectionError("ECONNREFUSED");
      return waitAnswer(0);
    };
    await (await fakeExecutor(fake).controller(genTask())).wait();
  });

  it("an engine that stays unreachable ends the wait with a temporary error after reconnectTimeout", async () => {
    const fake = new FakeDocker();
    let first = true;
    fake.inspectFn = () => {
      if (first) {
        first = false;
        return inspectOf("running");
      }
      throw connectionError("ECONNREFUSED");
    };
    fake.waitFn = () => {
      throw connectionError("ECONNREFUSED");
    };
    const controller = await fakeExecutor(fake, { reconnectTimeout: 200, waitPollInterval: 20 }).controller(genTask());
    await expect(controller.wait()).rejects.toMatchObject({ code: DockerErrorCode.EngineUnreachable, temporary: true });
  });

  it("a container that is removed while waited for is EXEC_DOCKER_CONTAINER_DESTROYED", async () => {
    const fake = new FakeDocker();
    let first = true;
    fake.inspectFn = () => {
      if (first) {
        first = false;
        return inspectOf("running");
      }
      throw engineError(404, "No such container");
    };
    fake.waitFn = () => {
      throw engineError(404, "No such container");
    };
    const controller = await fakeExecutor(fake).controller(genTask());
    await expect(controller.wait()).rejects.toMatchObject({ code: DockerErrorCode.ContainerDestroyed });
  });

  it("an OOM kill reaches the error and the container status", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () => inspectOf("exited", { exitCode: 137, oomKilled: true });
    const controller = await fakeExecutor(fake).controller(genTask());
    await expect(controller.wait()).rejects.toMatchObject({
      exitCode: 137,
      oomKilled: true,
      message: "task: non-zero exit (137): out of memory (OOM killed)",
    });
    expect(await controller.containerStatus()).toEqual({
      containerId: "cid",
      pid: 0,
      exitCode: 137,
      oomKilled: true,
      startedAt: new Date("2024-01-01T00:00:00.5Z"),
      finishedAt: new Date("2024-01-01T00:00:01Z"),
    });
  });

  it("close() during a wait rejects it with ErrControllerClosed", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () => inspectOf("running");
    fake.waitFn = () => silentBody();
    const controller = await fakeExecutor(fake).controller(genTask());
    const waiting = controller.wait();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await controller.close();
    await expect(waiting).rejects.toBe(ErrControllerClosed);
  });

  it("an aborted wait rejects with the signal's reason", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () => inspectOf("running");
    fake.waitFn = () => silentBody();
    const controller = await fakeExecutor(fake).controller(genTask());
    const reason = new DOMException("stop", "AbortError");
    await expect(controller.wait(AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});

describe("start with a healthcheck", () => {
  const running = (health: string, log = "") =>
    inspectOf("running", {
      startedAt: new Date().toISOString(),
      Config: { Healthcheck: healthcheck },
      health: { Status: health, Log: log ? [{ ExitCode: 1, Output: log }] : [] },
    });

  function created(fake: FakeDocker, ...after: ReturnType<typeof inspectOf>[]) {
    sequence(fake, inspectOf("created"), ...after);
    fake.startFn = () => {};
    fake.eventsFn = () => eventsOf("health_status: healthy");
  }

  it("resolves only once the container is healthy", async () => {
    const fake = new FakeDocker();
    created(fake, running("starting"), running("starting"), running("healthy"));
    await (await fakeExecutor(fake).controller(genTask())).start();
    expect(fake.calls.ContainerInspect).toBeGreaterThanOrEqual(4);
  });

  it("unhealthy: stops the container and fails with the last health output", async () => {
    const fake = new FakeDocker();
    created(fake, running("starting"), running("unhealthy", "db not ready\n"));
    fake.stopFn = (_id, t) => expect(t).toBe(10);
    const failure = await (await fakeExecutor(fake).controller(genTask())).start().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ContainerUnhealthyError);
    expect((failure as Error).message).toBe("task: unhealthy container; last health check (exit 1): db not ready");
    expect(fake.calls.ContainerStop).toBe(1);
  });

  it("an exit during start is detected: a non-zero exit fails with its code", async () => {
    const fake = new FakeDocker();
    created(fake, running("starting"), inspectOf("exited", { exitCode: 2, Config: { Healthcheck: healthcheck } }));
    await expect((await fakeExecutor(fake).controller(genTask())).start()).rejects.toMatchObject({ exitCode: 2 });
  });

  it("a container still starting at the deadline is stopped and fails with EXEC_DOCKER_HEALTH_TIMEOUT", async () => {
    const fake = new FakeDocker();
    created(fake, running("starting", "warming up"));
    fake.eventsFn = () => silentBody();
    fake.stopFn = () => {};
    const controller = await fakeExecutor(fake, { healthStartTimeout: 100 }).controller(genTask());
    // The deadline counts from the container's start time; it is checked at each look (every second at least).
    await expect(controller.start()).rejects.toMatchObject({
      code: DockerErrorCode.HealthTimeout,
      message: expect.stringContaining("last health check: warming up"),
    });
    expect(fake.calls.ContainerStop).toBe(1);
  });

  it("a start called again while the container is still starting waits for health, then says ErrTaskStarted", async () => {
    const fake = new FakeDocker();
    sequence(fake, running("starting"), running("healthy"));
    fake.eventsFn = () => eventsOf("health_status: healthy");
    await expect((await fakeExecutor(fake).controller(genTask())).start()).rejects.toBe(ErrTaskStarted);
    expect(fake.calls.ContainerStart).toBeUndefined();
  });

  it("the event stream may break: it is re-opened and the container looked at again", async () => {
    const fake = new FakeDocker();
    created(fake, running("starting"), running("starting"), running("healthy"));
    let subscriptions = 0;
    fake.eventsFn = () => (subscriptions++ === 0 ? body([], connectionError("ECONNRESET")) : silentBody());
    await (await fakeExecutor(fake).controller(genTask())).start();
    expect(subscriptions).toBeGreaterThanOrEqual(2);
  });
});

describe("shutdown, terminate, remove", () => {
  it("already stopped (304) and gone (404) are success", async () => {
    const fake = new FakeDocker();
    const controller = await fakeExecutor(fake).controller(genTask());
    fake.stopFn = () => {
      throw engineError(304, "");
    };
    await controller.shutdown();
    fake.stopFn = () => {
      throw engineError(404, "No such container");
    };
    await controller.shutdown();
    fake.killFn = () => {
      throw engineError(409, "is not running");
    };
    await controller.terminate();
    fake.removeFn = () => {
      throw engineError(404, "No such container");
    };
    await controller.remove();
  });

  it("the stop call may take the grace period plus the request timeout", async () => {
    const fake = new FakeDocker();
    fake.stopFn = () => new Promise((resolve) => setTimeout(resolve, 150));
    const controller = await fakeExecutor(fake, { requestTimeout: 100 }).controller(genTask({ stopGracePeriod: 1000 }));
    await controller.shutdown();
  });

  it("remove shuts down first, and still removes when the shutdown fails", async () => {
    const fake = new FakeDocker();
    fake.stopFn = () => {
      throw engineError(500, "cannot stop");
    };
    fake.removeFn = () => {};
    await (await fakeExecutor(fake).controller(genTask())).remove();
    expect(fake.log.map((entry) => entry.split(" ")[0])).toEqual(["ContainerStop", "ContainerRemove"]);
  });

  it("an engine error carries its status code and the engine's message", async () => {
    const fake = new FakeDocker();
    fake.killFn = () => {
      throw engineError(500, "something broke");
    };
    const controller = await fakeExecutor(fake).controller(genTask());
    await expect(controller.terminate()).rejects.toMatchObject({
      code: DockerErrorCode.Engine,
      statusCode: 500,
      message: `killing container ${controller.containerName}: something broke`,
    });
  });
});

describe("portStatus", () => {
  it("reads the published ports of the container, sorted, as host-mode ports", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () =>
      inspectOf("running", {
        NetworkSettings: {
          Ports: {
            "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "49153" }],
            "53/UDP": [{ HostIp: "127.0.0.1", HostPort: "49154" }],
            "9000/tcp": null,
            bogus: [{ HostPort: "1" }],
          },
        },
      });
    const controller = await fakeExecutor(fake).controller(genTask());
    expect(await controller.portStatus()).toEqual({
      ports: [
        { protocol: "udp", targetPort: 53, publishedPort: 49154, publishMode: "host" },
        { protocol: "tcp", targetPort: 8080, publishedPort: 49153, publishMode: "host" },
      ],
    });
  });

  it("a task without a container has no port or container status", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () => {
      throw engineError(404, "No such container");
    };
    const controller = await fakeExecutor(fake).controller(genTask());
    expect(await controller.portStatus()).toBeUndefined();
    expect(await controller.containerStatus()).toBeUndefined();
  });
});

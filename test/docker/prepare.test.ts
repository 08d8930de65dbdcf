import { describe, expect, it, vi } from "vitest";
import { DockerErrorCode, EngineUnreachableError, ImagePullError } from "../../src/docker/index.js";
import { ErrTaskPrepared, isTemporary } from "../../src/index.js";
import {
  body,
  connectionError,
  engineError,
  FakeDocker,
  inspectOf,
  silentBody,
} from "../support/docker/fake-docker.js";
import { fakeExecutor, genTask } from "../support/docker/fake-executor.js";

const noSuchImage = () => engineError(404, "No such image: stevvooe/foo:1");

describe("prepare: pull policy", () => {
  it("missing (a tagged image): creates at once, no pull when the image is present", async () => {
    const fake = new FakeDocker();
    fake.createFn = () => ({ id: "cid" });
    await (await fakeExecutor(fake).controller(genTask({ image: "stevvooe/foo:1" }))).prepare();
    expect(fake.calls).toEqual({ ContainerCreate: 1 });
  });

  it("missing: an absent image is pulled, then the container created", async () => {
    const fake = new FakeDocker();
    const creates = [noSuchImage(), { id: "cid" }];
    fake.createFn = () => {
      const next = creates.shift();
      if (next instanceof Error) throw next;
      return next as { id: string };
    };
    fake.imageInspectFn = () => {
      throw engineError(404, "no such image");
    };
    fake.pullFn = () =>
      body([
        { status: "Pulling fs layer", id: "l1" },
        { status: "Pull complete", id: "l1" },
      ]);
    await (await fakeExecutor(fake).controller(genTask({ image: "stevvooe/foo:1" }))).prepare();
    expect(fake.log).toEqual([
      expect.stringMatching(/^ContainerCreate /),
      "ImageInspect stevvooe/foo:1",
      "ImagePull stevvooe/foo:1",
      expect.stringMatching(/^ContainerCreate /),
    ]);
  });

  it("a 404 from create when the image is present is the create error, not a pull", async () => {
    const fake = new FakeDocker();
    fake.createFn = () => {
      throw engineError(404, "network foo not found");
    };
    fake.imageInspectFn = () => ({ Id: "sha256:1" });
    const controller = await fakeExecutor(fake).controller(genTask({ image: "stevvooe/foo:1" }));
    await expect(controller.prepare()).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining("network foo not found"),
    });
    expect(fake.calls.ImagePull).toBeUndefined();
  });

  it("never: an absent image is EXEC_DOCKER_IMAGE_NOT_FOUND, not 'No such image'", async () => {
    const fake = new FakeDocker();
    fake.createFn = () => {
      throw noSuchImage();
    };
    fake.imageInspectFn = () => {
      throw engineError(404, "no such image");
    };
    const controller = await fakeExecutor(fake).controller(
      genTask({ image: "stevvooe/foo:1", pullOptions: { policy: "never" } }),
    );
    await expect(controller.prepare()).rejects.toMatchObject({
      code: DockerErrorCode.ImageNotFound,
      message: 'image "stevvooe/foo:1" is not present on the engine and the pull policy is "never"',
    });
    expect(fake.calls.ImagePull).toBeUndefined();
  });

  it("a failed pull of an absent image reports the pull's own error, found in the progress stream", async () => {
    const fake = new FakeDocker();
    fake.pullFn = () =>
      body([
        { status: "Pulling from stevvooe/foo" },
        { errorDetail: { message: "pull access denied for stevvooe/foo" }, error: "pull access denied" },
      ]);
    fake.imageInspectFn = () => {
      throw engineError(404, "no such image");
    };
    const controller = await fakeExecutor(fake).controller(genTask());
    const failure = await controller.prepare().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ImagePullError);
    expect((failure as Error).message).toBe(
      'pulling image "stevvooe/foo:latest" failed: pull access denied for stevvooe/foo',
    );
    expect(isTemporary(failure)).toBe(false);
    expect(fake.calls.ContainerCreate).toBeUndefined();
  });

  // The reason is the engine's own, said once: not "failed: pulling image stevvooe/foo:latest: Get …".
  it.each([
    [
      "with its reason",
      "Get https://127.0.0.1:5999/v2/: connection refused",
      "Get https://127.0.0.1:5999/v2/: connection refused",
    ],
    ["without a reason", "", "engine answered HTTP 500"],
  ])(
    "an engine that refuses the pull (HTTP status) %s is a pull error, the pull named once",
    async (_, said, reason) => {
      const fake = new FakeDocker();
      fake.pullFn = () => {
        throw engineError(500, said);
      };
      fake.imageInspectFn = () => {
        throw engineError(404, "no such image");
      };
      const controller = await fakeExecutor(fake).controller(genTask());
      const failure = await controller.prepare().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ImagePullError);
      expect((failure as Error).message).toBe(`pulling image "stevvooe/foo:latest" failed: ${reason}`);
    },
  );

  it("always: a failed pull goes on with a local copy of the image", async () => {
    const fake = new FakeDocker();
    fake.pullFn = () => body([{ error: "registry down" }]);
    fake.imageInspectFn = () => ({ Id: "sha256:1" });
    fake.createFn = () => ({ id: "cid" });
    await (await fakeExecutor(fake).controller(genTask())).prepare();
    expect(fake.calls).toEqual({ ImagePull: 1, ImageInspect: 1, ContainerCreate: 1 });
  });

  it("the task's registry auth goes to the pull; progress reaches the executor's observer", async () => {
    const fake = new FakeDocker();
    const events: unknown[] = [];
    fake.pullFn = (_query, auth) => {
      expect(auth).toEqual({ base64: "c2VjcmV0" });
      return body([{ status: "Downloading", id: "l1", progressDetail: { current: 5, total: 10 } }]);
    };
    fake.createFn = () => ({ id: "cid" });
    const executor = fakeExecutor(fake, { onPullProgress: (event) => events.push(event) });
    await (await executor.controller(genTask({ pullOptions: { registryAuth: "c2VjcmV0" } }))).prepare();
    expect(events).toEqual([
      { image: "stevvooe/foo:latest", status: "Downloading", layer: "l1", current: 5, total: 10 },
    ]);
  });

  it("no progress within the inactivity timeout fails the pull with a clear message", async () => {
    const fake = new FakeDocker();
    fake.pullFn = () => silentBody();
    fake.imageInspectFn = () => {
      throw engineError(404, "no such image");
    };
    const controller = await fakeExecutor(fake, { pullInactivityTimeout: 50 }).controller(genTask());
    await expect(controller.prepare()).rejects.toThrow(
      'pulling image "stevvooe/foo:latest" failed: no progress for 0.1 s',
    );
  });

  it("the total timeout bounds a pull that keeps making progress", async () => {
    const fake = new FakeDocker();
    fake.pullFn = () => {
      const stream = silentBody();
      const timer = setInterval(() => stream.push('{"status":"Downloading"}\n'), 10);
      stream.on("close", () => clearInterval(timer));
      return stream;
    };
    fake.imageInspectFn = () => {
      throw engineError(404, "no such image");
    };
    const controller = await fakeExecutor(fake, { pullTimeout: 100 }).controller(genTask());
    await expect(controller.prepare()).rejects.toThrow("did not finish within 0.1 s");
  });
});

describe("prepare: shared pulls that survive an aborted prepare", () => {
  function slowPull(fake: FakeDocker) {
    let finish: () => void = () => {};
    fake.pullFn = () => {
      const stream = silentBody();
      finish = () => stream.push(null);
      return stream;
    };
    return () => finish();
  }

  it("an aborted prepare leaves the pull running; the next prepare joins it", async () => {
    const fake = new FakeDocker();
    const finish = slowPull(fake);
    fake.createFn = () => ({ id: "cid" });
    const controller = await fakeExecutor(fake).controller(genTask());
    const aborted = new AbortController();
    const first = controller.prepare(aborted.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    aborted.abort(new DOMException("stop", "AbortError"));
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    const second = controller.prepare();
    await new Promise((resolve) => setTimeout(resolve, 20));
    finish();
    await second;
    expect(fake.calls).toEqual({ ImagePull: 1, ContainerCreate: 1 });
  });

  it("concurrent prepares of tasks with the same image share one pull", async () => {
    const fake = new FakeDocker();
    const finish = slowPull(fake);
    let next = 0;
    fake.createFn = () => ({ id: `c${next++}` });
    const executor = fakeExecutor(fake);
    const controllers = await Promise.all([1, 2, 3].map(() => executor.controller(genTask())));
    const prepared = Promise.all(controllers.map((c) => c.prepare()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    finish();
    await prepared;
    expect(fake.calls).toEqual({ ImagePull: 1, ContainerCreate: 3 });
  });

  it("the pull is cancelled when the last task needing it shuts down", async () => {
    const fake = new FakeDocker();
    slowPull(fake);
    fake.stopFn = () => {};
    const controller = await fakeExecutor(fake).controller(genTask());
    const aborted = new AbortController();
    const prepared = controller.prepare(aborted.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    aborted.abort();
    await prepared.catch(() => {});
    await controller.shutdown();
    const again = controller.prepare();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.calls.ImagePull).toBe(2); // a new pull: the first one was cancelled
    await controller.close();
    await expect(again).rejects.toBeDefined();
  });
});

describe("prepare: existing containers", () => {
  it("a container with the task's name but another owner is EXEC_DOCKER_NAME_CONFLICT", async () => {
    const fake = new FakeDocker();
    fake.createFn = () => {
      throw engineError(409, "Conflict");
    };
    fake.inspectFn = () => inspectOf("running", { labels: { "taskwright.task.id": "someone-else" } });
    const controller = await fakeExecutor(fake).controller(genTask({ image: "stevvooe/foo:1" }));
    await expect(controller.prepare()).rejects.toMatchObject({
      code: DockerErrorCode.NameConflict,
      message: expect.stringContaining("(it belongs to task someone-else)"),
    });
  });

  it("a conflict whose container vanished before the inspect creates once more", async () => {
    const fake = new FakeDocker();
    let creates = 0;
    fake.createFn = () => {
      if (creates++ === 0) throw engineError(409, "Conflict");
      return { id: "cid" };
    };
    fake.inspectFn = () => {
      throw engineError(404, "No such container");
    };
    await (await fakeExecutor(fake).controller(genTask({ image: "stevvooe/foo:1" }))).prepare();
    expect(fake.calls).toEqual({ ContainerCreate: 2, ContainerInspect: 1 });
  });

  it("adopting the task's own container also works with a custom label prefix", async () => {
    const fake = new FakeDocker();
    const task = genTask({ image: "stevvooe/foo:1" });
    fake.createFn = () => {
      throw engineError(409, "Conflict");
    };
    fake.inspectFn = () => inspectOf("running", { labels: { "acme.task.id": task.id } });
    const controller = await fakeExecutor(fake, { labelPrefix: "acme" }).controller(task);
    await expect(controller.prepare()).rejects.toBe(ErrTaskPrepared);
  });
});

describe("an unreachable engine", () => {
  it("is a temporary error naming the endpoint, never a task failure", async () => {
    const fake = new FakeDocker();
    fake.createFn = () => {
      throw connectionError("ECONNREFUSED");
    };
    const controller = await fakeExecutor(fake).controller(genTask({ image: "stevvooe/foo:1" }));
    const failure = await controller.prepare().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(EngineUnreachableError);
    expect(isTemporary(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/^creating container .*: docker engine unreachable at .*ECONNREFUSED/);
  });

  it("calls that are safe to repeat are retried before giving up", async () => {
    const fake = new FakeDocker();
    let inspects = 0;
    fake.inspectFn = () => {
      if (inspects++ < 2) throw connectionError("ECONNRESET");
      return inspectOf("exited");
    };
    await (await fakeExecutor(fake).controller(genTask())).wait();
    expect(inspects).toBe(3);
  });

  it("a call the engine never answers fails after the request timeout, as unreachable", async () => {
    const fake = new FakeDocker();
    fake.createFn = () => new Promise(() => {});
    const controller = await fakeExecutor(fake, { requestTimeout: 50 }).controller(
      genTask({ image: "stevvooe/foo:1" }),
    );
    await expect(controller.prepare()).rejects.toThrow(/no answer within 50 ms/);
  });
});

describe("remove after a cut-short create", () => {
  it("an aborted prepare rejects at once; remove waits for the engine's answer to the create, then removes the container", async () => {
    const fake = new FakeDocker();
    const task = genTask({ image: "stevvooe/foo:1" });
    let answerCreate: (value: { id: string }) => void = () => {};
    fake.createFn = () => new Promise((resolve) => (answerCreate = resolve)); // the engine is still working on it
    fake.stopFn = () => {};
    const removed: string[] = [];
    fake.removeFn = (id) => void removed.push(id);
    fake.inspectFn = () => inspectOf("created", { id: "late", labels: { "taskwright.task.id": task.id } });
    const controller = await fakeExecutor(fake).controller(task);
    const aborted = new AbortController();
    const prepared = controller.prepare(aborted.signal);
    await vi.waitFor(() => expect(fake.calls.ContainerCreate).toBe(1));
    aborted.abort(new Error("shutting down"));
    await expect(prepared).rejects.toThrow("shutting down");

    let removeDone = false;
    const removing = controller.remove().then(() => (removeDone = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(removeDone).toBe(false); // the create has not been answered: removing now could miss its container
    expect(removed).toEqual([]);
    answerCreate({ id: "late" });
    await removing;
    expect(removed[0]).toBe(controller.containerName);
    expect(removed).toContain("late");
  });

  it("a create the engine never answers: remove goes on after the request timeout and looks for the container by name", async () => {
    const fake = new FakeDocker();
    const task = genTask({ image: "stevvooe/foo:1" });
    fake.createFn = () => new Promise(() => {});
    fake.stopFn = () => {};
    const removed: string[] = [];
    fake.removeFn = (id) => void removed.push(id);
    fake.inspectFn = () => inspectOf("created", { id: "late", labels: { "taskwright.task.id": task.id } });
    const controller = await fakeExecutor(fake, { requestTimeout: 100 }).controller(task);
    const aborted = new AbortController();
    const prepared = controller.prepare(aborted.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    aborted.abort();
    await prepared.catch(() => {});
    await controller.remove();
    expect(removed).toEqual([controller.containerName, "late"]);
  });
});

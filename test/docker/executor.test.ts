import { describe, expect, it } from "vitest";
import {
  type DependencyFileMounter,
  DockerErrorCode,
  DockerExecutor,
  EngineUnreachableError,
  nodeDescription,
  validateDockerTask,
} from "../../src/docker/index.js";
import {
  ErrRuntimeUnsupported,
  InvalidTaskError,
  isTemporary,
  Resolve,
  type Task,
  TaskState,
  TemplateError,
  TemplateErrorCode,
} from "../../src/index.js";
import { engineError, FakeDocker } from "../support/docker/fake-docker.js";
import { fakeExecutor, genTask, testNode } from "../support/docker/fake-executor.js";

/** A file mounter that only records `<target>=<content>` of every file it is given. */
function capturingMounter(written: string[]): DependencyFileMounter {
  return {
    prepare: async (_key, files) => {
      written.push(...files.map((f) => `${f.target}=${new TextDecoder().decode(f.data)}`));
      return [];
    },
    cleanup: async () => {},
  };
}

describe("DockerExecutor.controller", () => {
  it("a task without a container spec is ErrRuntimeUnsupported", async () => {
    const task: Task = { id: "t", spec: {}, desiredState: TaskState.Running, status: { state: TaskState.New } };
    await expect(fakeExecutor(new FakeDocker()).controller(task)).rejects.toBe(ErrRuntimeUnsupported);
  });

  it("validates first: every bad field is named (no image, bad mount, negative duration, …)", async () => {
    const task = genTask({
      image: "",
      stopGracePeriod: -1,
      mounts: [{ type: "bind", target: "relative" }],
      healthcheck: { interval: 1.5 },
    });
    const failure = await fakeExecutor(new FakeDocker())
      .controller(task)
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(InvalidTaskError);
    const paths = (failure as InvalidTaskError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "spec.container.stopGracePeriod",
        "spec.container.mounts[0].target",
        "spec.container.mounts[0].source",
        "spec.container.healthcheck.interval",
      ]),
    );
    // Docker's own checks come once the model is valid.
    const noImage = await fakeExecutor(new FakeDocker())
      .controller(genTask({ image: "" }))
      .catch((err: unknown) => err);
    expect((noImage as Error).message).toBe("invalid task: spec.container.image: is required by the Docker executor");
  });

  it("Docker's own checks: image reference, cluster mounts, colliding file targets", () => {
    const task = genTask({
      image: "Bad Image",
      mounts: [{ type: "cluster", source: "v", target: "/v" }],
      secrets: [
        { secretId: "s1", secretName: "a", file: { name: "x" } },
        { secretId: "s2", secretName: "b", file: { name: "/run/secrets/x" } },
      ],
    });
    expect(() => validateDockerTask(task)).toThrow(InvalidTaskError);
    try {
      validateDockerTask(task);
    } catch (err) {
      expect((err as InvalidTaskError).issues).toEqual([
        {
          path: "spec.container.image",
          message: '"Bad Image" is not a valid image reference: expected [host[:port]/]name[:tag][@digest]',
        },
        { path: "spec.container.mounts[0].type", message: "cluster volumes are not supported by the Docker executor" },
        {
          path: "spec.container.secrets[1].file.name",
          message: "target /run/secrets/x is already used by spec.container.secrets[0].file.name",
        },
      ]);
    }
  });

  it("expands templates in env values, hostname and mounts before the container is created", async () => {
    const fake = new FakeDocker();
    const task = genTask({
      image: "stevvooe/foo:1",
      env: ["TASK={{.Task.ID}}", "NODE={{.Node.Hostname}}", "{{.Task.ID}}=kept"],
      hostname: "{{.Service.ID}}-{{.Node.Platform.OS}}",
      mounts: [{ type: "volume", source: "vol-{{.Task.ID}}", target: "/data/{{.Node.ID}}" }],
    });
    let created: Record<string, unknown> = {};
    fake.createFn = (_name, body) => {
      created = body;
      return { id: "cid" };
    };
    await (await fakeExecutor(fake).controller(task)).prepare();
    expect(created.Env).toEqual([`TASK=${task.id}`, "NODE=testHostname", "{{.Task.ID}}=kept"]);
    expect(created.Hostname).toBe("dockerexec-test-service-linux");
    expect((created.HostConfig as { Mounts: unknown }).Mounts).toEqual([
      { Type: "volume", Source: `vol-${task.id}`, Target: "/data/dockerexec-test-node-id" },
    ]);
    expect(task.spec.container?.env?.[0]).toBe("TASK={{.Task.ID}}"); // the task itself is not changed
  });

  it("a template that cannot be expanded rejects the task", async () => {
    const task = genTask({ env: ["X={{.NotExpanded}}"] });
    const { status, error } = await Resolve(task, fakeExecutor(new FakeDocker()));
    expect(error?.message).toContain("NotExpanded");
    expect(status.state).toBe(TaskState.Rejected);
  });

  it("describes the node once from the engine; an unreachable engine is temporary (Resolve keeps the status)", async () => {
    const fake = new FakeDocker();
    fake.infoFn = () => {
      throw Object.assign(new Error("connect ENOENT /var/run/docker.sock"), { code: "ENOENT" });
    };
    fake.pluginsFn = () => [];
    const executor = new DockerExecutor({ docker: fake, reconnectTimeout: 100 });
    const task = genTask();
    const { status, error } = await Resolve(task, executor);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect(isTemporary(error)).toBe(true);
    expect(status).toEqual(task.status);
    fake.infoFn = () => ({ Name: "n1", OSType: "linux", Architecture: "x86_64", NCPU: 2, MemTotal: 1024 });
    await executor.controller(genTask());
    await executor.controller(genTask());
    expect(fake.calls.Info).toBe(4); // three tries while unreachable, then one
  });

  it("refuses a task with secret files when the engine is remote, naming the reason", async () => {
    const fake = new FakeDocker();
    const executor = fakeExecutor(fake);
    executor.secrets.add({ id: "s1", spec: { data: new TextEncoder().encode("pw") } });
    const controller = await executor.controller(
      genTask({ image: "stevvooe/foo:1", secrets: [{ secretId: "s1", secretName: "db", file: { name: "db" } }] }),
    );
    await expect(controller.prepare()).rejects.toMatchObject({
      code: DockerErrorCode.SecretFiles,
      message: expect.stringContaining("the engine at tcp://"),
    });
    expect(fake.calls.ContainerCreate).toBeUndefined();
  });

  it("serves a task only the secrets it references", async () => {
    const fake = new FakeDocker();
    const written: string[] = [];
    const executor = fakeExecutor(fake, { secretFiles: capturingMounter(written) });
    executor.secrets.add(
      { id: "s1", spec: { data: new TextEncoder().encode("mine") } },
      { id: "s2", spec: { data: new TextEncoder().encode("theirs") } },
    );
    fake.createFn = () => ({ id: "cid" });
    const mine = genTask({
      image: "stevvooe/foo:1",
      secrets: [{ secretId: "s1", secretName: "a", file: { name: "a" } }],
    });
    await (await executor.controller(mine)).prepare();
    expect(written).toEqual(["/run/secrets/a=mine"]);
    const sneaky = genTask({
      image: "stevvooe/foo:1",
      secrets: [{ secretId: "s1", secretName: "a", file: { name: "a" } }],
    });
    const controller = await executor.controller(sneaky);
    executor.secrets.remove(["s1"]);
    await expect(controller.prepare()).rejects.toThrow(/s1/);
  });

  /** An executor over a fake engine with secret `pw` and a config templated with `template`, and a task using both. */
  function templatedSetup(template: string) {
    const fake = new FakeDocker();
    const written: string[] = [];
    const executor = fakeExecutor(fake, { secretFiles: capturingMounter(written) });
    const encode = (text: string) => new TextEncoder().encode(text);
    executor.secrets.add({ id: "pw", spec: { data: encode("hunter2") } });
    executor.configs.add({ id: "conf", spec: { data: encode(template), templating: { name: "golang" } } });
    fake.createFn = () => ({ id: "cid" });
    const task = genTask({
      image: "stevvooe/foo:1",
      secrets: [{ secretId: "pw", secretName: "pw", file: { name: "pw" } }],
      configs: [{ configId: "conf", configName: "conf", file: { name: "app.conf" } }],
    });
    return { fake, written, executor, task };
  }

  it("expands templated secret and config payloads for the task before writing them", async () => {
    const { written, executor, task } = templatedSetup('task={{.Task.ID}} node={{.Node.Hostname}} pw={{secret "pw"}}');
    await (await executor.controller(task)).prepare();
    expect(written).toEqual(["/run/secrets/pw=hunter2", `/app.conf=task=${task.id} node=testHostname pw=hunter2`]);
  });

  it("a secret or config payload that cannot be expanded fails prepare, naming the reference", async () => {
    const { fake, written, executor, task } = templatedSetup('{{secret "pw"}} {{.Nope}}');
    const failure = await (await executor.controller(task)).prepare().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TemplateError);
    expect(failure).toMatchObject({
      code: TemplateErrorCode.UnknownField,
      field: "spec.container.configs[0]",
      message:
        "spec.container.configs[0]: failed to expand templated config conf: template: expansion:1:18: unknown field .Nope",
    });
    expect(written).toEqual([]);
    expect(fake.calls.ContainerCreate).toBeUndefined();
  });

  it("configure resolves; describe reports the engine", async () => {
    const fake = new FakeDocker();
    fake.infoFn = () => ({
      Name: "host1",
      OSType: "linux",
      Architecture: "aarch64",
      NCPU: 4,
      MemTotal: 8e9,
      ServerVersion: "20.10.24",
      Labels: ["zone=a", "bad", "zone=b"],
      Plugins: { Volume: ["local"], Network: ["bridge", "null"], Authorization: null },
    });
    fake.pluginsFn = () => {
      throw engineError(500, "plugins unavailable");
    };
    const executor = new DockerExecutor({ docker: fake });
    await executor.configure({});
    expect(await executor.describe()).toEqual({
      hostname: "host1",
      platform: { os: "linux", architecture: "aarch64" },
      resources: { nanoCpus: 4e9, memoryBytes: 8e9 },
      engine: {
        engineVersion: "20.10.24",
        labels: { zone: "b" },
        plugins: [
          { type: "Network", name: "bridge" },
          { type: "Network", name: "null" },
          { type: "Volume", name: "local" },
        ],
      },
    });
  });
});

describe("nodeDescription", () => {
  it("adds enabled managed plugins by capability, without duplicates", () => {
    const description = nodeDescription({ Plugins: { Volume: ["local"] } }, [
      { Name: "vieux/sshfs", Enabled: true, Config: { Interface: { Types: ["docker.volumedriver/1.0"] } } },
      {
        Name: "local",
        Enabled: true,
        Config: { Interface: { Types: [{ Prefix: "docker", Capability: "volumedriver" }] } },
      },
      { Name: "off", Enabled: false, Config: { Interface: { Types: ["docker.networkdriver/1.0"] } } },
      { Name: "logs", Enabled: true, Config: { Interface: { Types: ["docker.logdriver/1.0"] } } },
    ]);
    expect(description.engine?.plugins).toEqual([
      { type: "logdriver", name: "logs" },
      { type: "Volume", name: "local" },
      { type: "Volume", name: "vieux/sshfs" },
    ]);
    expect(testNode.hostname).toBe("testHostname");
  });
});

import { readdirSync, rmSync, statSync } from "node:fs";
import { hostname, machine } from "node:os";
import { dirname } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { templatedTask } from "../../src/dependencies/templated-task.js";
import { Resolve, type Task, TaskState, TemplateError, TemplateErrorCode } from "../../src/index.js";
import { ProcessErrorCode } from "../../src/process/index.js";
import { prepareLaunch } from "../../src/process/launch.js";
import { processSpecOf } from "../../src/process/process-spec.js";
import { defaultRuntimeDirs, isInMemory } from "../../src/process/runtime-dir.js";
import { makeDiskDir } from "../support/disk-dir.js";
import { ProcessExecutor, runTask, shellTask, useControllerCleanup } from "../support/process-tasks.js";

const track = useControllerCleanup();
const bytes = (text: string) => new TextEncoder().encode(text);
const golang = { name: "golang" };

const diskDir = makeDiskDir("taskwright-disk-test");
afterAll(() => rmSync(diskDir, { recursive: true, force: true }));

/** A shell task with the service, node and slot a template can name. */
function serviceTask(script: string, extra: Parameters<typeof shellTask>[1] = {}): Task {
  return {
    ...shellTask(script, extra),
    serviceId: "svc-id",
    serviceAnnotations: { name: "web", labels: { tier: "front" } },
    nodeId: "node-7",
    slot: 3,
  };
}

const dbRef = { secretId: "db", secretName: "db", file: { name: "db", mode: 0o400 } };
const appRef = { configId: "app", configName: "app", file: { name: "app.conf" } };

/** An executor holding the secret `db` ("hunter2") and the config `app` with `template`. */
function withTemplatedConfig(template: string, options = {}): ProcessExecutor {
  const executor = new ProcessExecutor(options);
  executor.secrets.add({ id: "db", spec: { data: bytes("hunter2") } });
  executor.configs.add({ id: "app", spec: { data: bytes(template), templating: golang } });
  return executor;
}

/** Names of private directories of `task` in `dir`. */
const privateDirsOf = (dir: string, task: Task) =>
  readdirSync(dir).filter((name) => name.startsWith(`taskwright-${task.id}-`));

describe("ProcessExecutor: templates", () => {
  it("expands env values with the task, service and node, and nothing else (args, names)", async () => {
    const task = serviceTask('echo "$TASK|$NAME|$SLOT|$SERVICE|$LABEL|$NODE|$PLAIN"; echo "$1"', {
      env: [
        "TASK={{.Task.ID}}",
        "NAME={{.Task.Name}}",
        "SLOT={{.Task.Slot}}",
        "SERVICE={{.Service.ID}}/{{.Service.Name}}",
        'LABEL={{index .Service.Labels "tier"}}',
        "NODE={{.Node.ID}}/{{.Node.Hostname}}/{{.Node.Platform.OS}}/{{.Node.Platform.Architecture}}",
        "PLAIN=no {braces} here",
      ],
      args: ["sh", "{{.Task.ID}}"],
    });
    const { status, stdout } = await runTask(task, new ProcessExecutor(), track);
    expect(status.state).toBe(TaskState.Complete);
    const node = `node-7/${hostname()}/${process.platform}/${machine()}`;
    expect(stdout).toEqual([`${task.id}|web.3.${task.id}|3|svc-id/web|front|${node}|no {braces} here`, "{{.Task.ID}}"]);
  });

  it("writes a templated secret, expanded for the task, and the process reads it back", async () => {
    const executor = new ProcessExecutor();
    executor.secrets.add({
      id: "db",
      spec: {
        data: bytes('user={{.Service.Name}}-{{.Task.Slot}} mode={{env "MODE"}} task={{.Task.ID}}'),
        templating: golang,
      },
    });
    const task = serviceTask('cat "$TASKWRIGHT_SECRETS_DIR/db"', { env: ["MODE=ro"], secrets: [dbRef] });
    const { status, stdout } = await runTask(task, executor, track);
    expect(status.state).toBe(TaskState.Complete);
    expect(stdout).toEqual([`user=web-3 mode=ro task=${task.id}`]);
  });

  it("writes a templated config that pulls in a secret only in the private tmpfs directory", async () => {
    const executor = withTemplatedConfig('password={{secret "db"}} service={{.Service.Name}}');
    const script = 'cat "$TASKWRIGHT_CONFIGS_DIR/app.conf"; echo; echo "$TASKWRIGHT_CONFIGS_DIR"';
    const task = serviceTask(script, { secrets: [dbRef], configs: [appRef] });
    const { status, stdout } = await runTask(task, executor, track);
    expect(status.state).toBe(TaskState.Complete);
    const [content, configsDir = ""] = stdout;
    expect(content).toBe("password=hunter2 service=web");
    expect(await isInMemory(configsDir)).toBe(true);
    expect(statSync(dirname(configsDir)).mode & 0o777).toBe(0o700);
  });

  it("refuses to write a config that pulls in a secret to a disk, and writes nothing there", async () => {
    const executor = withTemplatedConfig('password={{secret "db"}}', { runtimeDir: diskDir });
    const task = serviceTask("true", { secrets: [dbRef], configs: [appRef] });
    const controller = track(executor.controller(task));
    await expect(controller.prepare()).rejects.toMatchObject({ code: ProcessErrorCode.NoTmpfs });
    expect(privateDirsOf(diskDir, task)).toEqual([]);
  });

  it("counts a config that pulls in a secret as a secret, even with no secret file to write", async () => {
    // A task can only name a secret file target in a template when it has that file, so the
    // refusal above is also the secret's. Leave the secret's file out to see the config's part.
    const task = serviceTask("true", { secrets: [dbRef], configs: [appRef] });
    const deps = withTemplatedConfig('password={{secret "db"}}');
    const spec = processSpecOf(task);
    const configOnly = { ...spec, files: spec.files.filter((file) => file.kind === "config") };
    const { dependencies } = templatedTask(task, deps, undefined);
    const settings = { baseEnv: { PATH: process.env.PATH }, runtimeDirCandidates: [], allowSecretsOnDisk: false };
    await expect(
      prepareLaunch(task, configOnly, dependencies, { ...settings, runtimeDir: diskDir }),
    ).rejects.toMatchObject({ code: ProcessErrorCode.NoTmpfs });
    expect(privateDirsOf(diskDir, task)).toEqual([]);

    const plain = withTemplatedConfig("service={{.Service.Name}}");
    const launch = await prepareLaunch(task, configOnly, templatedTask(task, plain, undefined).dependencies, {
      ...settings,
      runtimeDir: diskDir,
    });
    try {
      expect(launch.privateDir?.root.startsWith(diskDir)).toBe(true);
    } finally {
      rmSync(launch.privateDir?.root ?? "", { recursive: true, force: true });
    }
  });

  it("rejects a bad template in the spec at Resolve, naming the field", async () => {
    const task = serviceTask("true", { env: ["OK={{.Task.ID}}", "BAD={{.Task.Nope}}"] });
    const { status, error, controller } = await Resolve(task, new ProcessExecutor());
    expect(controller).toBeUndefined();
    expect(status.state).toBe(TaskState.Rejected);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ code: TemplateErrorCode.UnknownField, field: "spec.container.env[1]" });
    expect(status.err).toBe("spec.container.env[1]: template: expansion:1:2: unknown field .Task.Nope");
  });

  it("rejects a bad template in a field the process ignores (hostname), as the Docker executor would", () => {
    const task = serviceTask("true", { hostname: "{{.Node.Hostname" });
    expect(() => new ProcessExecutor({ strict: false }).controller(task)).toThrow(
      expect.objectContaining({ code: TemplateErrorCode.Syntax, field: "spec.container.hostname" }),
    );
  });

  it("rejects a bad secret or config template at prepare, naming the reference and hiding the data", async () => {
    const executor = withTemplatedConfig('password={{secret "db"}} {{.Nope}}');
    executor.secrets.add({ id: "odd", spec: { data: bytes("x"), templating: { name: "jinja" } } });
    const config = serviceTask("true", { secrets: [dbRef], configs: [appRef] });
    const configRun = await runTask(config, executor, track);
    expect(configRun.status.state).toBe(TaskState.Rejected);
    expect(configRun.status.err).toBe(
      "spec.container.configs[0]: failed to expand templated config app: template: expansion:1:27: unknown field .Nope",
    );
    expect(configRun.status.err).not.toContain("hunter2");
    for (const dir of defaultRuntimeDirs()) expect(privateDirsOf(dir, config)).toEqual([]);

    const secret = serviceTask("true", { secrets: [dbRef, { ...dbRef, secretId: "odd", file: { name: "odd" } }] });
    const controller = track(executor.controller(secret));
    const failure = await controller.prepare().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TemplateError);
    expect(failure).toMatchObject({
      code: TemplateErrorCode.UnsupportedEngine,
      field: "spec.container.secrets[1]",
      message: expect.stringMatching(/^spec\.container\.secrets\[1\]: failed to expand templated secret odd: /),
    });
  });
});

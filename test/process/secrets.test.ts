import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TaskState } from "../../src/index.js";
import { ProcessErrorCode } from "../../src/process/index.js";
import { isInMemory } from "../../src/process/runtime-dir.js";
import { makeDiskDir } from "../support/disk-dir.js";
import { ProcessExecutor, runTask, shellTask, useControllerCleanup } from "../support/process-tasks.js";

const track = useControllerCleanup();
const bytes = (text: string) => new TextEncoder().encode(text);
const isRoot = process.getuid?.() === 0;

const diskDir = makeDiskDir("taskwright-disk-test");
afterAll(() => rmSync(diskDir, { recursive: true, force: true }));

const withSecret = (options = {}) => {
  const executor = new ProcessExecutor(options);
  executor.secrets.add({ id: "db-password", spec: { data: bytes("correct horse") } });
  executor.configs.add({ id: "app-config", spec: { data: bytes("level=debug\n") } });
  return executor;
};
const secretRef = { secretId: "db-password", secretName: "db", file: { name: "db", mode: 0o400 } };

describe("ProcessExecutor: secrets and configs", () => {
  it("writes them in a private tmpfs directory named by TASKWRIGHT_SECRETS_DIR and TASKWRIGHT_CONFIGS_DIR", async () => {
    const script =
      'echo "$TASKWRIGHT_SECRETS_DIR"; echo "$TASKWRIGHT_CONFIGS_DIR"; cat "$TASKWRIGHT_CONFIGS_DIR/etc/app.conf"';
    const task = shellTask(script, {
      secrets: [secretRef],
      configs: [{ configId: "app-config", configName: "app", file: { name: "/etc/app.conf" } }],
    });
    const { status, stdout, controller } = await runTask(task, withSecret(), track);
    expect(status.state).toBe(TaskState.Complete);
    const [secretsDir = "", configsDir = "", config] = stdout;
    expect(config).toBe("level=debug");
    const root = dirname(secretsDir);
    expect(dirname(configsDir)).toBe(root);
    expect(await isInMemory(root)).toBe(true);
    for (const dir of [root, secretsDir, configsDir]) expect(statSync(dir).mode & 0o777).toBe(0o700);
    const secret = statSync(join(secretsDir, "db"));
    expect(secret.mode & 0o7777).toBe(0o400);
    expect(statSync(join(configsDir, "etc/app.conf")).mode & 0o7777).toBe(0o444);
    if (isRoot) expect([secret.uid, secret.gid]).toEqual([0, 0]);
    await controller?.remove();
    expect(existsSync(root)).toBe(false);
  });

  it("makes the directory the task user's when it runs as another user", async () => {
    const task = shellTask('cat "$TASKWRIGHT_SECRETS_DIR/db"', {
      user: "65534:65534",
      secrets: [{ ...secretRef, file: { name: "db", mode: 0o400, uid: "65534", gid: "65534" } }],
    });
    const { status, stdout } = await runTask(task, withSecret(), track);
    if (!isRoot) {
      expect(status.state).toBe(TaskState.Rejected);
      return;
    }
    expect(status.state).toBe(TaskState.Complete);
    expect(stdout).toEqual(["correct horse"]);
  });

  it("refuses to write secrets on a disk, unless allowed", async () => {
    const task = () => shellTask('cat "$TASKWRIGHT_SECRETS_DIR/db"', { secrets: [secretRef] });
    const refused = await runTask(task(), withSecret({ runtimeDir: diskDir }), track);
    expect(refused.status.state).toBe(TaskState.Rejected);
    expect(refused.status.err).toMatch(/^process: no tmpfs for the task's secrets .*allowSecretsOnDisk/);
    const allowed = await runTask(task(), withSecret({ runtimeDir: diskDir, allowSecretsOnDisk: true }), track);
    expect(allowed.stdout).toEqual(["correct horse"]);
  });

  it("writes configs alone to a disk directory when told to", async () => {
    const task = shellTask('cat "$TASKWRIGHT_CONFIGS_DIR/app.conf"', {
      configs: [{ configId: "app-config", configName: "app", file: { name: "app.conf" } }],
    });
    const { stdout } = await runTask(task, withSecret({ runtimeDir: diskDir }), track);
    expect(stdout).toEqual(["level=debug"]);
  });

  it("rejects a task whose secret is unknown, naming the reference", async () => {
    const missing = shellTask("true", { secrets: [{ ...secretRef, secretId: "nope" }] });
    const { status } = await runTask(missing, withSecret(), track);
    expect(status.state).toBe(TaskState.Rejected);
    expect(status.err).toBe("spec.container.secrets[0]: secret nope not found");
  });

  it("gives secrets without a file target and runtime configs no file (and no directory)", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax
    const task = shellTask('echo "${TASKWRIGHT_SECRETS_DIR-unset} ${TASKWRIGHT_CONFIGS_DIR-unset}"', {
      secrets: [{ secretId: "db-password", secretName: "db" }],
      configs: [{ configId: "app-config", configName: "app", runtime: {} }],
    });
    const { stdout } = await runTask(task, withSecret(), track);
    expect(stdout).toEqual(["unset unset"]);
  });

  it("a refusal has the code EXEC_PROCESS_NO_TMPFS and writes nothing", async () => {
    const emptyDiskDir = makeDiskDir("taskwright-disk-test");
    try {
      const executor = withSecret({ runtimeDir: emptyDiskDir });
      const controller = track(executor.controller(shellTask("true", { secrets: [secretRef] })));
      await expect(controller.prepare()).rejects.toMatchObject({ code: ProcessErrorCode.NoTmpfs });
      expect(readdirSync(emptyDiskDir)).toEqual([]);
    } finally {
      rmSync(emptyDiskDir, { recursive: true, force: true });
    }
  });
});

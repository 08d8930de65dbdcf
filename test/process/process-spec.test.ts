import { describe, expect, it } from "vitest";
import { ErrRuntimeUnsupported, InvalidTaskError, type Task, TaskState } from "../../src/index.js";
import { ignoredProcessFields } from "../../src/process/index.js";
import { buildEnv, inheritedEnv } from "../../src/process/process-env.js";
import { processSpecOf } from "../../src/process/process-spec.js";
import { exitCodeOfSignal, parseSignal } from "../../src/process/signals.js";
import { taskFilesOf } from "../../src/process/task-files.js";
import { processTask } from "../support/process-tasks.js";

const issuesOf = (task: Task, strict = false) => {
  try {
    processSpecOf(task, strict);
  } catch (err) {
    if (err instanceof InvalidTaskError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
};

describe("processSpecOf", () => {
  it("reads command, args, env, dir, user, stop signal and grace period, with defaults", () => {
    const spec = processSpecOf(
      processTask({ command: ["node", "-e"], args: ["1"], env: ["A=1"], dir: "/srv", user: "app", stopSignal: "int" }),
    );
    expect(spec).toEqual({
      command: "node",
      args: ["-e", "1"],
      env: ["A=1"],
      dir: "/srv",
      user: "app",
      stopSignal: "SIGINT",
      stopGracePeriod: 10_000,
      files: [],
    });
    expect(processSpecOf(processTask({ command: ["x"], stopGracePeriod: 250 }))).toMatchObject({
      stopSignal: "SIGTERM",
      stopGracePeriod: 250,
    });
  });

  it("names every problem: command, stop signal, user, file targets, and the core model's own", () => {
    expect(issuesOf(processTask({ image: "busybox" }))).toEqual([
      "spec.container.command: is required: the process executor runs no image",
    ]);
    expect(issuesOf(processTask({ command: [""], stopSignal: "SIGRTMIN+3", user: "a:b:c" }))).toEqual([
      "spec.container.command[0]: must name an executable",
      `spec.container.stopSignal: "SIGRTMIN+3" is not a signal on ${process.platform}`,
      'spec.container.user: must be "user[:group]" (names or numeric ids)',
    ]);
    expect(issuesOf(processTask({ command: ["x"], stopGracePeriod: -1 }))).toEqual([
      "spec.container.stopGracePeriod: must not be negative",
    ]);
  });

  it("throws ErrRuntimeUnsupported for a task without a container spec", () => {
    const task: Task = { id: "t", spec: {}, desiredState: TaskState.Running, status: { state: TaskState.New } };
    expect(() => processSpecOf(task)).toThrow(ErrRuntimeUnsupported);
  });

  it("in strict mode, refuses each field the executor ignores", () => {
    const task = processTask({
      image: "busybox",
      command: ["x"],
      readOnly: true,
      mounts: [{ type: "tmpfs", target: "/t" }],
    });
    expect(issuesOf(task)).toEqual([]);
    expect(issuesOf(task, true)).toEqual([
      "spec.container.readOnly: not supported by the process executor",
      "spec.container.mounts: not supported by the process executor",
    ]);
  });
});

describe("ignoredProcessFields", () => {
  it("lists the set fields a process cannot honour, leaving out the image's and unset ones", () => {
    const task: Task = {
      ...processTask({
        image: "busybox",
        labels: { a: "b" },
        pullOptions: { policy: "never" },
        command: ["x"],
        tty: true,
        init: false,
        capabilityDrop: [],
        ulimits: [{ name: "nofile", soft: 1, hard: 2 }],
      }),
      endpoint: { ports: [{ targetPort: 80 }] },
    };
    task.spec.resources = { limits: { memoryBytes: 1 } };
    task.spec.logDriver = { name: "json-file" };
    expect(ignoredProcessFields(task)).toEqual([
      "spec.container.tty",
      "spec.container.ulimits",
      "spec.resources",
      "spec.logDriver",
      "endpoint",
    ]);
    expect(ignoredProcessFields(processTask({ command: ["x"], env: ["A=1"], dir: "/", user: "0" }))).toEqual([]);
  });
});

describe("taskFilesOf", () => {
  it("places file targets relative to their kind's directory with their mode and owner", () => {
    const { files, issues } = taskFilesOf({
      secrets: [
        { secretId: "s1", secretName: "a", file: { name: "db/password", mode: 0o400, uid: "10", gid: "20" } },
        { secretId: "s2", secretName: "b", file: { name: "/run/secrets/token" } },
        { secretId: "s3", secretName: "no-file" },
      ],
      configs: [
        { configId: "c1", configName: "a", file: { name: "/etc/app.conf" } },
        { configId: "c2", configName: "runtime", runtime: {} },
      ],
    });
    expect(issues).toEqual([]);
    expect(files.map((f) => [f.kind, f.id, f.path, f.mode.toString(8), f.uid, f.gid, f.field])).toEqual([
      ["secret", "s1", "db/password", "400", 10, 20, "spec.container.secrets[0]"],
      ["secret", "s2", "run/secrets/token", "444", 0, 0, "spec.container.secrets[1]"],
      ["config", "c1", "etc/app.conf", "444", 0, 0, "spec.container.configs[0]"],
    ]);
  });

  it("refuses targets outside the directory and the same file twice", () => {
    const { issues } = taskFilesOf({
      secrets: [
        { secretId: "s1", secretName: "a", file: { name: "../escape" } },
        { secretId: "s2", secretName: "b", file: { name: "x" } },
        { secretId: "s3", secretName: "c", file: { name: "/x" } },
        { secretId: "s4", secretName: "d", file: { name: "/" } },
      ],
      configs: [{ configId: "c1", configName: "a", file: { name: "x" } }],
    });
    expect(issues).toEqual([
      { path: "spec.container.secrets[0].file.name", message: "must name a file inside the directory" },
      { path: "spec.container.secrets[2].file.name", message: "names the same file as spec.container.secrets[1]" },
      { path: "spec.container.secrets[3].file.name", message: "must name a file inside the directory" },
    ]);
  });
});

describe("signals", () => {
  it("accepts names with or without SIG, in any case, and numbers", () => {
    expect(["SIGTERM", "term", "Sigint", "9", "hup"].map(parseSignal)).toEqual([
      "SIGTERM",
      "SIGTERM",
      "SIGINT",
      "SIGKILL",
      "SIGHUP",
    ]);
    // As the engine does: no trimming; RTMIN+n is Docker's but not a signal Node can send.
    expect(["SIGNOPE", "999", "", " HUP ", "SIGRTMIN+3", "0"].map(parseSignal)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("gives 128 + the signal's number as exit code", () => {
    expect([exitCodeOfSignal("SIGTERM"), exitCodeOfSignal("SIGKILL"), exitCodeOfSignal("SIGINT")]).toEqual([
      143, 137, 130,
    ]);
  });
});

describe("task environment", () => {
  it("inherits only the listed variables", () => {
    expect(inheritedEnv({ PATH: "/bin", HOME: "/root", AWS_SECRET_ACCESS_KEY: "k", TZ: "UTC" })).toEqual({
      PATH: "/bin",
      HOME: "/root",
      TZ: "UTC",
    });
  });

  it("layers base, user, spec entries (a bare name unsets) and the executor's variables", () => {
    const env = buildEnv(
      { PATH: "/bin", HOME: "/root", USER: "root", KEEP: "1", DROP: "x", SKIPPED: undefined },
      { uid: 7, gid: 7, name: "app", home: "/home/app" },
      ["DROP", "A=b=c", "TASKWRIGHT_SECRETS_DIR=/mine"],
      { TASKWRIGHT_SECRETS_DIR: "/real" },
    );
    expect(env).toEqual({
      PATH: "/bin",
      HOME: "/home/app",
      USER: "app",
      LOGNAME: "app",
      KEEP: "1",
      A: "b=c",
      TASKWRIGHT_SECRETS_DIR: "/real",
    });
  });

  it("defaults PATH to Docker's and drops USER for a user the database does not know", () => {
    const env = buildEnv({ USER: "root", LOGNAME: "root" }, { uid: 7, gid: 7, home: "/" }, [], {});
    expect(env).toEqual({ PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/" });
  });
});

import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { containerSpecSchema, taskSchema, taskSpecSchema, taskStatusSchema } from "../../src/exec/task-schema.js";
import {
  type ContainerSpec,
  ExecError,
  InvalidTaskError,
  type Task,
  type TaskSpec,
  TaskState,
  type TaskStatus,
  validateContainerSpec,
  validateTask,
  validateTaskSpec,
} from "../../src/index.js";

const task = (container: unknown): Task =>
  ({ id: "t1", spec: { container }, desiredState: TaskState.Running, status: { state: TaskState.New } }) as Task;

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidTaskError);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).code).toBe("EXEC_INVALID_TASK");
    return (err as InvalidTaskError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("expected the validation to fail");
}

describe("the schema and the interfaces describe the same model", () => {
  it("has equal types", () => {
    expectTypeOf<z.infer<typeof containerSpecSchema>>().toEqualTypeOf<ContainerSpec>();
    expectTypeOf<z.infer<typeof taskSpecSchema>>().toEqualTypeOf<TaskSpec>();
    expectTypeOf<z.infer<typeof taskStatusSchema>>().toMatchTypeOf<TaskStatus>();
    expectTypeOf<TaskStatus>().toMatchTypeOf<z.infer<typeof taskStatusSchema>>();
    expectTypeOf<z.infer<typeof taskSchema>>().toMatchTypeOf<Task>();
    expectTypeOf<Task>().toMatchTypeOf<z.infer<typeof taskSchema>>();
  });
});

describe("validateTask", () => {
  it("accepts a full, valid task and returns it as is", () => {
    const valid = task({
      image: "busybox:1",
      command: ["sh", "-c"],
      args: ["echo hi"],
      env: ["A=1", "B"],
      mounts: [
        { type: "bind", source: "/srv", target: "/data", readOnly: true, bindOptions: { propagation: "rprivate" } },
        { type: "volume", source: "cache", target: "/cache", volumeOptions: { noCopy: true } },
        { type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: 1 << 20, options: "exec" } },
      ],
      secrets: [{ secretId: "s1", secretName: "db", file: { name: "db", uid: "0", gid: "0", mode: 0o400 } }],
      configs: [{ configId: "c1", configName: "app", file: { name: "/etc/app.conf", mode: 0o444 } }],
      healthcheck: { test: ["CMD", "true"], interval: 1000, retries: 3 },
      hosts: ["127.0.0.1 mylocal alias"],
      ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }],
      stopGracePeriod: 10_000,
      stopSignal: "SIGINT",
      pullOptions: { policy: "missing" },
    });
    valid.endpoint = { ports: [{ targetPort: 80, publishedPort: 8080, publishMode: "host" }] };
    valid.status.timestamp = new Date();
    expect(validateTask(valid)).toBe(valid);
  });

  it("names every bad field, with its path", () => {
    expect(
      issuesOf(() =>
        validateTask(
          task({
            image: 3,
            stopGracePeriod: -1,
            mounts: [{ type: "bind", source: "relative", target: "data" }],
            secrets: [{ secretId: "", secretName: "x", file: { name: "x", uid: "root" } }],
          }),
        ),
      ),
    ).toEqual([
      "spec.container.image: expected string, received number",
      "spec.container.mounts[0].target: must be an absolute path",
      "spec.container.mounts[0].source: must be an absolute path for a bind mount",
      "spec.container.stopGracePeriod: must not be negative",
      "spec.container.secrets[0].secretId: must not be empty",
      'spec.container.secrets[0].file.uid: must be a decimal number, e.g. "1000"',
    ]);
  });

  it("rejects unknown fields instead of dropping them", () => {
    expect(issuesOf(() => validateTask(task({ image: "x", comand: ["echo"] })))).toEqual([
      "spec.container.comand: unknown field",
    ]);
    const extra = { ...task({}), color: "blue" };
    expect(issuesOf(() => validateTask(extra))).toEqual(["color: unknown field"]);
  });

  it("checks states, ids and the mount rules", () => {
    const bad = task({
      mounts: [
        { type: "tmpfs", source: "x", target: "/t" },
        { type: "volume", source: "/abs", target: "/v" },
      ],
    });
    bad.id = "-bad id";
    bad.desiredState = 5 as TaskState;
    expect(issuesOf(() => validateTask(bad))).toEqual([
      "id: must start with a letter or digit and hold only letters, digits, _ . -",
      "spec.container.mounts[0].source: a tmpfs mount takes no source",
      "spec.container.mounts[1].source: must be a volume name, not a path",
      "desiredState: must be a TaskState value (0, 64, 192, … 832)",
    ]);
  });

  it("checks durations are whole milliseconds, healthcheck tests, hosts and ulimits", () => {
    expect(
      issuesOf(() =>
        validateContainerSpec({
          healthcheck: { test: ["true"], interval: 1.5 },
          hosts: ["1.2.3.4"],
          ulimits: [{ name: "nofile", soft: 10, hard: 5 }],
        }),
      ),
    ).toEqual([
      'spec.container.hosts[0]: must be "IP hostname [aliases…]"',
      'spec.container.healthcheck.test: must be empty, ["NONE"], ["CMD", …] or ["CMD-SHELL", command]',
      "spec.container.healthcheck.interval: must be a whole number of milliseconds",
      "spec.container.ulimits[0].soft: soft must not exceed hard",
    ]);
  });

  it("validates a spec on its own, under a path of the caller's choice", () => {
    expect(issuesOf(() => validateTaskSpec({ container: { tty: "yes" } }, "task.spec"))).toEqual([
      "task.spec.container.tty: expected boolean, received string",
    ]);
    expect(issuesOf(() => validateTask(null))).toEqual(["(task): expected object, received null"]);
  });

  it("puts every issue in the message", () => {
    expect(() => validateContainerSpec({ image: 1, tty: 2 })).toThrow(
      "invalid task: spec.container.image: expected string, received number; spec.container.tty: expected boolean, received number",
    );
  });
});

import { describe, expect, it } from "vitest";
import {
  createConfigsManager,
  ExecError,
  restrictConfigs,
  SecretBytes,
  type Task,
  TaskState,
} from "../../src/index.js";
import { config, configRef, taskReferencing, text, thrown } from "../support/dependencies.js";

describe("createConfigsManager", () => {
  it("gets a copy of what was added; configs are plain (printable) bytes", () => {
    const manager = createConfigsManager();
    const original = config("c1", "value");
    manager.add(original);
    original.spec.data[0] = 0x56;
    const got = manager.get("c1");
    expect(text(got.spec.data)).toBe("value");
    expect(got.spec.data).not.toBeInstanceOf(SecretBytes);
    got.spec.data[0] = 0x58;
    expect(text(manager.get("c1").spec.data)).toBe("value");
  });

  it("copies the bytes of a Buffer rather than keeping a view of it", () => {
    const manager = createConfigsManager();
    const buffer = Buffer.from("value");
    manager.add({ id: "c1", spec: { data: buffer } });
    buffer.write("XXXXX");
    expect(text(manager.get("c1").spec.data)).toBe("value");
  });

  it("throws an ExecError naming an unknown id", () => {
    const err = thrown(() => createConfigsManager().get("nope"));
    expect(err).toBeInstanceOf(ExecError);
    expect(err.code).toBe("EXEC_CONFIG_NOT_FOUND");
    expect(err.message).toBe("config nope not found");
  });

  it("removes (ignoring unknown ids) and resets", () => {
    const manager = createConfigsManager();
    manager.add(config("c1", "one"), config("c2", "two"), config("c3", "three"));
    manager.remove(new Set(["c1", "unknown"]));
    expect(() => manager.get("c1")).toThrow("config c1 not found");
    expect(text(manager.get("c2").spec.data)).toBe("two");
    manager.reset();
    expect(() => manager.get("c3")).toThrow("config c3 not found");
  });

  it("rejects an item that is not a config, naming the field", () => {
    expect(() => createConfigsManager().add(null as never)).toThrow(new TypeError("configs[0] must be an object"));
  });

  it("refuses an unknown field in a config, naming it", () => {
    const extra = { id: "c1", spec: { data: new Uint8Array(), runtime: {} } };
    expect(() => createConfigsManager().add(extra as never)).toThrow(
      new TypeError("configs[0].spec.runtime: unknown field"),
    );
  });
});

describe("restrictConfigs", () => {
  it("serves referenced configs (file and runtime targets) and refuses the rest", () => {
    const manager = createConfigsManager();
    manager.add(config("file", "f"), config("runtime", "r"), config("other", "o"));
    const task = taskReferencing({
      configs: [configRef("file", "/etc/app.conf"), { configId: "runtime", configName: "cred", runtime: {} }],
    });
    const restricted = restrictConfigs(manager, task);
    expect(text(restricted.get("file").spec.data)).toBe("f");
    expect(text(restricted.get("runtime").spec.data)).toBe("r");
    const err = thrown(() => restricted.get("other"));
    expect(err).toBeInstanceOf(ExecError);
    expect(err.code).toBe("EXEC_CONFIG_NOT_AUTHORIZED");
    expect(err.message).toBe("task not authorized to access config other");
  });

  it("has no task-specific ids", () => {
    const manager = createConfigsManager();
    manager.add(config("c1.task-1", "per-task"));
    const restricted = restrictConfigs(manager, taskReferencing({ configs: [configRef("c1")] }));
    expect(() => restricted.get("c1")).toThrow("config c1 not found");
  });

  it("allows nothing to a task without a container spec", () => {
    const manager = createConfigsManager();
    manager.add(config("c1", "a"));
    const task: Task = { id: "t", spec: {}, desiredState: TaskState.Running, status: { state: TaskState.New } };
    expect(() => restrictConfigs(manager, task).get("c1")).toThrow("task not authorized to access config c1");
  });
});

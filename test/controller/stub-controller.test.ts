import { describe, expect, it } from "vitest";
import {
  type Controller,
  hasContainerStatus,
  hasLogs,
  hasPortStatus,
  StubController,
  type Task,
} from "../../src/index.js";

describe("StubController", () => {
  it("resolves every method when no function is set, counting each call", async () => {
    const stub = new StubController();
    const task = { id: "t" } as Task;
    await stub.update(task);
    await stub.prepare();
    await stub.start();
    await stub.wait();
    await stub.shutdown();
    await stub.terminate();
    await stub.remove();
    await stub.close();
    await stub.wait();
    expect(stub.calls).toEqual({
      update: 1,
      prepare: 1,
      start: 1,
      wait: 2,
      shutdown: 1,
      terminate: 1,
      remove: 1,
      close: 1,
    });
  });

  it("counts a call before running its function, and passes the method's arguments", async () => {
    const signal = new AbortController().signal;
    const seen: unknown[] = [];
    const stub = new StubController({
      waitFn: (s) => {
        seen.push(stub.calls.wait, s);
      },
      updateFn: (task, s) => {
        seen.push(task.id, s, stub.calls.update);
      },
    });
    await stub.wait(signal);
    await stub.update({ id: "u" } as Task, signal);
    expect(seen).toEqual([1, signal, "u", signal, 1]);
  });

  it("has assignable functions whose outcome the method follows, sync throws included", async () => {
    const stub = new StubController();
    stub.prepareFn = () => Promise.reject(new Error("async no"));
    stub.startFn = () => {
      throw new Error("sync no");
    };
    await expect(stub.prepare()).rejects.toThrow("async no");
    await expect(stub.start()).rejects.toThrow("sync no");
    expect(stub.calls.prepare).toBe(1);
    expect(stub.calls.start).toBe(1);
    stub.closeFn = async () => {};
    await stub.close();
    expect(stub.calls.close).toBe(1);
  });

  it("is a Controller without optional capabilities", () => {
    const controller: Controller = new StubController();
    expect(hasContainerStatus(controller)).toBe(false);
    expect(hasPortStatus(controller)).toBe(false);
    expect(hasLogs(controller)).toBe(false);
    const capable = Object.assign(new StubController(), {
      containerStatus: async () => undefined,
      portStatus: async () => undefined,
      logs: async () => {},
    });
    expect(hasContainerStatus(capable)).toBe(true);
    expect(hasPortStatus(capable)).toBe(true);
    expect(hasLogs(capable)).toBe(true);
    expect(hasContainerStatus(null)).toBe(false);
  });
});

describe("StubController functions", () => {
  it("refuses an unknown name or a value that is not a function, naming it", () => {
    expect(() => new StubController({ prepare: async () => {} } as never)).toThrow(
      new TypeError('StubController fns: unknown option "prepare" (did you mean "prepareFn"?)'),
    );
    expect(() => new StubController({ waitFn: "done" } as never)).toThrow(
      new TypeError('StubController fns.waitFn: expected a function, got "done"'),
    );
  });
});

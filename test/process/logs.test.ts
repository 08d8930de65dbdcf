import { describe, expect, it } from "vitest";
import { ErrControllerClosed } from "../../src/index.js";
import { ProcessExecutor } from "../../src/process/index.js";
import { LogBuffer } from "../../src/process/log-buffer.js";
import { publishLogs } from "../../src/process/log-reader.js";
import { collectLogs, type Line, waitForLine } from "../support/lifecycle.js";
import { shellTask, useControllerCleanup } from "../support/process-tasks.js";
import { isRunning } from "../support/processes.js";

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const at = (ms: number) => new Date(1_700_000_000_000 + ms);
const newBuffer = (maxBytes = 1024, maxLineBytes = 64) => new LogBuffer({ maxBytes, maxLineBytes });

describe("LogBuffer", () => {
  it("splits chunks into lines per stream, joining lines cut across chunks", () => {
    const logs = newBuffer();
    logs.write("stdout", Buffer.from("a1\na"), at(1));
    logs.write("stderr", Buffer.from("b1\n"), at(2));
    logs.write("stdout", Buffer.from("2\na3"), at(3));
    logs.flush("stdout", at(4));
    expect(logs.lines().map((l) => [l.seq, l.stream, text(l.data), l.timestamp.getTime() - at(0).getTime()])).toEqual([
      [0, "stdout", "a1\n", 1],
      [1, "stderr", "b1\n", 2],
      [2, "stdout", "a2\n", 3],
      [3, "stdout", "a3", 4],
    ]);
  });

  it("cuts a line longer than maxLineBytes into pieces", () => {
    const logs = newBuffer(1024, 4);
    logs.write("stdout", Buffer.from("abcdefghij"), at(0));
    logs.write("stdout", Buffer.from("k\n"), at(1));
    expect(logs.lines().map((l) => text(l.data))).toEqual(["abcd", "efgh", "ijk\n"]);
  });

  it("drops the oldest lines beyond maxBytes, and linesFrom skips what was dropped", () => {
    const logs = newBuffer(6);
    for (const line of ["aa\n", "bb\n", "cc\n"]) logs.write("stdout", Buffer.from(line), at(0));
    expect(logs.lines().map((l) => text(l.data))).toEqual(["bb\n", "cc\n"]);
    expect(logs.linesFrom(0).map((l) => l.seq)).toEqual([1, 2]);
    expect(logs.linesFrom(2).map((l) => l.seq)).toEqual([2]);
    expect(logs.linesFrom(3)).toEqual([]);
  });

  it("wakes waiting readers on a new line and at the end, and takes nothing after the end", async () => {
    const logs = newBuffer();
    const changed = logs.changed();
    logs.write("stdout", Buffer.from("x\n"), at(0));
    await changed;
    const ended = logs.changed();
    logs.end();
    await ended;
    logs.write("stdout", Buffer.from("late\n"), at(1));
    expect(logs.lines()).toHaveLength(1);
    await expect(logs.changed()).resolves.toBeUndefined();
  });
});

describe("publishLogs", () => {
  const context = { taskId: "t" };
  const read = async (
    logs: LogBuffer,
    options: Parameters<typeof publishLogs>[3],
    signal = new AbortController().signal,
  ) => {
    const seen: string[] = [];
    await publishLogs(
      logs,
      context,
      { publish: (m) => void seen.push(`${m.stream}:${text(m.data)}`) },
      options,
      signal,
    );
    return seen;
  };

  it("applies streams and since before tail", async () => {
    const logs = newBuffer();
    logs.write("stdout", Buffer.from("o1\n"), at(1));
    logs.write("stderr", Buffer.from("e1\n"), at(2));
    logs.write("stdout", Buffer.from("o2\n"), at(3));
    logs.write("stderr", Buffer.from("e2\n"), at(4));
    expect(await read(logs, { streams: ["stdout"], tail: 1 })).toEqual(["stdout:o2\n"]);
    expect(await read(logs, { since: at(2), tail: 2 })).toEqual(["stdout:o2\n", "stderr:e2\n"]);
    expect(await read(logs, { since: at(2), streams: [] })).toEqual(["stderr:e1\n", "stdout:o2\n", "stderr:e2\n"]);
  });

  it("with follow, goes on until the end, filtering new lines too", async () => {
    const logs = newBuffer();
    logs.write("stdout", Buffer.from("old\n"), at(1));
    const reading = read(logs, { follow: true, tail: 0, streams: ["stderr"] });
    logs.write("stdout", Buffer.from("skipped\n"), at(2));
    logs.write("stderr", Buffer.from("new\n"), at(3));
    await new Promise((resolve) => setTimeout(resolve, 10));
    logs.write("stderr", Buffer.from("newer\n"), at(4));
    logs.end();
    expect(await reading).toEqual(["stderr:new\n", "stderr:newer\n"]);
  });

  it("stops following with the signal's reason", async () => {
    const logs = newBuffer();
    const stop = new AbortController();
    const reading = read(logs, { follow: true }, stop.signal);
    const reason = new Error("enough");
    stop.abort(reason);
    await expect(reading).rejects.toBe(reason);
  });

  it("stops at a publisher's rejection", async () => {
    const logs = newBuffer();
    logs.write("stdout", Buffer.from("a\nb\n"), at(0));
    const refusal = new Error("full");
    let calls = 0;
    const publisher = { publish: () => Promise.reject(refusal).finally(() => calls++) };
    await expect(publishLogs(logs, context, publisher, {}, new AbortController().signal)).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it("refuses a tail that is not a non-negative integer and a since that is not a date", async () => {
    const logs = newBuffer();
    await expect(read(logs, { tail: -1 })).rejects.toThrow(TypeError);
    await expect(read(logs, { tail: 1.5 })).rejects.toThrow("tail must be a non-negative integer");
    await expect(read(logs, { since: new Date(Number.NaN) })).rejects.toThrow("since must be a valid Date");
  });
});

describe("ProcessController.logs", () => {
  const track = useControllerCleanup();
  const executor = new ProcessExecutor();

  it("carries the task's service and node ids in each message's context", async () => {
    const task = { ...shellTask("echo hi"), serviceId: "svc", nodeId: "node" };
    const controller = track(executor.controller(task));
    await controller.prepare();
    await controller.start();
    await controller.wait();
    const contexts: unknown[] = [];
    await controller.logs({ publish: (m) => void contexts.push(m.context) }, {});
    expect(contexts).toEqual([{ taskId: task.id, serviceId: "svc", nodeId: "node" }]);
  });

  it("has the whole output once wait resolves, even a last line without a newline", async () => {
    const controller = track(executor.controller(shellTask("echo a; printf b >&2")));
    await controller.prepare();
    await controller.start();
    await controller.wait();
    const lines = await collectLogs(controller, {});
    expect(lines.map((l) => `${l.stream}:${l.text}`).sort()).toEqual(["stderr:b", "stdout:a"]);
  });

  it("a follow that starts before the task waits for its output", async () => {
    const controller = track(executor.controller(shellTask("echo late")));
    await controller.prepare();
    const following = collectLogs(controller, { follow: true });
    await controller.start();
    expect((await following).map((l) => l.text)).toEqual(["late"]);
  });

  it("a follow ends when the task is removed, and with ErrControllerClosed when the controller closes", async () => {
    const removed = track(executor.controller(shellTask("echo ready; sleep 1000")));
    await removed.prepare();
    await removed.start();
    await waitForLine(removed, "ready");
    const untilRemoved = collectLogs(removed, { follow: true, tail: 0 });
    await removed.remove();
    await expect(untilRemoved).resolves.toEqual([]);

    const closed = track(executor.controller(shellTask("exit 0")));
    const untilClosed = collectLogs(closed, { follow: true });
    await closed.close();
    await expect(untilClosed).rejects.toBe(ErrControllerClosed);
  });

  it("does not wait more than a moment for output held open by a process that left the task's group", async () => {
    const controller = track(executor.controller(shellTask("setsid sleep 30 & echo $!; sleep 0.2")));
    await controller.prepare();
    await controller.start();
    const before = Date.now();
    await controller.wait();
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
    expect(Date.now() - before).toBeLessThan(3_000);
    const [escaped] = (await collectLogs(controller, {})).map((l: Line) => Number(l.text));
    expect(isRunning(escaped as number)).toBe(true);
    process.kill(escaped as number, "SIGKILL");
  });
});

import { describe, expect, it } from "vitest";
import type { LogMessage } from "../../src/index.js";
import { body, connectionError, FakeDocker, inspectOf, logFrame } from "../support/docker/fake-docker.js";
import { fakeExecutor, genTask } from "../support/docker/fake-executor.js";

const at = (n: number) => `2024-01-01T00:00:0${n}.000000001Z`;
const line = (stream: 1 | 2, n: number, text: string) => logFrame(stream, `${at(n)} ${text}\n`);

function collector() {
  const messages: LogMessage[] = [];
  const publisher = { publish: (message: LogMessage) => void messages.push(message) };
  const texts = () => messages.map((m) => `${m.stream}:${Buffer.from(m.data).toString().trimEnd()}`);
  return { messages, publisher, texts };
}

describe("logs", () => {
  it("asks for timestamps, both streams, tail and since; keeps stdout and stderr apart", async () => {
    const fake = new FakeDocker();
    const task = genTask();
    fake.inspectFn = () => inspectOf("exited");
    fake.logsFn = (_id, query) => {
      expect(query).toEqual({
        stdout: true,
        stderr: true,
        timestamps: true,
        follow: false,
        tail: "2",
        since: "1704067200.500000000",
      });
      return body([line(1, 1, "out"), line(2, 2, "err")]);
    };
    const { publisher, messages, texts } = collector();
    const controller = await fakeExecutor(fake).controller(task);
    await controller.logs(publisher, { tail: 2, since: new Date("2024-01-01T00:00:00.5Z") });
    expect(texts()).toEqual(["stdout:out", "stderr:err"]);
    expect(messages[0]?.context).toEqual({ taskId: task.id, serviceId: task.serviceId, nodeId: task.nodeId });
    expect(messages[1]?.timestamp).toEqual(new Date("2024-01-01T00:00:02.000Z"));
  });

  it("only the streams asked for", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () => inspectOf("exited");
    fake.logsFn = (_id, query) => {
      expect(query).toMatchObject({ stdout: false, stderr: true });
      return body([line(2, 1, "err")]);
    };
    const { publisher, texts } = collector();
    await (await fakeExecutor(fake).controller(genTask())).logs(publisher, { streams: ["stderr"] });
    expect(texts()).toEqual(["stderr:err"]);
  });

  it("a TTY container's raw stream is read as stdout", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () => inspectOf("exited", { Config: { Tty: true } });
    fake.logsFn = () => body([Buffer.from(`${at(1)} one\r\n${at(2)} two\r\n`)]);
    const { publisher, texts } = collector();
    await (await fakeExecutor(fake).controller(genTask())).logs(publisher, {});
    expect(texts()).toEqual(["stdout:one", "stdout:two"]);
  });

  it("a dropped follow stream is resumed from the last timestamp: no gap, no duplicate", async () => {
    const fake = new FakeDocker();
    let inspects = 0;
    fake.inspectFn = () => (inspects++ < 2 ? inspectOf("running") : inspectOf("exited"));
    const queries: Array<Record<string, unknown>> = [];
    const answers = [
      // two messages stamped alike, then the connection breaks
      () =>
        body(
          [line(1, 1, "a"), logFrame(1, `${at(2)} b\n`), logFrame(1, `${at(2)} c\n`)],
          connectionError("ECONNRESET"),
        ),
      // resent from the last timestamp: b and c again (already published), then d; ends while the container runs
      () => body([logFrame(1, `${at(2)} b\n`), logFrame(1, `${at(2)} c\n`), line(1, 3, "d")]),
      // followed again; ends when the container exits
      () => body([line(1, 3, "d"), line(2, 4, "e")]),
      // one last read without follow
      () => body([line(2, 4, "e"), line(1, 5, "f")]),
    ];
    fake.logsFn = (_id, query) => {
      queries.push(query);
      return (answers.shift() as () => ReturnType<typeof body>)();
    };
    const { publisher, texts } = collector();
    await (await fakeExecutor(fake).controller(genTask())).logs(publisher, { follow: true, tail: 10 });
    expect(texts()).toEqual(["stdout:a", "stdout:b", "stdout:c", "stdout:d", "stderr:e", "stdout:f"]);
    expect(queries[0]).toMatchObject({ follow: true, tail: "10" });
    expect(queries[1]).toMatchObject({ follow: true, since: "1704067202.000000001" });
    expect(queries[1]?.tail).toBeUndefined();
    expect(queries[2]).toMatchObject({ follow: true, since: "1704067203.000000001" });
    expect(queries[3]).toMatchObject({ follow: false, since: "1704067204.000000001" });
  });

  it("follow waits for the container to exist and start", async () => {
    const fake = new FakeDocker();
    const states = [undefined, inspectOf("created"), inspectOf("running"), inspectOf("exited")];
    fake.inspectFn = () => {
      const next = states.length > 1 ? states.shift() : states[0];
      if (!next) throw Object.assign(new Error("no such container"), { statusCode: 404 });
      return next;
    };
    fake.eventsFn = () => body([{ Action: "create" }, { Action: "start" }]);
    fake.logsFn = () => body([line(1, 1, "hello")]);
    const { publisher, texts } = collector();
    await (await fakeExecutor(fake).controller(genTask())).logs(publisher, { follow: true });
    // read while following, then once more after the exit (the repeat is recognised and skipped)
    expect(fake.calls.ContainerLogs).toBe(2);
    expect(texts()).toEqual(["stdout:hello"]);
  });

  it("a publisher that rejects stops the subscription with its error", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () => inspectOf("exited");
    fake.logsFn = () => body([line(1, 1, "x")]);
    const failure = new Error("sink full");
    const controller = await fakeExecutor(fake).controller(genTask());
    await expect(
      controller.logs(
        {
          publish: () => {
            throw failure;
          },
        },
        {},
      ),
    ).rejects.toBe(failure);
  });

  it("without follow, a task that has no container yet has no logs", async () => {
    const fake = new FakeDocker();
    fake.inspectFn = () => {
      throw Object.assign(new Error("no such container"), { statusCode: 404 });
    };
    const { publisher, texts } = collector();
    await (await fakeExecutor(fake).controller(genTask())).logs(publisher, {});
    expect(texts()).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { DockerExecutor, type DockerExecutorOptions } from "../../src/docker/index.js";
import { Resolve, TaskState } from "../../src/index.js";
import { FakeDocker } from "../support/docker/fake-docker.js";
import { fakeExecutor, genTask } from "../support/docker/fake-executor.js";

const make = (options: unknown) => () =>
  new DockerExecutor({ docker: new FakeDocker(), ...(options as DockerExecutorOptions) });

describe("DockerExecutor options", () => {
  it("refuses an unknown option, with the closest known one", () => {
    expect(make({ network: "none" })).toThrow(
      new TypeError('DockerExecutor options: unknown option "network" (did you mean "networkMode"?)'),
    );
    expect(make({ timeout: 5 })).toThrow('DockerExecutor options: unknown option "timeout"');
  });

  it("refuses a timeout that is not a positive number of milliseconds, instead of failing every Resolve", () => {
    expect(make({ requestTimeout: "abc" })).toThrow(
      new TypeError('DockerExecutor options.requestTimeout: expected a positive number of milliseconds, got "abc"'),
    );
    expect(make({ requestTimeout: 0 })).toThrow(
      "options.requestTimeout: expected a positive number of milliseconds, got 0",
    );
    expect(make({ pullTimeout: -1 })).toThrow("options.pullTimeout:");
    expect(make({ waitPollInterval: Number.POSITIVE_INFINITY })).toThrow("options.waitPollInterval:");
    expect(make({ reconnectTimeout: -1 })).toThrow(
      "options.reconnectTimeout: expected a number of milliseconds, 0 or more, got -1",
    );
  });

  it("refuses other wrong values, naming each", () => {
    expect(make({ pullPolicy: "sometimes" })).toThrow(
      new TypeError('DockerExecutor options.pullPolicy: expected one of "always", "missing", "never", got "sometimes"'),
    );
    expect(make({ networkMode: "", labelPrefix: 1, onPullProgress: "log" })).toThrow(
      'DockerExecutor options.labelPrefix: expected a non-empty string, got 1; DockerExecutor options.onPullProgress: expected a function, got "log"; DockerExecutor options.networkMode: expected a non-empty string, got ""',
    );
    expect(make({ secretFiles: {} })).toThrow("options.secretFiles: expected a DependencyFileMounter");
  });

  it("accepts the documented options", () => {
    const executor = make({
      networkMode: "none",
      pullPolicy: "never",
      requestTimeout: 50,
      reconnectTimeout: 0,
      healthStartTimeout: 0,
      onPullProgress: () => {},
      labelPrefix: "x",
      portBindingHostIp: "",
    })();
    expect(executor).toBeInstanceOf(DockerExecutor);
  });

  it("rejects at Resolve a task whose stop signal or image reference the engine would refuse, naming the field", async () => {
    const executor = fakeExecutor(new FakeDocker());
    const signal = await Resolve(genTask({ stopSignal: "SIGFOO" }), executor);
    expect(signal.status.state).toBe(TaskState.Rejected);
    expect(signal.status.err).toBe(
      'invalid task: spec.container.stopSignal: must be a signal name (e.g. "SIGTERM" or "term") or a positive number',
    );
    const image = await Resolve(genTask({ image: "UPPER/Case::bad" }), executor);
    expect(image.status.state).toBe(TaskState.Rejected);
    expect(image.status.err).toBe(
      'invalid task: spec.container.image: "UPPER/Case::bad" is not a valid image reference: expected [host[:port]/]name[:tag][@digest]',
    );
    const fine = await Resolve(genTask({ image: "localhost/a/b:1", stopSignal: "rtmin+1" }), executor);
    expect(fine.status.state).toBe(TaskState.Accepted);
  });
});

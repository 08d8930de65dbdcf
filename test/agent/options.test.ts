import { describe, expect, it } from "vitest";
import {
  InMemoryTaskStream,
  ReliableStatusReporter,
  type ReliableStatusReporterOptions,
  runTaskStream,
  TaskManager,
  type TaskManagerOptions,
  Worker,
  type WorkerOptions,
} from "../../src/index.js";
import { assignedTask } from "../support/agent.js";
import { StubExecutor } from "../support/stub-executor.js";

const executor = new StubExecutor();
const worker = (options: Record<string, unknown>) => () =>
  new Worker({ executor, stateDir: "x", ...options } as WorkerOptions);
const upstream = { updateTaskStatus: () => {} };

describe("Worker options", () => {
  it("refuses unknown options, also inside limits and retry, naming the closest known one", () => {
    expect(worker({ limit: { operations: 1 } })).toThrow(
      new TypeError('Worker options: unknown option "limit" (did you mean "limits"?)'),
    );
    expect(worker({ limits: { operation: 1 } })).toThrow(
      new TypeError('Worker options.limits: unknown option "operation" (did you mean "operations"?)'),
    );
    expect(worker({ retries: {} })).toThrow('Worker options: unknown option "retries" (did you mean "retry"?)');
    expect(worker({ retry: { delay: 5 } })).toThrow('Worker options.retry: unknown option "delay"');
  });

  it("refuses bad values, naming the field", () => {
    expect(worker({ limits: { operations: 0 } })).toThrow(
      new TypeError("Worker options.limits.operations: expected a positive integer or Infinity, got 0"),
    );
    expect(worker({ retry: { minDelay: -5 } })).toThrow(
      new TypeError("Worker options.retry.minDelay: expected a number of milliseconds, 0 or more, got -5"),
    );
    expect(worker({ retry: { factor: 0, jitter: "no" } })).toThrow(
      'Worker options.retry.factor: expected a positive number, got 0; Worker options.retry.jitter: expected true or false, got "no"',
    );
    expect(worker({ historyLimit: 0 })).toThrow("Worker options.historyLimit: expected a positive integer, got 0");
    expect(worker({ stateDir: "" })).toThrow('Worker options.stateDir: expected a non-empty string, got ""');
    expect(worker({ executor: undefined })).toThrow("Worker options.executor: expected an Executor, got undefined");
    expect(worker({ executor: {} })).toThrow("Worker options.executor: expected an Executor");
    expect(() => new Worker(undefined as unknown as WorkerOptions)).toThrow(
      "Worker options: expected an object, got undefined",
    );
  });

  it("refuses a retry.minDelay above maxDelay (given, or the default 30 s)", () => {
    expect(worker({ retry: { minDelay: 500, maxDelay: 100 } })).toThrow(
      new TypeError("Worker options.retry.minDelay: expected at most maxDelay (100), got 500"),
    );
    expect(worker({ retry: { minDelay: 40_000 } })).toThrow(
      new TypeError("Worker options.retry.minDelay: expected at most the default maxDelay, 30000, got 40000"),
    );
    expect(worker({ retry: { minDelay: 10, maxDelay: 10 } })).not.toThrow();
  });

  it("accepts every documented option", () => {
    const made = worker({
      limits: { operations: Number.POSITIVE_INFINITY, prepares: 2 },
      retry: { minDelay: 0, maxDelay: 10, factor: 1.5, jitter: false },
      historyLimit: 5,
    })();
    expect(made).toBeInstanceOf(Worker);
  });
});

describe("TaskManager options", () => {
  it("refuses unknown and bad options, naming each", () => {
    const make = (options: Record<string, unknown>) => () =>
      new TaskManager({ task: assignedTask("t"), executor, reporter: upstream, ...options } as TaskManagerOptions);
    expect(make({ retry: { minDelay: -5 } })).toThrow(
      new TypeError("TaskManager options.retry.minDelay: expected a number of milliseconds, 0 or more, got -5"),
    );
    expect(make({ hooks: { onRetry: () => {} } })).toThrow(
      'TaskManager options.hooks: unknown option "onRetry" (did you mean "onRetrying"?)',
    );
    expect(make({ reporter: {} })).toThrow("TaskManager options.reporter: expected a StatusReporter");
    expect(make({ controler: {} })).toThrow('unknown option "controler" (did you mean "controller"?)');
  });
});

describe("ReliableStatusReporter options", () => {
  const make = (options: unknown) => () =>
    new ReliableStatusReporter(upstream, options as ReliableStatusReporterOptions);

  it("refuses unknown and bad options, naming each", () => {
    expect(make({ retries: {} })).toThrow(
      new TypeError('ReliableStatusReporter options: unknown option "retries" (did you mean "retry"?)'),
    );
    expect(make({ retry: { maxDelay: "1s" } })).toThrow(
      'ReliableStatusReporter options.retry.maxDelay: expected a number of milliseconds, 0 or more, got "1s"',
    );
    expect(make({ onError: true })).toThrow("ReliableStatusReporter options.onError: expected a function, got true");
    expect(() => new ReliableStatusReporter({} as never)).toThrow(
      "ReliableStatusReporter upstream: expected a StatusReporter",
    );
  });

  it("accepts its documented options", async () => {
    const reporter = make({ retry: { minDelay: 1 }, onError: () => {} })();
    await reporter.close();
  });
});

describe("runTaskStream options", () => {
  it("rejects unknown and bad options, naming each", async () => {
    const stream = new InMemoryTaskStream();
    const running = runTaskStream({} as Worker, stream, { reporter: { retry: { minDelay: -1 } } });
    await expect(running).rejects.toThrow(
      new TypeError(
        "runTaskStream options.reporter.retry.minDelay: expected a number of milliseconds, 0 or more, got -1",
      ),
    );
    await expect(runTaskStream({} as Worker, stream, { signl: undefined } as never)).rejects.toThrow(
      'runTaskStream options: unknown option "signl" (did you mean "signal"?)',
    );
  });
});

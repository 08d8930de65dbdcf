import { afterEach, describe, expect, it, vi } from "vitest";
import { ReliableStatusReporter, type StatusReporter, TaskState, type TaskStatus } from "../../src/index.js";

afterEach(() => {
  vi.useRealTimers();
});

/** A deterministic pseudo-random sequence in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** An upstream that records every delivery attempt and fails when `fail` says so. */
function upstream(fail: (taskId: string, status: TaskStatus) => boolean | Promise<boolean> = () => false) {
  const attempts: { taskId: string; status: TaskStatus; at: number }[] = [];
  const delivered: { taskId: string; status: TaskStatus }[] = [];
  const reporter: StatusReporter = {
    updateTaskStatus: async (taskId, status) => {
      attempts.push({ taskId, status, at: Date.now() });
      if (await fail(taskId, status)) throw new Error("upstream unavailable");
      delivered.push({ taskId, status });
    },
  };
  return { attempts, delivered, reporter };
}

// Port of SwarmKit's agent/reporter_test.go TestReporter.
describe("ReliableStatusReporter: the original's TestReporter", () => {
  it("delivers each status at most once and ends with every task COMPLETE despite a 10 % failure rate", async () => {
    const random = seededRandom(42);
    const { delivered, reporter: up } = upstream(() => random() < 0.1);
    const reporter = new ReliableStatusReporter(up, { retry: { minDelay: 1, maxDelay: 5 } });
    const states = [TaskState.Accepted, TaskState.Preparing, TaskState.Ready, TaskState.Complete];
    const sent = Array.from({ length: 100 }, (_, i) =>
      states.map((state) => ({ taskId: `task-${i}`, status: { state } })),
    );
    // Interleave tasks and states at random across several turns of the event loop.
    const all = sent.flat().sort(() => random() - 0.5);
    for (let i = 0; i < all.length; i += 37) {
      for (const { taskId, status } of all.slice(i, i + 37)) reporter.updateTaskStatus(taskId, status);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reporter.flush();

    const pairs = delivered.map(({ taskId, status }) => [taskId, status] as const);
    expect(
      new Set(pairs.map(([id, status]) => `${id}/${sent.flat().findIndex((s) => s.status === status)}`)).size,
    ).toBe(pairs.length);
    const final = new Map(pairs);
    expect(final.size).toBe(100);
    for (let i = 0; i < 100; i++) expect(final.get(`task-${i}`)).toBe(sent[i]?.[3]?.status);
    await reporter.close();
  });
});

describe("ReliableStatusReporter: backoff", () => {
  it("waits an exponentially growing delay while the upstream fails, from the shortest again after success", async () => {
    vi.useFakeTimers();
    let failures = 3;
    const { attempts, delivered, reporter: up } = upstream(() => failures-- > 0);
    const reporter = new ReliableStatusReporter(up, { retry: { minDelay: 100, factor: 2, jitter: false } });
    reporter.updateTaskStatus("a", { state: TaskState.Running });
    await vi.advanceTimersByTimeAsync(1_000);
    const start = attempts[0]?.at ?? 0;
    expect(attempts.map((a) => a.at - start)).toStrictEqual([0, 100, 300, 700]);
    expect(delivered).toHaveLength(1);

    failures = 1;
    reporter.updateTaskStatus("a", { state: TaskState.Complete });
    const before = Date.now();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts.slice(4).map((a) => a.at - before)).toStrictEqual([0, 100]);
    expect(vi.getTimerCount()).toBe(0);
    await reporter.close();
  });

  it("does not let one failing task block the others", async () => {
    const { delivered, reporter: up } = upstream((taskId) => taskId === "poison");
    const reporter = new ReliableStatusReporter(up, { retry: { minDelay: 1 } });
    reporter.updateTaskStatus("poison", { state: TaskState.Running });
    reporter.updateTaskStatus("fine", { state: TaskState.Running });
    await vi.waitFor(() => expect(delivered.map((d) => d.taskId)).toStrictEqual(["fine"]));
    expect(reporter.pending).toBe(1);
    await reporter.close({ signal: AbortSignal.timeout(20) }).catch(() => {});
  });
});

describe("ReliableStatusReporter: ordering", () => {
  it("never drops the latest status: a newer one that arrives during a failed send replaces it", async () => {
    let release: (fail: boolean) => void = () => {};
    const {
      attempts,
      delivered,
      reporter: up,
    } = upstream(
      (_, status) =>
        status.state === TaskState.Running &&
        new Promise<boolean>((resolve) => {
          release = resolve;
        }),
    );
    const reporter = new ReliableStatusReporter(up, { retry: { minDelay: 1 } });
    reporter.updateTaskStatus("a", { state: TaskState.Running });
    await vi.waitFor(() => expect(attempts).toHaveLength(1));
    reporter.updateTaskStatus("a", { state: TaskState.Ready }); // older than the one in flight: ignored
    reporter.updateTaskStatus("a", { state: TaskState.Complete });
    release(true);
    await reporter.flush();
    expect(attempts.map((a) => a.status.state)).toStrictEqual([TaskState.Running, TaskState.Complete]);
    expect(delivered.map((d) => d.status.state)).toStrictEqual([TaskState.Complete]);
  });

  it("a failed send is retried when nothing newer arrived, and an older one arriving meanwhile is ignored", async () => {
    let release: (fail: boolean) => void = () => {};
    let first = true;
    const { delivered, reporter: up } = upstream(() => {
      if (!first) return false;
      first = false;
      return new Promise<boolean>((resolve) => {
        release = resolve;
      });
    });
    const reporter = new ReliableStatusReporter(up, { retry: { minDelay: 1 } });
    reporter.updateTaskStatus("a", { state: TaskState.Running });
    await vi.waitFor(() => expect(first).toBe(false));
    reporter.updateTaskStatus("a", { state: TaskState.Preparing });
    release(true);
    await reporter.flush();
    expect(delivered.map((d) => d.status.state)).toStrictEqual([TaskState.Running]);
  });

  it("ignores statuses older than (or identical to) the delivered one, by state then timestamp", async () => {
    const { delivered, reporter: up } = upstream();
    const reporter = new ReliableStatusReporter(up);
    const running = { state: TaskState.Running, timestamp: new Date(2_000) } as const;
    reporter.updateTaskStatus("a", running);
    await reporter.flush();
    reporter.updateTaskStatus("a", { state: TaskState.Starting, timestamp: new Date(3_000) });
    reporter.updateTaskStatus("a", { ...running, timestamp: new Date(1_000) });
    reporter.updateTaskStatus("a", { ...running });
    await reporter.flush();
    expect(delivered).toHaveLength(1);
    reporter.updateTaskStatus("a", { ...running, message: "started", timestamp: new Date(2_500) });
    await reporter.flush();
    expect(delivered.map((d) => d.status.message)).toStrictEqual([undefined, "started"]);
    reporter.forget("a");
    reporter.updateTaskStatus("a", { state: TaskState.Starting });
    await reporter.flush();
    expect(delivered).toHaveLength(3);
  });

  it("coalesces: only the latest pending status of a task is sent", async () => {
    const { delivered, reporter: up } = upstream();
    const reporter = new ReliableStatusReporter(up);
    for (const state of [TaskState.Accepted, TaskState.Preparing, TaskState.Ready]) {
      reporter.updateTaskStatus("a", { state });
    }
    await reporter.flush();
    expect(delivered.map((d) => d.status.state)).toStrictEqual([TaskState.Ready]);
  });
});

describe("ReliableStatusReporter: close", () => {
  it("flushes every queued status, then ignores new ones", async () => {
    const { delivered, reporter: up } = upstream(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return false;
    });
    const reporter = new ReliableStatusReporter(up);
    for (let i = 0; i < 5; i++) reporter.updateTaskStatus(`t${i}`, { state: TaskState.Running });
    await reporter.close();
    expect(delivered).toHaveLength(5);
    expect(reporter.pending).toBe(0);
    reporter.updateTaskStatus("late", { state: TaskState.Running });
    await reporter.close();
    expect(delivered).toHaveLength(5);
  });

  it("stops retrying when the close signal aborts, rejecting with its reason and keeping the count", async () => {
    vi.useFakeTimers();
    const { attempts, reporter: up } = upstream(() => true);
    const reporter = new ReliableStatusReporter(up, { onError: () => {} });
    reporter.updateTaskStatus("a", { state: TaskState.Running });
    reporter.updateTaskStatus("b", { state: TaskState.Running });
    const controller = new AbortController();
    const closing = reporter.close({ signal: controller.signal });
    await vi.advanceTimersByTimeAsync(1_000);
    const reason = new Error("give up");
    controller.abort(reason);
    await expect(closing).rejects.toBe(reason);
    const count = attempts.length;
    expect(count).toBeGreaterThan(2);
    expect(reporter.pending).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toHaveLength(count);
  });

  it("tells onError about every failed delivery", async () => {
    let failures = 2;
    const errors: string[] = [];
    const { reporter: up } = upstream(() => failures-- > 0);
    const reporter = new ReliableStatusReporter(up, {
      retry: { minDelay: 1 },
      onError: (_error, taskId) => errors.push(taskId),
    });
    reporter.updateTaskStatus("a", { state: TaskState.Running });
    await reporter.close();
    expect(errors).toStrictEqual(["a", "a"]);
  });
});

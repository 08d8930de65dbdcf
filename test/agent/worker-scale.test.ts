import { getEventListeners } from "node:events";
import { expect, it } from "vitest";
import { type AssignmentChange, TaskState } from "../../src/index.js";
import { openWorker, runningTask } from "../support/agent.js";
import { StubExecutor } from "../support/stub-executor.js";

/** Timers and immediates the process holds (vitest's own are there before and after alike). */
function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout" || kind === "Immediate").length;
}

it("runs 1,000 StubController tasks through their whole lifecycle in bounded time, leaking nothing", async () => {
  const timersBefore = activeTimers();
  const signals = new Set<AbortSignal>();
  let peakWaiting = 0;
  let sampleWaiting = () => 0;
  // Inside an operation: remembers its signal and how many operations queue behind the limit.
  const keep = (signal?: AbortSignal) => {
    if (signal) signals.add(signal);
    peakWaiting = Math.max(peakWaiting, sampleWaiting());
  };
  const executor = new StubExecutor({
    fns: () => ({
      prepareFn: async (signal) => keep(signal),
      startFn: async (signal) => keep(signal),
      // A short real wait, so that operations overlap as they would with an engine.
      waitFn: (signal) => {
        keep(signal);
        return new Promise((resolve) => setTimeout(resolve, 5));
      },
      removeFn: async (signal) => keep(signal),
    }),
  });
  const started = performance.now();
  const { worker } = await openWorker({ executor, limits: { operations: 16, prepares: 4 } });
  sampleWaiting = () => worker.stats().operations.waiting;
  let completed = 0;
  const everyoneDone = new Promise<void>((resolve) => {
    worker.on("status", ({ status }) => {
      if (status.state === TaskState.Complete && ++completed === 1_000) resolve();
    });
  });
  const changes: AssignmentChange[] = Array.from({ length: 1_000 }, (_, i) => ({
    action: "update",
    task: runningTask(`task-${String(i).padStart(4, "0")}`),
  }));
  await worker.assign(changes);
  await everyoneDone;
  expect(worker.stats()).toMatchObject({ managed: 1_000, removing: 0, retrying: 0 });
  // The burst queued behind the limits instead of running at once.
  expect(peakWaiting).toBeGreaterThan(100);

  await worker.assign([]);
  await worker.wait({ signal: AbortSignal.timeout(20_000) });
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(20_000);

  expect(worker.stats()).toStrictEqual({
    managed: 0,
    removing: 0,
    listeners: 0,
    retrying: 0,
    operations: { active: 0, waiting: 0 },
    prepares: { active: 0, waiting: 0 },
  });
  expect(worker.tasks()).toStrictEqual([]);
  expect(executor.controllerCalls).toBe(1_000);
  for (const controller of executor.controllers.values()) {
    expect(controller.calls).toMatchObject({ prepare: 1, start: 1, wait: 1, remove: 1, close: 1 });
  }
  // Every abort listener added to a signal handed to a controller (the worker's own signal for
  // removals, a task manager's per-step signals) was removed again.
  const leftover = [...signals].reduce((sum, signal) => sum + getEventListeners(signal, "abort").length, 0);
  expect(leftover).toBe(0);
  worker.removeAllListeners("status");

  await worker.close();
  expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
}, 30_000);

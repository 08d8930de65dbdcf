import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/agent/sqlite-store.js";
import { isTerminalState, TaskState, taskStateName } from "../../src/index.js";
import { type AgentProcess, latestByTask, readStatuses, startAgent, until } from "../support/crash/harness.js";
import { type CrashVariant, crashVariants, type TaskPlan } from "../support/crash/variants.js";
import { tempDir } from "../support/temp-dir.js";

const taskCount = 20;
const downtimeMs = 2_500;

/** Five kinds of task: done before the crash, exiting (0 or not) while the agent is down, or after it is back. */
function planOf(i: number): TaskPlan {
  return [
    { sleepMs: 200, exitCode: 0 },
    { sleepMs: 2_500, exitCode: 0 },
    { sleepMs: 2_500, exitCode: 2 },
    { sleepMs: 5_000, exitCode: 0 },
    { sleepMs: 5_000, exitCode: 3 },
  ][i % 5] as TaskPlan;
}

/** Task ids unique to one test run, so that runtimes named after them (containers) never collide. */
const runIds = (names: string[]) => {
  const run = randomUUID().slice(0, 8);
  return names.map((name) => `crash-${run}-${name}`);
};
const names = (states: number[]) => states.map((state) => taskStateName(state));

/** Skips a test whose runtime is missing, except under CI, where that is a failure. */
async function requireRuntime(variant: CrashVariant, context: { skip(): void }): Promise<void> {
  if (await variant.available()) return;
  if (process.env.CI === "true") throw new Error(`the ${variant.name} runtime is not available under CI`);
  context.skip();
}

describe.each(Object.values(crashVariants))("crash recovery: $name runtime", (variant: CrashVariant) => {
  // What this variant's tests started: agents still alive and runtimes still there are removed
  // after each test (and here again, should a test have timed out before its own cleanup).
  const agents = new Set<AgentProcess>();
  const started: { work: string; ids: string[] }[] = [];
  const start = (...args: Parameters<typeof startAgent>) => {
    const agent = startAgent(...args);
    agents.add(agent);
    void agent.exited.then(() => agents.delete(agent));
    return agent;
  };
  const cleanup = async () => {
    for (const agent of agents) agent.child.kill("SIGKILL");
    await Promise.all([...agents].map((agent) => agent.exited));
    for (const { work, ids } of started.splice(0)) await variant.cleanup(work, ids);
  };
  afterAll(cleanup);

  it(`${taskCount} tasks survive the agent being SIGKILLed mid-run and restarted on the same state directory`, async (context) => {
    await requireRuntime(variant, context);
    const ids = runIds(Array.from({ length: taskCount }, (_, i) => `task-${String(i).padStart(2, "0")}`));
    const work = tempDir("taskwright-crash-");
    started.push({ work, ids });
    writeFileSync(join(work, "assignment.json"), JSON.stringify(ids.map((id, i) => variant.task(id, planOf(i), work))));
    try {
      // 1. Run until some tasks run (or are done) while others are still on their way.
      const first = start(work, variant.name, 1);
      const runningOrLater = () =>
        [...latestByTask(readStatuses(work)).values()].filter((s) => s.state >= TaskState.Running).length;
      await until(
        () => runningOrLater() >= 8,
        30_000,
        () => `8 tasks RUNNING; stderr: ${first.stderr()}`,
      );
      first.child.kill("SIGKILL");
      const killedAt = Date.now();
      expect(await first.exited).toStrictEqual({ code: null, signal: "SIGKILL" });
      const atKill = latestByTask(readStatuses(work));
      const unfinished = ids.filter((id) => (atKill.get(id)?.state ?? 0) < TaskState.Running);
      const runningAtKill = ids.filter((id) => atKill.get(id)?.state === TaskState.Running);
      expect(unfinished.length).toBeGreaterThan(0);
      expect(runningAtKill.length).toBeGreaterThan(0);

      // 2. Down for a while: running tasks go on, and some of them exit.
      await sleep(downtimeMs);
      const restartedAt = Date.now();
      const second = start(work, variant.name, 2);
      await until(
        () => ids.every((id) => isTerminalState((latestByTask(readStatuses(work)).get(id)?.state ?? 0) as TaskState)),
        60_000,
        () => `every task terminal; stderr: ${second.stderr()}`,
      );
      await until(
        () => second.stdout().includes("agent ready"),
        10_000,
        () => "agent ready",
      );
      second.child.kill("SIGTERM");
      expect(await second.exited).toStrictEqual({ code: 0, signal: null });
      expect(first.stderr() + second.stderr()).toBe("");

      // 3. No task ran twice, each one ran, and each has one runtime (adopted, not duplicated).
      const runs = await variant.runs(work, ids);
      expect(Object.fromEntries(runs)).toStrictEqual(Object.fromEntries(ids.map((id) => [id, 1])));
      const instances = await Promise.all(ids.map(async (id) => [id, await variant.instances(work, id)]));
      expect(Object.fromEntries(instances)).toStrictEqual(Object.fromEntries(ids.map((id) => [id, 1])));

      // 4. Every task ended in the state its exit code calls for, with that exit code.
      const lines = readStatuses(work);
      const final = latestByTask(lines);
      ids.forEach((id, i) => {
        const { exitCode } = planOf(i);
        expect(final.get(id), id).toMatchObject({
          state: exitCode === 0 ? TaskState.Complete : TaskState.Failed,
          exitCode,
        });
      });

      // 5. Exits that happened while the agent was down were reported by the restarted agent.
      const exits = await variant.exitTimes(work, ids);
      const exitedWhileDown = runningAtKill.filter((id) => {
        const at = exits.get(id) ?? 0;
        return at > killedAt && at < restartedAt;
      });
      expect(exitedWhileDown.length).toBeGreaterThan(0);
      for (const id of exitedWhileDown) expect(final.get(id)?.run).toBe(2);

      // 6. Upstream never saw a task go back to an older state, across both agent processes.
      for (const id of ids) {
        const states = lines.filter((line) => line.taskId === id).map((line) => line.state);
        expect(states, id).toStrictEqual([...states].sort((a, b) => a - b));
      }

      // 7. The stored history of every task is whole: each state once, in order.
      const store = openSqliteStore(join(work, "state"), { historyLimit: 100 });
      try {
        ids.forEach((id, i) => {
          const history = store.history(id).map((record) => record.status.state);
          expect(names(history), id).toStrictEqual([
            "NEW",
            "ACCEPTED",
            "PREPARING",
            "READY",
            "STARTING",
            "RUNNING",
            planOf(i).exitCode === 0 ? "COMPLETE" : "FAILED",
          ]);
        });
      } finally {
        store.close();
      }
    } finally {
      await cleanup();
    }
  }, 120_000);

  it("removals cut short by SIGKILL are finished after the restart, and only then forgotten (swarmkit#2277)", async (context) => {
    await requireRuntime(variant, context);
    const work = tempDir("taskwright-crash-");
    const all = runIds(["keep-0", "keep-1", "drop-0", "drop-1", "drop-2", "drop-3"]);
    const [kept, dropped] = [all.slice(0, 2), all.slice(2)];
    const long = { sleepMs: 60_000, exitCode: 0 };
    started.push({ work, ids: all });
    writeFileSync(join(work, "assignment.json"), JSON.stringify(all.map((id) => variant.task(id, long, work))));
    writeFileSync(join(work, "kept.json"), JSON.stringify(kept.map((id) => variant.task(id, long, work))));
    try {
      const first = start(work, variant.name, 1);
      await until(
        () => all.every((id) => latestByTask(readStatuses(work)).get(id)?.state === TaskState.Running),
        30_000,
        () => `all RUNNING; stderr: ${first.stderr()}`,
      );
      first.child.kill("SIGKILL");
      await first.exited;

      // The orchestrator's next complete set drops four tasks; the agent dies while removing them.
      const second = start(work, variant.name, 2, "kept.json");
      await until(
        () => second.stdout().includes("agent ready"),
        30_000,
        () => `agent ready; ${second.stderr()}`,
      );
      second.child.kill("SIGKILL");
      await second.exited;
      const exists = async (id: string) => (await variant.instances(work, id)) > 0;
      const leftAtKill = await Promise.all(dropped.map(exists));
      expect(leftAtKill.some(Boolean)).toBe(true);

      const third = start(work, variant.name, 3, "kept.json");
      const gone = async () => !(await Promise.all(dropped.map(exists))).some(Boolean);
      for (const deadline = Date.now() + 30_000; !(await gone()); ) {
        if (Date.now() > deadline) throw new Error(`removals not finished; stderr: ${third.stderr()}`);
        await sleep(20);
      }
      await until(
        () => third.stdout().includes("agent ready"),
        30_000,
        () => "agent ready",
      );
      third.child.kill("SIGTERM");
      expect(await third.exited).toStrictEqual({ code: 0, signal: null });
      expect(first.stderr() + second.stderr() + third.stderr()).toBe("");

      const store = openSqliteStore(join(work, "state"), { historyLimit: 100 });
      try {
        expect(store.tasks().map(({ task, assigned }) => [task.id, assigned, task.status.state])).toStrictEqual(
          kept.map((id) => [id, true, TaskState.Running]),
        );
        for (const id of dropped) expect(store.history(id)).toStrictEqual([]);
      } finally {
        store.close();
      }
      for (const id of kept) expect(await variant.instances(work, id)).toBe(1);
      expect(Object.fromEntries(await variant.runs(work, all))).toStrictEqual(
        Object.fromEntries(all.map((id) => [id, 1])),
      );
    } finally {
      await cleanup();
    }
  }, 120_000);
});

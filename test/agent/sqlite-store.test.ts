import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSqliteStore, storePath } from "../../src/agent/sqlite-store.js";
import type { TaskStore } from "../../src/agent/store.js";
import { AgentErrorCode, type Task, TaskState, taskStates } from "../../src/index.js";
import { tempDir } from "../support/temp-dir.js";

function open(dir: string, historyLimit = 100): TaskStore {
  return openSqliteStore(dir, { historyLimit });
}

function randomTask(i: number): Task {
  return {
    id: `task-${String(i).padStart(2, "0")}-${Math.random().toString(36).slice(2, 8)}`,
    serviceId: `service-${i % 3}`,
    slot: i,
    annotations: { name: `t${i}`, labels: { index: String(i) } },
    spec: { container: { image: `busybox:${i}`, env: [`I=${i}`], command: ["sh", "-c", "exit 0"] } },
    desiredState: TaskState.Running,
    status: { state: TaskState.Assigned, message: "should not be stored with the task" },
  };
}

// Ports of SwarmKit's agent/storage_test.go.
describe("SQLite task store: the original's storage tests", () => {
  it("TestStorageInit: opening is idempotent and creates <stateDir>/worker/tasks.db", () => {
    const dir = tempDir();
    open(dir).close();
    expect(existsSync(storePath(dir))).toBe(true);
    const store = open(dir);
    expect(store.tasks()).toStrictEqual([]);
    store.close();
    store.close();
  });

  it("TestStoragePutGet: tasks round-trip without their status, in id order", () => {
    const store = open(tempDir());
    const tasks = Array.from({ length: 20 }, (_, i) => randomTask(i));
    store.transaction(() => {
      for (const task of [...tasks].reverse()) store.putTask(task);
    });
    const stored = store.tasks();
    const byId = [...tasks].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(stored.map((s) => s.task)).toStrictEqual(
      byId.map((task) => ({ ...task, status: { state: TaskState.New } })),
    );
    expect(stored.every((s) => !s.assigned)).toBe(true);
    store.close();
  });

  it("TestStoragePutGetStatusAssigned: statuses and assigned flags round-trip and can be changed", () => {
    const dir = tempDir();
    let store = open(dir);
    const tasks = Array.from({ length: 20 }, (_, i) => randomTask(i)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const states = taskStates.slice(0, -1);
    store.transaction(() => {
      tasks.forEach((task, i) => {
        store.putTask(task);
        expect(store.putStatus(task.id, { state: states[i % states.length] as TaskState })).toBe("changed");
        expect(store.setAssigned(task.id, true)).toBe(true);
      });
    });
    // Bump every state by one and unassign the even-indexed tasks, then read back after reopening.
    tasks.forEach((task, i) => {
      store.putStatus(task.id, { state: taskStates[(i % states.length) + 1] as TaskState, message: "bumped" });
      if (i % 2 === 0) store.setAssigned(task.id, false);
    });
    store.close();
    store = open(dir);
    const stored = store.tasks();
    stored.forEach(({ task, assigned }, i) => {
      expect(task.status).toStrictEqual({ state: taskStates[(i % states.length) + 1], message: "bumped" });
      expect(assigned).toBe(i % 2 !== 0);
    });
    expect(store.statuses().map(([id]) => id)).toStrictEqual(tasks.map((t) => t.id));
    store.close();
  });
});

describe("SQLite task store", () => {
  it("refuses the status of an unknown task, as the original's errTaskUnknown", () => {
    const store = open(tempDir());
    expect(store.putStatus("nobody", { state: TaskState.Running })).toBe("unknown");
    expect(store.setAssigned("nobody", true)).toBe(false);
    expect(store.statuses()).toStrictEqual([]);
    store.close();
  });

  it("records a status change in the history once, keeping dates", () => {
    const store = open(tempDir());
    const task = randomTask(1);
    store.putTask(task);
    const running = {
      state: TaskState.Running,
      message: "started",
      timestamp: new Date("2026-01-02T03:04:05.678Z"),
      container: { containerId: "c1", pid: 42, startedAt: new Date("2026-01-02T03:04:05Z") },
    };
    expect(store.putStatus(task.id, { state: TaskState.Accepted, message: "accepted" })).toBe("changed");
    expect(store.putStatus(task.id, running)).toBe("changed");
    expect(store.putStatus(task.id, { ...running, container: { ...running.container } })).toBe("unchanged");
    const history = store.history(task.id);
    expect(history.map((h) => h.status)).toStrictEqual([{ state: TaskState.Accepted, message: "accepted" }, running]);
    expect(history[1]?.status.timestamp).toBeInstanceOf(Date);
    expect(history[1]?.recordedAt).toBeInstanceOf(Date);
    expect(store.getStatus(task.id)).toStrictEqual(running);
    store.close();
  });

  it("keeps at most historyLimit entries per task, dropping the oldest", () => {
    const store = open(tempDir(), 3);
    const task = randomTask(1);
    store.putTask(task);
    for (let i = 0; i < 6; i++) store.putStatus(task.id, { state: TaskState.Running, message: `m${i}` });
    expect(store.history(task.id).map((h) => h.status.message)).toStrictEqual(["m3", "m4", "m5"]);
    store.close();
  });

  it("deletes a task and its history only while it is unassigned", () => {
    const store = open(tempDir());
    const task = randomTask(1);
    store.putTask(task);
    store.putStatus(task.id, { state: TaskState.Running });
    store.setAssigned(task.id, true);
    expect(store.deleteUnassigned(task.id)).toBe(false);
    store.setAssigned(task.id, false);
    expect(store.deleteUnassigned(task.id)).toBe(true);
    expect(store.tasks()).toStrictEqual([]);
    expect(store.history(task.id)).toStrictEqual([]);
    store.close();
  });

  it("a transaction that throws leaves nothing behind", () => {
    const store = open(tempDir());
    expect(() =>
      store.transaction(() => {
        store.putTask(randomTask(1));
        throw new Error("abort");
      }),
    ).toThrow("abort");
    expect(store.tasks()).toStrictEqual([]);
    store.close();
  });

  it("a second store on the same directory fails with EXEC_AGENT_STATE_LOCKED while the first is open", () => {
    const dir = tempDir();
    const first = open(dir);
    expect(() => open(dir)).toThrow(expect.objectContaining({ code: AgentErrorCode.StateLocked }));
    first.close();
    open(dir).close();
  });

  it("a state directory that cannot be created fails with EXEC_AGENT_STORE_UNAVAILABLE", () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "");
    expect(() => open(join(file, "state"))).toThrow(expect.objectContaining({ code: AgentErrorCode.StoreUnavailable }));
  });
});

import { readdirSync } from "node:fs";
import { expect } from "vitest";
import { ProcessExecutor } from "../../src/process/index.js";
import { describeExecutorConformance } from "../support/executor-conformance.js";
import { processesWithEnv } from "../support/processes.js";

const isRoot = process.getuid?.() === 0;
const marker = (taskId: string) => `TASKWRIGHT_TEST_TASK=${taskId}`;

describeExecutorConformance({
  name: "ProcessExecutor",
  createExecutor: () => new ProcessExecutor(),
  shellSpec: (taskId, script, extra) => ({
    command: ["sh", "-c", script],
    ...extra,
    env: [...(extra?.env ?? []), marker(taskId)],
  }),
  secretPath: (name) => `"$TASKWRIGHT_SECRETS_DIR/${name}"`,
  ownsFiles: isRoot,
  async assertRemoved(task) {
    expect(processesWithEnv(marker(task.id))).toEqual([]);
    expect(readdirSync("/dev/shm").filter((name) => name.startsWith(`taskwright-${task.id}-`))).toEqual([]);
  },
});

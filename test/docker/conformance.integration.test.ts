// The executor conformance scenarios (shared with the process executor), for the Docker executor.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DockerController } from "../../src/docker/index.js";
import { containersOf, dockerAvailable, testImage, testSession } from "../support/docker/engine.js";
import { describeExecutorConformance } from "../support/executor-conformance.js";

const session = testSession();

if (dockerAvailable) {
  describeExecutorConformance({
    name: "DockerExecutor",
    createExecutor: () => session.executor(),
    shellSpec: (_taskId, script, extra) => ({
      image: testImage,
      command: ["sh", "-c", script],
      // An init as PID 1 forwards the stop signal to the shell, as a process executor's child gets
      // it (PID 1 itself ignores signals it has no handler for).
      init: true,
      labels: { ...session.labels },
      ...extra,
    }),
    secretPath: (name) => `/run/secrets/${name}`,
    ownsFiles: process.getuid?.() === 0,
    async assertRemoved(task, controller) {
      expect(await containersOf(session.docker, task.id)).toEqual([]);
      const name = (controller as unknown as DockerController).containerName;
      expect(existsSync(`/dev/shm/taskwright-secrets-${process.getuid?.() ?? 0}/${name}`)).toBe(false);
    },
  });
} else {
  describe.skip("executor conformance: DockerExecutor (no Docker engine)", () => it("needs an engine", () => {}));
}

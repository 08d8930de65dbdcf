import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { runExample } from "../support/run-example.js";

it("`npm run example` runs examples/run-task.ts", () => {
  const { scripts } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  expect(scripts.example).toBe("tsx examples/run-task.ts");
});

it("examples/run-task.ts runs a real task to COMPLETE, with Docker when it answers, else as a process", async () => {
  // With Docker, the image must be there without a registry: the Docker tests' locally built one.
  const image = process.env.TASKWRIGHT_TEST_IMAGE ?? "taskwright-test/busybox:1";
  const { code, stdout, stderr } = await runExample("run-task.ts", { TASKWRIGHT_EXAMPLE_IMAGE: image });
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const executor = stdout.match(/^executor: (docker|process)$/m)?.[1];
  expect(executor).toBeDefined();
  expect(stdout).toContain(`  | hello from a task, run by the ${executor} executor\n`);
  expect(stdout.match(/^[A-Z]+(?= )/gm)).toEqual(["ACCEPTED", "PREPARING", "READY", "STARTING", "RUNNING", "COMPLETE"]);
  expect(stdout).toMatch(/exit code 0\n$/);
});

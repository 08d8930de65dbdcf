import { expect, it } from "vitest";
import { runExample } from "../support/run-example.js";

it("examples/agent.ts runs three process tasks through a worker fed by a task stream, then removes them", async () => {
  const { code, stdout, stderr } = await runExample("agent.ts");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toMatch(/^web-1: RUNNING +started$/m);
  // web-2 only completes if it read the secret assigned with it.
  expect(stdout).toMatch(/^web-2: COMPLETE +finished$/m);
  expect(stdout).toMatch(/^job-1: FAILED +started \(.*\b3\b.*\)$/m);
  for (const id of ["web-1", "web-2", "job-1"]) expect(stdout).toContain(`${id}: removed`);
  expect(stdout).toMatch(/final: web-1=COMPLETE web-2=COMPLETE job-1=FAILED\n$/);
});

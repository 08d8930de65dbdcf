import { expect, it } from "vitest";
import { runExample } from "../support/run-example.js";

it("examples/quick-start.ts walks a task to COMPLETE", async () => {
  const { code, stdout, stderr } = await runExample("quick-start.ts");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toMatch(/step 6: COMPLETE +finished/);
  expect(stdout).toContain('done: COMPLETE; calls: {"update":0,"prepare":1,"start":1,"wait":1,');
});

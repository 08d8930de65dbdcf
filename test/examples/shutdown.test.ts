import { expect, it } from "vitest";
import { runExample } from "../support/run-example.js";

it("examples/shutdown.ts stops a long-running task gracefully: its SIGTERM trap runs", async () => {
  const { code, stdout, stderr } = await runExample("shutdown.ts");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toMatch(/^task: RUNNING\n {2}\| serving\n {2}\| stopping cleanly\n/);
  expect(stdout).toMatch(/^task: SHUTDOWN \(shutdown\), exit code 0, in \d+ ms$/m);
});

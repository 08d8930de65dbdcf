import { expect, it } from "vitest";
import { describeDocker, testImage } from "../support/docker/engine.js";
import { runExample } from "../support/run-example.js";

describeDocker("examples/docker-task.ts (real engine)", () => {
  it("runs a container task to COMPLETE and prints its logs", async () => {
    const { code, stdout, stderr } = await runExample("docker-task.ts", { TASKWRIGHT_EXAMPLE_IMAGE: testImage });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^RUNNING +started/m);
    expect(stdout).toMatch(/^COMPLETE +finished exit=0$/m);
    expect(stdout).toMatch(/^\[stdout\] hello from task example-\d+$/m);
    expect(stdout).toContain("[stderr] a warning");
    expect(stdout.trim().split("\n").at(-1)).toBe("done: COMPLETE");
  });
});

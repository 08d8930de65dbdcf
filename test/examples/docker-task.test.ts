import { expect, it } from "vitest";
import { describeDocker, testImage } from "../support/docker/engine.js";
import { runExample } from "../support/run-example.js";

describeDocker("examples/docker-task.ts (real engine)", () => {
  it("runs a container task to COMPLETE and prints its logs", async () => {
    const { code, stdout, stderr } = await runExample("docker-task.ts", { TASKWRIGHT_EXAMPLE_IMAGE: testImage });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^RUNNING +started$/m); // no exit code before the end
    expect(stdout).toMatch(/^STARTING +starting$/m);
    expect(stdout.match(/^COMPLETE +finished exit=0$/gm)).toHaveLength(1); // once, not again on the noop step
    expect(stdout).toMatch(/^\[stdout\] hello from task example-\d+$/m);
    expect(stdout).toContain("[stderr] a warning");
    expect(stdout.trim().split("\n").at(-1)).toBe("done: COMPLETE");
  });

  it("exits 1 when the task does not end COMPLETE: an image that cannot be pulled is REJECTED", async () => {
    // Nothing listens on 127.0.0.1:5999: the engine's pull fails at once, registry or not.
    const { code, stdout } = await runExample("docker-task.ts", { TASKWRIGHT_EXAMPLE_IMAGE: "127.0.0.1:5999/x:1" });
    expect(stdout).toMatch(/^REJECTED +preparing \(pulling image "127\.0\.0\.1:5999\/x:1" failed: /m);
    expect(stdout.trim().split("\n").at(-1)).toBe("done: REJECTED");
    expect(code).toBe(1);
  });
});

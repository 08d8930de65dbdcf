import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeDocker } from "../support/docker/engine.js";
import {
  noRegistryReason,
  type RegistrylessEngine,
  registrylessEngine,
} from "../support/docker/registryless-engine.js";
import { runExample } from "../support/run-example.js";

const states = (stdout: string) => stdout.match(/^[A-Z]+(?= )/gm);
const lifecycle = ["ACCEPTED", "PREPARING", "READY", "STARTING", "RUNNING", "COMPLETE"];

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
  expect(states(stdout)).toEqual(lifecycle);
  expect(stdout).toMatch(/exit code 0\n$/);
});

it("`npm run example` as it comes ends COMPLETE on this machine, registry or not", { timeout: 90_000 }, async () => {
  // busybox:1.36: pulled when a registry answers; here, where none does, the process executor runs it.
  const { code, stdout, stderr } = await runExample("run-task.ts", { TASKWRIGHT_EXAMPLE_IMAGE: undefined }, 80_000);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(states(stdout)?.slice(-lifecycle.length)).toEqual(lifecycle);
  expect(stdout).toMatch(/ run by the (docker|process) executor\n/);
  expect(stdout).toMatch(/exit code 0\n$/);
  if (stdout.includes("REJECTED")) expect(stdout).toMatch(/^Docker could not pull busybox:1\.36 \(/m);
});

describeDocker("examples/run-task.ts when Docker cannot pull the image", () => {
  let engine: RegistrylessEngine;
  beforeAll(async () => {
    engine = await registrylessEngine();
  });
  afterAll(() => engine?.close());

  it("without TASKWRIGHT_EXAMPLE_IMAGE, says why in one line and runs the same task as a process", async () => {
    const { code, stdout, stderr } = await runExample("run-task.ts", {
      TASKWRIGHT_EXAMPLE_IMAGE: undefined,
      DOCKER_HOST: engine.host,
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^executor: docker$/m);
    expect(states(stdout)).toEqual(["ACCEPTED", "PREPARING", "REJECTED", ...lifecycle]);
    const said = stdout.split("\n").filter((line) => line.startsWith("Docker could not pull"));
    expect(said).toEqual([
      `Docker could not pull busybox:1.36 (${noRegistryReason}): running it as a process instead; ` +
        "set TASKWRIGHT_EXAMPLE_IMAGE to a local image to use Docker",
    ]);
    expect(stdout).toContain("  | hello from a task, run by the process executor\n");
    expect(stdout).toMatch(/exit code 0\n$/);
  });
});

describeDocker("examples/run-task.ts with an image asked for", () => {
  it("that cannot be pulled: exits 1, printing REJECTED and why, without falling back to a process", async () => {
    // Nothing listens on 127.0.0.1:5999: the engine's pull fails at once, registry or not.
    const { code, stdout, stderr } = await runExample("run-task.ts", {
      TASKWRIGHT_EXAMPLE_IMAGE: "127.0.0.1:5999/x:1",
    });
    expect(code).toBe(1);
    expect(states(stdout)).toEqual(["ACCEPTED", "PREPARING", "REJECTED"]);
    expect(stdout).not.toContain("Docker could not pull");
    expect(stdout).not.toContain("run by the process executor");
    expect(stdout).not.toContain("exit code"); // there is none: the task never ran
    expect(stderr).toMatch(/^the task ended REJECTED: pulling image "127\.0\.0\.1:5999\/x:1" failed: .+\n$/);
  });
});

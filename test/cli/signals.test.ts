import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventually, processesWithEnv } from "../support/processes.js";
import { jsonLines, startCli, statesIn } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

const fixture = (name: string) => `test/cli/fixtures/${name}`;

describe("taskwright run: Ctrl-C", () => {
  it("the first SIGINT shuts the task down gracefully: its SIGTERM trap runs, the CLI exits 130", async () => {
    const cli = startCli(["run", fixture("graceful.yaml"), "--executor", "process"]);
    await cli.waitFor("stdout", "ready\n");
    cli.child.kill("SIGINT");
    const { code, stdout, stderr } = await cli.done;
    expect(code).toBe(130);
    expect(stdout).toBe("ready\ngot SIGTERM, cleaning up\n");
    expect(stderr).toContain("taskwright: Ctrl-C: shutting the task down gracefully");
    expect(statesIn(stderr)).toEqual(["NEW", "ACCEPTED", "PREPARING", "READY", "STARTING", "RUNNING", "SHUTDOWN"]);
    expect(stderr).toMatch(/SHUTDOWN +shutdown \(exit code 0\)/);
    expect(stderr).toMatch(/SHUTDOWN after Ctrl-C in .+; exit code 130\n$/);
    expect(processesWithEnv("TASKWRIGHT_CLI_TEST=graceful")).toEqual([]);
  });

  it("a second SIGINT terminates a task that ignores SIGTERM, without waiting for its grace period", async () => {
    const cli = startCli(["run", fixture("stubborn.yaml"), "--executor", "process", "--json"]);
    await cli.waitFor("stdout", '"text":"ready"');
    cli.child.kill("SIGINT");
    await cli.waitFor("stdout", '"action":"shutdown"');
    // The task ignores its stop signal: it keeps running in its 60 s grace period.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(processesWithEnv("TASKWRIGHT_CLI_TEST=stubborn").length).toBeGreaterThan(0);
    expect(cli.child.exitCode).toBeNull();
    const terminatedAt = Date.now();
    cli.child.kill("SIGINT");
    const { code, stdout, stderr } = await cli.done;
    expect(Date.now() - terminatedAt).toBeLessThan(5_000);
    expect(code).toBe(130);
    const events = jsonLines(stdout);
    expect(events.filter((e) => e.type === "signal")).toMatchObject([
      { signal: "SIGINT", action: "shutdown" },
      { signal: "SIGINT", action: "terminate" },
    ]);
    expect(events.filter((e) => e.type === "state").at(-1)).toMatchObject({
      state: "SHUTDOWN",
      from: "RUNNING",
      exitCode: 137,
    });
    expect(events.at(-1)).toMatchObject({ type: "exit", code: 130, state: "SHUTDOWN" });
    expect(stderr).toContain("Ctrl-C again: terminating the task now");
    await eventually(() => processesWithEnv("TASKWRIGHT_CLI_TEST=stubborn").length === 0, 2_000);
  });

  it("SIGTERM to the CLI shuts the task down like Ctrl-C, exit code 143", async () => {
    const cli = startCli(["run", fixture("graceful.yaml"), "--executor", "process"]);
    await cli.waitFor("stdout", "ready\n");
    cli.child.kill("SIGTERM");
    const { code, stdout, stderr } = await cli.done;
    expect(code).toBe(143);
    expect(stdout).toContain("got SIGTERM, cleaning up");
    expect(stderr).toContain("taskwright: SIGTERM: shutting the task down gracefully");
  });

  it("three quick SIGINTs: exit 130 at once, the task removed, though it ignores its stop signal", async () => {
    const cli = startCli(["run", fixture("stubborn.yaml"), "--executor", "process"]);
    await cli.waitFor("stdout", "ready\n");
    const sentAt = Date.now();
    for (let i = 0; i < 3; i++) {
      cli.child.kill("SIGINT");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { code, stderr } = await cli.done;
    expect(Date.now() - sentAt).toBeLessThan(4_000);
    expect(code).toBe(130);
    expect(stderr).toContain("Ctrl-C again: terminating the task now");
    expect(stderr).not.toContain("removing the task failed");
    await eventually(() => processesWithEnv("TASKWRIGHT_CLI_TEST=stubborn").length === 0, 2_000);
  });

  it("a reader of stdout that goes away (| head -1) shuts the task down like Ctrl-C: exit 141, nothing left", async () => {
    const cli = startCli(["run", fixture("chatty.yaml"), "--executor", "process", "--json"]);
    await cli.waitFor("stdout", '"text":"tick"');
    cli.child.stdout.destroy();
    const { code, stderr } = await cli.done;
    expect(code).toBe(141);
    expect(stderr).toContain("taskwright: output closed (SIGPIPE): shutting the task down gracefully");
    expect(stderr).not.toContain("terminating the task now");
    await eventually(() => processesWithEnv("TASKWRIGHT_CLI_TEST=chatty").length === 0, 2_000);
  });

  it("a Ctrl-C while the Docker engine is being probed ends the run at once: exit 130, an exit event last", async () => {
    // An "engine" that accepts connections and never answers: the probe would wait its 3 s.
    const socket = join(tempDir(), "silent.sock");
    let probed: () => void = () => {};
    const probing = new Promise<void>((resolve) => (probed = resolve));
    const server = createServer(() => probed());
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const cli = startCli(["run", fixture("hello.yaml"), "--executor", "docker", "--json"], {
        DOCKER_HOST: `unix://${socket}`,
      });
      await probing; // the CLI is waiting for the engine's answer
      const sentAt = Date.now();
      cli.child.kill("SIGINT");
      const { code, signal, stdout } = await cli.done;
      expect(Date.now() - sentAt).toBeLessThan(1_500);
      expect(signal).toBeNull(); // handled, not the signal's default action
      expect(code).toBe(130);
      const events = jsonLines(stdout);
      expect(events.map((e) => e.type)).toEqual(["signal", "exit"]);
      expect(events.at(-1)).toMatchObject({ type: "exit", code: 130 });
    } finally {
      server.close();
    }
  });
});

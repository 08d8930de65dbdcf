import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { containersOf, describeDocker, testSession } from "../support/docker/engine.js";
import { jsonLines, runCli, startCli, statesIn } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

describeDocker("taskwright run on a real Docker engine", () => {
  const session = testSession();

  /** Writes a task for the test image (labelled for this session) to a JSON file; returns its path. */
  function taskFile(command: string[], stopGracePeriod = 10_000): { file: string; id: string } {
    const task = session.task({ command, stopGracePeriod });
    const file = join(tempDir(), `${task.id}.json`);
    writeFileSync(file, JSON.stringify({ id: task.id, spec: task.spec }));
    return { file, id: task.id };
  }

  it("runs a container to FAILED with --network none, exits with its code, and removes the container", async () => {
    const { file, id } = taskFile(["sh", "-c", "echo out; echo err >&2; exit 3"]);
    const { code, stdout, stderr } = await runCli(["run", file, "--network", "none"], { NO_COLOR: "1" });
    expect(stderr).toContain(`task ${id} from ${file} on the docker executor (--network; a Docker engine answered`);
    expect(statesIn(stderr)).toEqual(["NEW", "ACCEPTED", "PREPARING", "READY", "STARTING", "RUNNING", "FAILED"]);
    expect(stdout).toBe("out\n");
    expect(stderr).toContain("\nerr\n");
    expect(stderr).toMatch(/FAILED .*non-zero exit \(3\)/);
    expect(code).toBe(3);
    expect(await containersOf(session.docker, id)).toEqual([]);
  });

  it("--json: state events and log lines from the container", async () => {
    const { file, id } = taskFile(["echo", "hello from a container"]);
    const { code, stdout } = await runCli(["run", file, "--executor", "docker", "--network", "none", "--json"]);
    expect(code).toBe(0);
    const events = jsonLines(stdout);
    expect(events[0]).toMatchObject({ type: "run", taskId: id, executor: "docker" });
    expect(events).toContainEqual(
      expect.objectContaining({ type: "log", stream: "stdout", text: "hello from a container" }),
    );
    expect(events.at(-1)).toMatchObject({ type: "exit", code: 0, state: "COMPLETE" });
    // The engine says exit code 0 for a container that has not exited: only the end carries one.
    const states = events.filter((e) => e.type === "state");
    expect(states.filter((e) => "exitCode" in e).map((e) => e.state)).toEqual(["COMPLETE"]);
  });

  it("Ctrl-C stops the container with its stop signal (its trap runs), exits 130 and leaves no container", async () => {
    const { file, id } = taskFile([
      "sh",
      "-c",
      "trap 'echo got SIGTERM; exit 0' TERM; echo ready; while :; do sleep 0.1; done",
    ]);
    const cli = startCli(["run", file, "--network", "none"], { NO_COLOR: "1" });
    await cli.waitFor("stdout", "ready\n", 30_000);
    expect(await containersOf(session.docker, id)).toHaveLength(1);
    cli.child.kill("SIGINT");
    const { code, stdout, stderr } = await cli.done;
    expect(stdout).toBe("ready\ngot SIGTERM\n");
    expect(statesIn(stderr).at(-1)).toBe("SHUTDOWN");
    expect(code).toBe(130);
    expect(await containersOf(session.docker, id)).toEqual([]);
  });

  it("three quick Ctrl-Cs on a container that ignores its stop signal: exit 130 within seconds, no container left", async () => {
    const { file, id } = taskFile(["sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.1; done"], 60_000);
    const cli = startCli(["run", file, "--network", "none"], { NO_COLOR: "1" });
    await cli.waitFor("stdout", "ready\n", 30_000);
    const sentAt = Date.now();
    for (let i = 0; i < 3; i++) {
      cli.child.kill("SIGINT");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { code, stderr } = await cli.done;
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    expect(code).toBe(130);
    expect(stderr).not.toContain("removing the task failed");
    expect(await containersOf(session.docker, id)).toEqual([]);
  });

  it("a reader of stdout that goes away shuts the container down: exit 141, no container left", async () => {
    const { file, id } = taskFile(["sh", "-c", "trap 'exit 0' TERM; while :; do echo tick; sleep 0.1; done"]);
    const cli = startCli(["run", file, "--network", "none", "--json"]);
    await cli.waitFor("stdout", '"text":"tick"', 30_000);
    cli.child.stdout.destroy();
    const { code, stderr } = await cli.done;
    expect(code).toBe(141);
    expect(stderr).toContain("taskwright: output closed (SIGPIPE): shutting the task down gracefully");
    expect(await containersOf(session.docker, id)).toEqual([]);
  });

  // (The race of an abort with the engine's create is pinned down with a fake engine in
  // test/docker/prepare.test.ts; here the whole CLI, at whatever step the closed output meets it.)
  it("stdout closed right after the run begins (| head -1): exit 141, no container left", async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { file, id } = taskFile(["sh", "-c", "while :; do echo tick; sleep 0.1; done"], 1_000);
      const cli = startCli(["run", file, "--network", "none", "--json"]);
      await cli.waitFor("stdout", '"type":"run"', 30_000);
      cli.child.stdout.destroy();
      const { code } = await cli.done;
      expect(code).toBe(141);
      expect(await containersOf(session.docker, id)).toEqual([]);
    }
  });
});

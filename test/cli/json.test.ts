import { describe, expect, it } from "vitest";
import { jsonLines, runCli } from "../support/run-cli.js";

const fixture = (name: string) => `test/cli/fixtures/${name}`;
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("taskwright run --json", () => {
  it("prints only JSON lines on stdout: run, each state, each log line, exit", async () => {
    const { code, stdout, stderr } = await runCli(["run", fixture("hello.yaml"), "--executor", "process", "--json"]);
    expect(code).toBe(0);
    const events = jsonLines(stdout);
    for (const event of events) expect(event.time).toMatch(isoTime);
    expect(events.map((e) => e.type).sort()).toEqual(["exit", "log", "log", "run", ...Array(7).fill("state")]);
    const [run, ...rest] = events;
    expect(run).toMatchObject({
      type: "run",
      file: fixture("hello.yaml"),
      executor: "process",
      reason: "--executor process",
    });
    const taskId = run?.taskId as string;
    expect(taskId).toMatch(/^hello-[0-9a-f]{8}$/);

    const states = rest.filter((e) => e.type === "state");
    expect(states.map((e) => [e.from, e.state])).toEqual([
      [null, "NEW"],
      ["NEW", "ACCEPTED"],
      ["ACCEPTED", "PREPARING"],
      ["PREPARING", "READY"],
      ["READY", "STARTING"],
      ["STARTING", "RUNNING"],
      ["RUNNING", "COMPLETE"],
    ]);
    expect(states.at(-1)).toMatchObject({ taskId, message: "finished", exitCode: 0 });
    // Only the end carries an exit code (a Docker engine reports 0 for a container still running).
    expect(states.slice(0, -1).filter((e) => "exitCode" in e)).toEqual([]);
    for (const state of states) {
      expect(state.elapsedMs).toBeTypeOf("number");
      expect(state.durationMs).toBeGreaterThanOrEqual(0);
    }

    const logs = rest.filter((e) => e.type === "log");
    // The two streams are separate pipes: their lines may arrive in either order.
    expect(logs.map(({ stream, text, taskId: id }) => ({ stream, text, id }))).toEqual(
      expect.arrayContaining([
        { stream: "stdout", text: "hello, world", id: taskId },
        { stream: "stderr", text: "to stderr", id: taskId },
      ]),
    );
    expect(logs).toHaveLength(2);
    // Output arrives while RUNNING, before the terminal state; the exit event is last.
    const index = (e: (typeof events)[number]) => events.indexOf(e);
    for (const log of logs) {
      expect(index(log)).toBeGreaterThan(index(states[5]!));
      expect(index(log)).toBeLessThan(index(states[6]!));
    }
    expect(events.at(-1)).toMatchObject({ type: "exit", code: 0, state: "COMPLETE" });

    expect(stderr).toBe(`taskwright: task ${taskId} on the process executor (--executor process)\n`);
  });

  it("reports a failure in the state event and the exit event", async () => {
    const { code, stdout } = await runCli(["run", fixture("fail.json"), "--executor", "process", "--json"]);
    expect(code).toBe(3);
    const events = jsonLines(stdout);
    expect(events.find((e) => e.type === "state" && e.state === "FAILED")).toMatchObject({
      from: "RUNNING",
      err: "task: non-zero exit (3)",
      exitCode: 3,
    });
    expect(events.find((e) => e.type === "log")).toMatchObject({ stream: "stderr", text: "failing" });
    expect(events.at(-1)).toMatchObject({ type: "exit", code: 3, state: "FAILED" });
  });

  it("reports an invalid task file as an error event with located issues, then exit 2", async () => {
    const { code, stdout, stderr } = await runCli(["run", fixture("invalid-fields.yaml"), "--json"]);
    expect(code).toBe(2);
    const events = jsonLines(stdout);
    expect(events.map((e) => e.type)).toEqual(["error", "exit"]);
    expect(events[0]).toMatchObject({
      code: "EXEC_INVALID_TASK",
      issues: [
        { path: "spec.container.stopGracePeriod", message: "must not be negative", line: 5, column: 5 },
        { path: "spec.container.enviroment", message: "unknown field", line: 6, column: 5 },
      ],
    });
    expect(events[1]).toMatchObject({ code: 2 });
    expect(events[1]).not.toHaveProperty("state");
    expect(stderr).toContain("spec.container.enviroment: unknown field");
  });

  it("reports a syntax error with its line and column", async () => {
    const { code, stdout } = await runCli(["run", fixture("invalid-syntax.json"), "--json"]);
    expect(code).toBe(2);
    expect(jsonLines(stdout)[0]).toMatchObject({
      type: "error",
      code: "EXEC_CLI_TASK_FILE",
      issues: [{ path: "", line: 5, column: 5 }],
    });
  });
});

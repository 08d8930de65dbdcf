import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { runCli, statesIn } from "../support/run-cli.js";

const fixture = (name: string) => `test/cli/fixtures/${name}`;
const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };
const lifecycle = ["NEW", "ACCEPTED", "PREPARING", "READY", "STARTING", "RUNNING"];

describe("taskwright (the command)", () => {
  it("--help describes the command, options, Ctrl-C and exit codes", async () => {
    const { code, stdout, stderr } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(
      /^Usage: taskwright run <task\.json\|task\.yaml> \[--executor docker\|process\] \[--network <mode>\] \[--json\]/,
    );
    for (const text of [
      "--executor docker|process",
      "--network <mode>",
      "--json",
      "--version",
      "Ctrl-C",
      "Exit codes:",
      "130/143/141",
      "NO_COLOR",
    ]) {
      expect(stdout).toContain(text);
    }
    expect((await runCli(["run", "--help"])).stdout).toBe(stdout);
  });

  it("--version prints the package's version", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it.each([
    [[], /missing command/],
    [["start", "x.yaml"], /unknown command "start"/],
    [["run"], /missing the task file/],
    [["run", "a.yaml", "b.yaml"], /one task file only/],
    [["run", "a.yaml", "--executor", "podman"], /--executor must be docker or process, got "podman"/],
    [["run", "a.yaml", "--verbose"], /Unknown option '--verbose'/],
    [["run", "a.yaml", "--executor", "process", "--network", "none"], /--network applies to the Docker executor/],
    [["run", "a.yaml", "--network", ""], /--network needs a network mode/],
  ])("exits 2 on the usage error in %j", async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Run "taskwright --help" for usage.');
  });
});

describe("taskwright run --executor process", () => {
  it("runs a YAML task to COMPLETE: its stdout on stdout, its stderr and each state change on stderr, plain text", async () => {
    const { code, stdout, stderr } = await runCli(["run", fixture("hello.yaml"), "--executor", "process"]);
    expect(code).toBe(0);
    expect(stdout).toBe("hello, world\n");
    expect(stderr).toMatch(
      /^taskwright: task hello-[0-9a-f]{8} from test\/cli\/fixtures\/hello\.yaml on the process executor \(--executor process\)\n/,
    );
    expect(stderr).toContain("\nto stderr\n");
    expect(statesIn(stderr)).toEqual([...lifecycle, "COMPLETE"]);
    expect(stderr).toMatch(/^ +\d+\.\d{3}s {2}READY {6}prepared +\+\d+ ms$/m);
    expect(stderr).toMatch(/COMPLETE +finished \(exit code 0\)/);
    expect(stderr).toMatch(/taskwright: task hello-[0-9a-f]{8} COMPLETE in \d+ ms; exit code 0\n$/);
    expect(stdout + stderr).not.toContain("\x1b");
  });

  it("runs a JSON task with its own id; with no image it picks the process executor itself", async () => {
    const { code, stdout, stderr } = await runCli(["run", fixture("hello.json")]);
    expect(code).toBe(0);
    expect(stdout).toBe("hello from json\n");
    expect(stderr).toContain(
      "task hello-json from test/cli/fixtures/hello.json on the process executor (the task has no image)",
    );
  });

  it("without --executor, falls back to the process executor and says why when no Docker engine answers", async () => {
    const { code, stdout, stderr } = await runCli(["run", fixture("hello.yaml")], {
      DOCKER_HOST: "unix:///nonexistent/taskwright-test.sock",
    });
    expect(code).toBe(0);
    expect(stdout).toBe("hello, world\n");
    expect(stderr).toMatch(
      /on the process executor \((the Docker executor is not part of this build of taskwright|no Docker engine answered: .+)\)/,
    );
  });

  it("exits with the exit code of a failing task", async () => {
    const { code, stdout, stderr } = await runCli(["run", fixture("fail.json"), "--executor", "process"]);
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toContain("\nfailing\n");
    expect(statesIn(stderr)).toEqual([...lifecycle, "FAILED"]);
    expect(stderr).toMatch(/FAILED +task: non-zero exit \(3\)/);
    expect(stderr).toMatch(/FAILED in \d+ ms: task: non-zero exit \(3\); exit code 3\n$/);
  });

  it("exits with 128 + the signal's number for a task killed by a signal", async () => {
    const { code, stdout, stderr } = await runCli(["run", fixture("killed.json"), "--executor", "process"]);
    expect(code).toBe(137);
    expect(stdout).toBe("about to die\n");
    expect(stderr).toContain("task: non-zero exit (137): killed by signal SIGKILL");
  });

  it("exits 1 for a task the executor rejects while preparing it", async () => {
    const { code, stderr } = await runCli(["run", fixture("missing-executable.yaml"), "--executor", "process"]);
    expect(code).toBe(1);
    expect(statesIn(stderr)).toEqual(["NEW", "ACCEPTED", "PREPARING", "REJECTED"]);
    expect(stderr).toContain("/nonexistent/taskwright-test-binary");
    expect(stderr).toMatch(/REJECTED in \d+ ms: .+; exit code 1\n$/);
  });
});

describe("taskwright run: invalid task files exit 2 naming the field", () => {
  it.each([
    [
      "invalid-fields.yaml",
      [
        "test/cli/fixtures/invalid-fields.yaml:5:5: spec.container.stopGracePeriod: must not be negative",
        "test/cli/fixtures/invalid-fields.yaml:6:5: spec.container.enviroment: unknown field",
      ],
    ],
    ["with-status.json", ["test/cli/fixtures/with-status.json:3:3: status: must be absent: the task starts at NEW"]],
    [
      "invalid-syntax.json",
      ["test/cli/fixtures/invalid-syntax.json:5:5: a comma before '}': JSON allows no trailing comma"],
    ],
    ["invalid-syntax.yaml", ["test/cli/fixtures/invalid-syntax.yaml:4:5: Flow sequence in block collection"]],
    ["absent.yaml", ["test/cli/fixtures/absent.yaml: cannot read it: ENOENT"]],
    ["hello.txt", ["test/cli/fixtures/hello.txt: a task file ends in .json, .yaml or .yml"]],
  ])("%s", async (name, messages) => {
    const { code, stdout, stderr } = await runCli(["run", fixture(name), "--executor", "process"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^taskwright: error: /);
    for (const message of messages) expect(stderr).toContain(message);
  });

  it("a task the executor finds invalid (no command for a process) is REJECTED and exits 2", async () => {
    const { code, stderr } = await runCli(["run", fixture("no-command.yaml"), "--executor", "process"]);
    expect(code).toBe(2);
    expect(statesIn(stderr)).toEqual(["NEW", "REJECTED"]);
    expect(stderr).toContain("invalid task in test/cli/fixtures/no-command.yaml for the process executor:");
    expect(stderr).toContain("test/cli/fixtures/no-command.yaml:3:3: spec.container.command: is required");
  });

  it("a template in the spec that does not expand is REJECTED at accept, located in the file, and exits 2", async () => {
    const { code, stderr } = await runCli(["run", fixture("bad-template.yaml"), "--executor", "process"]);
    expect(code).toBe(2);
    expect(statesIn(stderr)).toEqual(["NEW", "REJECTED"]);
    expect(stderr).toContain(
      "test/cli/fixtures/bad-template.yaml:6:9: spec.container.env[0]: template at 1:8: unknown field .Task.Nope",
    );
  });
});

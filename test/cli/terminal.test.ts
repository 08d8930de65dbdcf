import { describe, expect, it } from "vitest";
import { startCommand } from "../support/run-cli.js";

// `script` (util-linux) runs the CLI on a pseudo-terminal, as a person's shell would.
function runOnTerminal(env: NodeJS.ProcessEnv) {
  const { NO_COLOR: _noColor, ...inherited } = process.env;
  const command = `${process.execPath} --import tsx src/cli/main.ts run test/cli/fixtures/hello.json --executor process`;
  return startCommand("script", ["-qec", command, "/dev/null"], { ...inherited, TERM: "xterm", ...env }).done;
}

describe("taskwright run on a terminal", () => {
  it("colours the state names", async () => {
    const { code, stdout } = await runOnTerminal({});
    expect(code).toBe(0);
    expect(stdout).toContain("\x1b[32mCOMPLETE\x1b[39m");
    expect(stdout).toContain("hello from json");
  });

  it("writes no ANSI code when NO_COLOR is set", async () => {
    const { code, stdout } = await runOnTerminal({ NO_COLOR: "1" });
    expect(code).toBe(0);
    expect(stdout).toMatch(/COMPLETE +finished/);
    expect(stdout).not.toContain("\x1b");
  });
});

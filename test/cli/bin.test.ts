import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startBuiltCli } from "../support/run-cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const packageJson = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { bin: Record<string, string> };
const bin = `${root}dist/cli.js`;

// The built bin exists after `npm run build`, which CI runs before the tests: there it must be
// present; elsewhere these tests run once you have built.
describe.runIf(existsSync(bin) || process.env.CI === "true")("the built bin (dist/cli.js)", () => {
  it("is package.json's taskwright bin: an executable file starting with a node shebang", () => {
    expect(packageJson.bin).toEqual({ taskwright: "./dist/cli.js" });
    expect(readFileSync(bin, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
  });

  it("runs a task", async () => {
    const { code, stdout, stderr } = await startBuiltCli(
      ["run", "test/cli/fixtures/hello.json", "--executor", "process"],
      {
        NO_COLOR: "1",
      },
    ).done;
    expect(stderr).toContain("COMPLETE");
    expect(stdout).toBe("hello from json\n");
    expect(code).toBe(0);
  });
});

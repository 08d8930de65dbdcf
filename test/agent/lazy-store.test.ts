import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

function loadedAfter(...args: string[]): Record<string, boolean> {
  const run = spawnSync(tsx, ["test/support/loaded-modules.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as Record<string, boolean>;
}

it("importing taskwright loads no native module; worker.init() loads better-sqlite3", () => {
  expect(loadedAfter()).toStrictEqual({ "better-sqlite3": false, bindings: false });
  expect(loadedAfter("init")).toStrictEqual({ "better-sqlite3": true, bindings: true });
});

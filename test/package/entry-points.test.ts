import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

async function packagesLoadedBy(entry: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(tsx, ["test/support/loaded-packages.ts", entry], { cwd: root });
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as string[];
}

describe("entry points", () => {
  it('importing "taskwright" does not load dockerode', async () => {
    const loaded = await packagesLoadedBy("src/index.ts");
    expect(loaded).not.toContain("dockerode");
    expect(loaded).not.toContain("docker-modem");
  }, 30_000);

  // The built package (`npm run build`, which CI runs before the tests): the same check on dist/.
  it.skipIf(!existsSync(`${root}/dist/index.js`))(
    'the built "taskwright" (dist/index.js) does not load dockerode',
    async () => {
      const loaded = await packagesLoadedBy("dist/index.js");
      expect(loaded).not.toContain("dockerode");
      expect(await packagesLoadedBy("dist/docker/index.js")).toContain("dockerode");
    },
    30_000,
  );

  it('importing "taskwright/docker" does (the check above can see it)', async () => {
    expect(await packagesLoadedBy("src/docker/index.ts")).toContain("dockerode");
  }, 30_000);
});

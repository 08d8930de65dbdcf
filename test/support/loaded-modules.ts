// Prints, as JSON, which of some packages are loaded after importing taskwright (and, with the
// argument "init", after initialising a worker). Run with tsx from the repository root.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { StubController, Worker } = await import("../../src/index.js");
if (process.argv[2] === "init") {
  const stateDir = mkdtempSync(join(tmpdir(), "taskwright-loaded-"));
  const worker = new Worker({
    stateDir,
    executor: {
      describe: async () => ({ hostname: "h", platform: { architecture: "x", os: "linux" }, resources: {} }),
      configure: async () => {},
      controller: () => new StubController(),
    },
  });
  await worker.init();
  await worker.close();
  rmSync(stateDir, { recursive: true, force: true });
}
const cached = Object.keys(createRequire(import.meta.url).cache);
const loaded = (name: string) => cached.some((path) => path.includes(`/node_modules/${name}/`));
console.log(JSON.stringify({ "better-sqlite3": loaded("better-sqlite3"), bindings: loaded("bindings") }));

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

// Runs in a plain `node` (no vitest transform between the test and the built files): the names of
// the built package's classes and errors, as a user sees them.
const probe = `
import { inspect } from "node:util";
const entries = ["./dist/index.js", "./dist/docker/index.js", "./dist/process/index.js"];
const renamed = [];
for (const entry of entries) {
  for (const [exported, value] of Object.entries(await import(entry))) {
    if (typeof value === "function" && /^class\\b/.test(Function.prototype.toString.call(value)) && value.name !== exported) {
      renamed.push(exported + " is named " + value.name);
    }
  }
}
const m = await import("./dist/index.js");
const templateError = new m.TemplateError({ code: Object.values(m.TemplateErrorCode)[0], reason: "r" });
const invalid = new m.InvalidTaskError([{ path: "spec", message: "bad" }]);
console.log(JSON.stringify({
  classes: [m.ExecError.name, m.TemplateError.name, m.InvalidTaskError.name, m.SecretBytes.name],
  instances: [m.ErrTaskNoop.name, templateError.name, invalid.name, m.SecretBytes.from([1]).constructor.name],
  logged: inspect(m.ErrTaskNoop).split("\\n")[0],
  renamed,
}));
`;

describe("names in the built package", () => {
  // The built package (`npm run build`, which CI runs before the tests), like entry-points.test.ts.
  it.skipIf(!existsSync(`${root}/dist/index.js`))(
    "classes keep their own names (not the bundler's _ExecError); errors log under them",
    async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", probe], {
        cwd: root,
      });
      const names = JSON.parse(stdout.trim().split("\n").at(-1) as string);
      expect(names.classes).toStrictEqual(["ExecError", "TemplateError", "InvalidTaskError", "SecretBytes"]);
      expect(names.instances).toStrictEqual(["ExecError", "TemplateError", "InvalidTaskError", "SecretBytes"]);
      expect(names.logged).toBe("ExecError: exec: task noop");
      expect(names.renamed).toStrictEqual([]);
    },
    30_000,
  );
});

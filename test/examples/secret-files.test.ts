import { expect, it } from "vitest";
import { runExample } from "../support/run-example.js";

it("examples/secret-files.ts delivers a secret as a 0400 file that is gone after remove", async () => {
  const { code, stdout, stderr } = await runExample("secret-files.ts");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toMatch(/^task: COMPLETE$/m);
  expect(stdout).toMatch(/^ {2}\| secret file: \/.+\/secrets\/db-password$/m);
  expect(stdout).toContain("  | -r--------\n");
  expect(stdout).toContain("  | length: 21\n");
  expect(stdout).not.toContain("correct horse");
  expect(stdout).toContain("secret file exists before remove: true\nsecret file exists after remove: false\n");
});

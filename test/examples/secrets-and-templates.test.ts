import { expect, it } from "vitest";
import { runExample } from "../support/run-example.js";

it("examples/secrets-and-templates.ts expands templates and serves only the task's secrets", async () => {
  const { code, stdout, stderr } = await runExample("secrets-and-templates.ts");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toBe(
    [
      "hostname: web-2; env: INSTANCE=web.2.x7f3",
      "app.conf (sensitive: true):",
      "instance=web.2.x7f3",
      "password=hunter2",
      "",
      'the secret, serialised: {"id":"db-password","spec":{"data":"[redacted]"}}',
      "refused: task not authorized to access secret not-for-this-task",
      "",
    ].join("\n"),
  );
});

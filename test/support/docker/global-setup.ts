// vitest global setup for the Docker tests: finds out whether a Docker engine answers, builds the
// test image there (test/support/docker/build-test-image.sh) and tells the test files through
// `inject("dockerAvailable")`. In CI (CI=true) an engine that does not answer fails the run: the
// Docker tests must run there. Elsewhere they are skipped, with a loud message.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { engineAnswers } from "./engine-probe.js";

declare module "vitest" {
  export interface ProvidedContext {
    dockerAvailable: boolean;
  }
}

const run = promisify(execFile);
const buildImage = fileURLToPath(new URL("./build-test-image.sh", import.meta.url));

export default async function setup(project: TestProject): Promise<void> {
  const version = await engineAnswers();
  if (!version) {
    const where = process.env.DOCKER_HOST ?? "the local socket";
    if (process.env.CI === "true") {
      throw new Error(`CI=true but no Docker engine answers at ${where}: the Docker tests must run in CI`);
    }
    console.warn(
      `\n${"!".repeat(78)}\n!! No Docker engine answers at ${where}: the Docker integration tests are SKIPPED.\n` +
        `!! Start dockerd (see .ci/run) to run them.\n${"!".repeat(78)}\n`,
    );
    project.provide("dockerAvailable", false);
    return;
  }
  await run(buildImage, [], { timeout: 120_000 });
  project.provide("dockerAvailable", true);
}

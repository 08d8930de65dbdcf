// What the Docker tests and the processes they start need to know about the engine, without
// vitest: the crash-recovery agent process imports this too.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The image the Docker tests run (built from busybox by build-test-image.sh). */
export const testImage = "taskwright-test/busybox:1";

/** The version of the engine the `docker` CLI reaches, or `undefined` when none answers within 15 s. */
export async function engineAnswers(): Promise<string | undefined> {
  try {
    const { stdout } = await run("docker", ["version", "--format", "{{.Server.Version}}"], { timeout: 15_000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

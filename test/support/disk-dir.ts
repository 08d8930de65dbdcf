import { mkdtempSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const inMemory = new Set([0x01021994, 0x858458f6]);

/**
 * A new, empty directory on a disk (not a tmpfs): under the system's temporary directory or,
 * when that is a tmpfs, the working directory. Throws when neither is.
 */
export function makeDiskDir(prefix: string): string {
  for (const base of [tmpdir(), process.cwd()]) {
    const dir = mkdtempSync(join(base, `.${prefix}-`));
    if (!inMemory.has(Number(statfsSync(dir).type))) return dir;
    rmSync(dir, { recursive: true });
  }
  throw new Error("no directory on a disk found for the test");
}

import { constants } from "node:fs";
import { access, stat, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";

/** `f_type` of tmpfs and ramfs in Linux's `statfs`: file systems that live in memory. */
const memoryFileSystems = new Set([0x01021994, 0x858458f6]);

/**
 * Whether `path` is on a file system that lives in memory (tmpfs or ramfs), so that what is
 * written there never reaches a disk (except through swap). Only known on Linux: `false`
 * elsewhere, and for a path that cannot be examined.
 */
export async function isInMemory(path: string): Promise<boolean> {
  if (process.platform !== "linux") return false;
  try {
    return memoryFileSystems.has(Number((await statfs(path)).type));
  } catch {
    return false;
  }
}

/**
 * The directories the executor tries, in order, for a task's private directory when none is
 * configured: on Linux `$XDG_RUNTIME_DIR` (the user's own tmpfs), then `/dev/shm` and `/run/shm`
 * (tmpfs on every mainstream distribution); nothing elsewhere.
 */
export function defaultRuntimeDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (process.platform !== "linux") return [];
  return [env.XDG_RUNTIME_DIR, "/dev/shm", "/run/shm"].filter((dir): dir is string => Boolean(dir));
}

/** Where a task's private directory goes, and whether that is in memory. */
export interface RuntimeDirChoice {
  dir: string;
  inMemory: boolean;
}

/**
 * Picks the directory for a task's private directory: `configured` when given (whatever it is
 * on), else the first of `candidates` that is an in-memory directory this process can write to
 * (and that other users can traverse when the task runs as another user), else the system's
 * temporary directory, which is usually on disk.
 */
export async function chooseRuntimeDir(
  configured: string | undefined,
  candidates: readonly string[],
  forAnotherUser: boolean,
): Promise<RuntimeDirChoice> {
  if (configured !== undefined) return { dir: configured, inMemory: await isInMemory(configured) };
  for (const dir of candidates) {
    if (await isUsable(dir, forAnotherUser)) return { dir, inMemory: true };
  }
  const fallback = tmpdir();
  return { dir: fallback, inMemory: await isInMemory(fallback) };
}

async function isUsable(dir: string, forAnotherUser: boolean): Promise<boolean> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory() || (forAnotherUser && (info.mode & 0o001) === 0)) return false;
    await access(dir, constants.W_OK | constants.X_OK);
    return await isInMemory(dir);
  } catch {
    return false;
  }
}

import { chown, mkdir, mkdtemp, open, readdir, rm } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { ExecError, errorMessage } from "../exec/errors.js";
import { ProcessErrorCode } from "./errors.js";
import type { TaskFile } from "./task-files.js";

/** A task's private directory: `secrets/` and `configs/` inside a root only its owner may enter. */
export interface PrivateDir {
  root: string;
  secretsDir: string;
  configsDir: string;
}

/** A file to write, with its content. */
export interface FileContent {
  file: TaskFile;
  data: Uint8Array;
}

/** Who owns what {@link writePrivateDir} creates. */
export interface Ownership {
  /** Owner of the directories (the task's user, when it is another); absent: this process. */
  dirs?: { uid: number; gid: number };
  /** Whether each file gets its reference's uid and gid (only root may give files away). */
  files: boolean;
}

/**
 * Creates a private directory under `base` (mode 0700, as are the directories in it) and writes
 * each file there with mode 0600, then gives it its owner and mode, so that no one else can read
 * it at any moment. Everything is removed again when a step fails.
 *
 * @throws ExecError `EXEC_PROCESS_FILES` naming the reference whose file could not be written;
 * the message never holds file content
 */
export async function writePrivateDir(
  base: string,
  name: string,
  contents: readonly FileContent[],
  owner: Ownership,
): Promise<PrivateDir> {
  let root: string;
  try {
    root = await mkdtemp(join(base, privateDirPrefix(name)));
  } catch (err) {
    throw new ExecError(ProcessErrorCode.Files, `creating the task's private directory in ${base} failed`, {
      cause: err,
    });
  }
  const dir = { root, secretsDir: join(root, "secrets"), configsDir: join(root, "configs") };
  let field = "the task's private directory";
  try {
    if (owner.dirs) await chown(root, owner.dirs.uid, owner.dirs.gid);
    await makeDirs(root, dir.secretsDir, owner);
    await makeDirs(root, dir.configsDir, owner);
    for (const { file, data } of contents) {
      field = file.field;
      const path = join(file.kind === "secret" ? dir.secretsDir : dir.configsDir, file.path);
      await makeDirs(root, dirname(path), owner);
      await writeFileAs(path, data, file, owner.files);
    }
    return dir;
  } catch (err) {
    await removePrivateDir(root);
    throw new ExecError(ProcessErrorCode.Files, `writing the file of ${field} failed: ${errorMessage(err)}`, {
      cause: err,
    });
  }
}

/** The start of the name of `name`'s private directory; `mkdtemp` adds six characters. */
function privateDirPrefix(name: string): string {
  return `taskwright-${name.replace(/[^\w.-]/g, "_").slice(0, 64)}-`;
}

/**
 * Removes every private directory of `name` under `bases`: those an earlier executor (before a
 * restart) made for the task and could not remove. Bases that do not exist are skipped.
 */
export async function removeLeftPrivateDirs(bases: readonly string[], name: string): Promise<void> {
  const prefix = privateDirPrefix(name);
  for (const base of bases) {
    const entries = await readdir(base).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry.length === prefix.length + 6 && entry.startsWith(prefix)) await removePrivateDir(join(base, entry));
    }
  }
}

/** Removes a private directory and everything in it; a directory already gone is fine. */
export async function removePrivateDir(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/** Creates `dir` and each missing directory between `root` and it, mode 0700. */
async function makeDirs(root: string, dir: string, owner: Ownership): Promise<void> {
  let current = root;
  for (const segment of relative(root, dir).split(sep).filter(Boolean)) {
    current = join(current, segment);
    try {
      await mkdir(current, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw err;
    }
    if (owner.dirs) await chown(current, owner.dirs.uid, owner.dirs.gid);
  }
}

async function writeFileAs(path: string, data: Uint8Array, file: TaskFile, giveAway: boolean): Promise<void> {
  const handle = await open(path, "wx", 0o600);
  try {
    await handle.writeFile(data);
    if (giveAway) await handle.chown(file.uid, file.gid);
    await handle.chmod(file.mode);
  } finally {
    await handle.close();
  }
}

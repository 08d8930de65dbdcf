import { chmod, chown, lstat, mkdir, open, rename, rm, statfs } from "node:fs/promises";
import { join } from "node:path";
import type { EngineMount } from "./container-parts.js";
import { DockerError, DockerErrorCode } from "./errors.js";

/** One file to show inside a container: a secret or a config at its target path. */
export interface DependencyFile {
  /** Whether it holds a secret or a config. */
  kind: "secret" | "config";
  /** The secret's or config's id, for messages. */
  id: string;
  /** Absolute path inside the container. */
  target: string;
  /** The file's content: the secret's or config's data, expanded when it has templating. */
  data: Uint8Array;
  /** The numeric user id that owns the file (0 when the task's reference does not say). */
  uid: number;
  /** The numeric group id that owns the file (0 when the task's reference does not say). */
  gid: number;
  /** The file's permission bits, e.g. `0o400` (`0o444` when the task's reference does not say). */
  mode: number;
}

/**
 * Puts a task's secret and config files where its container can see them. Replaceable, e.g. for
 * an engine on another machine.
 */
export interface DependencyFileMounter {
  /**
   * Writes (or rewrites) the task's files and returns the mounts that show them in the container.
   * Idempotent: calling it again for the same key replaces the files.
   */
  prepare(key: string, files: readonly DependencyFile[]): Promise<EngineMount[]>;
  /** Deletes the task's files. Idempotent. */
  cleanup(key: string): Promise<void>;
}

const TMPFS_MAGIC = 0x01021994;
const RAMFS_MAGIC = 0x858458f6;

/**
 * The directories tried for secret files, in order: `$XDG_RUNTIME_DIR/taskwright-secrets`, then
 * `/dev/shm/taskwright-secrets-<uid>`, then `/run/taskwright-secrets`. The first whose parent is
 * a tmpfs is used.
 */
export function defaultSecretRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const uid = process.getuid?.() ?? 0;
  const roots: string[] = [];
  if (env.XDG_RUNTIME_DIR) roots.push(join(env.XDG_RUNTIME_DIR, "taskwright-secrets"));
  roots.push(`/dev/shm/taskwright-secrets-${uid}`, "/run/taskwright-secrets");
  return roots;
}

function refuse(message: string, cause?: unknown): DockerError {
  return new DockerError(DockerErrorCode.SecretFiles, message, cause === undefined ? undefined : { cause });
}

async function isTmpfs(path: string): Promise<boolean> {
  try {
    const { type } = await statfs(path);
    return type === TMPFS_MAGIC || type === RAMFS_MAGIC;
  } catch {
    return false;
  }
}

/**
 * The Moby way, for an engine on this machine: each task gets a private directory (mode 0700)
 * on a tmpfs, every file is written there with its mode, uid and gid (atomically, through a
 * rename), and bind-mounted read-only at its target. Nothing touches a disk; `cleanup` deletes
 * the directory.
 *
 * Giving a file to another uid or gid than this process's needs the right to `chown` (root).
 */
export class HostTmpfsMounter implements DependencyFileMounter {
  private root: Promise<string> | undefined;

  /** @param roots - candidate directories (see {@link defaultSecretRoots}); the first on a tmpfs wins */
  constructor(private readonly roots: readonly string[] = defaultSecretRoots()) {}

  private resolveRoot(): Promise<string> {
    this.root ??= this.findRoot().catch((err: unknown) => {
      this.root = undefined;
      throw err;
    });
    return this.root;
  }

  private async findRoot(): Promise<string> {
    for (const root of this.roots) {
      const parent = join(root, "..");
      if (!(await isTmpfs(parent))) continue;
      await mkdir(root, { recursive: true, mode: 0o700 });
      const info = await lstat(root);
      const uid = process.getuid?.();
      if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o077) !== 0) {
        throw refuse(`secret directory ${root} is not a private directory owned by this user; refusing to use it`);
      }
      if (!(await isTmpfs(root))) continue;
      return root;
    }
    throw refuse(
      `no tmpfs found for secret and config files (tried ${this.roots.join(", ")}); refusing to write them to disk`,
    );
  }

  async prepare(key: string, files: readonly DependencyFile[]): Promise<EngineMount[]> {
    if (files.length === 0) return [];
    const dir = join(await this.resolveRoot(), safeName(key));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const mounts: EngineMount[] = [];
    for (const [index, file] of files.entries()) {
      const path = join(dir, `${file.kind}-${index}-${safeName(file.id)}`);
      await writeFile(path, file);
      mounts.push({ Type: "bind", Source: path, Target: file.target, ReadOnly: true });
    }
    return mounts;
  }

  async cleanup(key: string): Promise<void> {
    if (!this.root) return;
    const root = await this.root.catch(() => undefined);
    if (root) await rm(join(root, safeName(key)), { recursive: true, force: true });
  }
}

async function writeFile(path: string, file: DependencyFile): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, "w", 0o600);
  try {
    await handle.writeFile(file.data);
  } finally {
    await handle.close();
  }
  try {
    const uid = process.getuid?.();
    const gid = process.getgid?.();
    if (file.uid !== uid || file.gid !== gid) await chown(temporary, file.uid, file.gid);
    await chmod(temporary, file.mode);
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw refuse(
      `cannot write ${file.kind} ${file.id} for ${file.target} (uid ${file.uid}, gid ${file.gid}, mode 0o${file.mode.toString(8)})`,
      cause,
    );
  }
}

function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, "_");
}

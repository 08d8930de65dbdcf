import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { ExecError, errorMessage } from "../exec/errors.js";
import type { Task } from "../exec/task.js";
import { TemplateError } from "../exec/template/errors.js";
import { type ReferencedData, referencedData } from "../exec/template/referenced-data.js";
import type { TemplatedDependencyGetter } from "../exec/template/templated-dependencies.js";
import { InvalidTaskError, type ValidationIssue } from "../exec/validate.js";
import { ProcessErrorCode } from "./errors.js";
import { directoryProblem, findExecutable } from "./locate.js";
import { type FileContent, type PrivateDir, removePrivateDir, writePrivateDir } from "./private-dir.js";
import { buildEnv } from "./process-env.js";
import type { ProcessSpec } from "./process-spec.js";
import { chooseRuntimeDir } from "./runtime-dir.js";
import { configsDirVariable, secretsDirVariable } from "./task-files.js";
import { currentIds, lookUpUser, type ProcessUser, type UserDatabase } from "./user.js";

/** Everything needed to start a prepared task's process. */
export interface Launch {
  /** Absolute path of the executable. */
  file: string;
  /** `argv[0]` as the spec wrote it. */
  argv0: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The uid and gid to switch to; absent when the task runs as this process's user. */
  user?: { uid: number; gid: number };
  /** The task's secret and config files, when it has any. */
  privateDir?: PrivateDir;
}

/** How the executor prepares tasks (its options, resolved). */
export interface LaunchSettings {
  baseEnv: Readonly<Record<string, string | undefined>>;
  runtimeDir: string | undefined;
  runtimeDirCandidates: readonly string[];
  allowSecretsOnDisk: boolean;
  userDatabase?: UserDatabase;
}

/**
 * Prepares a task's process: checks the working directory, the user and the executable (every
 * problem reported at once, naming its field), then writes the secret and config files.
 *
 * Secrets, and configs whose template pulled in a secret (sensitive configs, as the original
 * calls them), go to a disk only with `allowSecretsOnDisk`; other configs may go anywhere.
 *
 * @throws InvalidTaskError naming `spec.container.dir`, `spec.container.user` or `spec.container.command`
 * @throws TemplateError naming the reference whose templated payload cannot be expanded
 * @throws ExecError `EXEC_PROCESS_FILES` naming the reference whose secret or config is unavailable or
 * could not be written; `EXEC_PROCESS_NO_TMPFS` when secrets would go to a disk and that is not allowed
 */
export async function prepareLaunch(
  task: Task,
  spec: ProcessSpec,
  dependencies: TemplatedDependencyGetter,
  settings: LaunchSettings,
  signal?: AbortSignal,
): Promise<Launch> {
  const issues: ValidationIssue[] = [];
  const cwd = resolve(spec.dir ?? ".");
  const dirProblem = spec.dir === undefined ? undefined : await directoryProblem(cwd);
  if (dirProblem) issues.push({ path: "spec.container.dir", message: dirProblem });
  let user: ProcessUser | undefined;
  if (spec.user !== undefined) {
    const found = await lookUpUser(spec.user, settings.userDatabase);
    if (typeof found === "string") issues.push({ path: "spec.container.user", message: found });
    else if (found.uid !== currentIds()?.uid || found.gid !== currentIds()?.gid) user = found;
  }
  const plainEnv = buildEnv(settings.baseEnv, user, spec.env, {});
  const file = await findExecutable(spec.command, cwd, plainEnv.PATH);
  if (typeof file !== "string") issues.push({ path: "spec.container.command", message: file.problem });
  if (issues.length > 0 || typeof file !== "string") throw new InvalidTaskError(issues);
  signal?.throwIfAborted();

  const launch: Launch = { file, argv0: spec.command, args: spec.args, cwd, env: plainEnv };
  if (user) launch.user = { uid: user.uid, gid: user.gid };
  if (spec.files.length === 0) return launch;
  const privateDir = await writeFiles(task, spec, dependencies, settings, user);
  if (signal?.aborted) {
    await removePrivateDir(privateDir.root);
    signal.throwIfAborted();
  }
  launch.privateDir = privateDir;
  launch.env = buildEnv(settings.baseEnv, user, spec.env, {
    [secretsDirVariable]: privateDir.secretsDir,
    [configsDirVariable]: privateDir.configsDir,
  });
  return launch;
}

async function writeFiles(
  task: Task,
  spec: ProcessSpec,
  dependencies: TemplatedDependencyGetter,
  settings: LaunchSettings,
  user: ProcessUser | undefined,
): Promise<PrivateDir> {
  let sensitive = false;
  const contents: FileContent[] = spec.files.map((file) => {
    let read: ReferencedData;
    try {
      read = referencedData(dependencies, file.kind, file.id, file.field);
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      throw new ExecError(ProcessErrorCode.Files, `${file.field}: ${errorMessage(err)}`, { cause: err });
    }
    sensitive ||= read.sensitive;
    return { file, data: read.data };
  });
  const choice = await chooseRuntimeDir(settings.runtimeDir, settings.runtimeDirCandidates, user !== undefined);
  if (!choice.inMemory && !settings.allowSecretsOnDisk && sensitive) {
    const looked = settings.runtimeDir
      ? `the runtimeDir ${choice.dir} is not a tmpfs`
      : `no usable tmpfs among [${settings.runtimeDirCandidates.join(", ")}] on ${process.platform}`;
    throw new ExecError(
      ProcessErrorCode.NoTmpfs,
      `process: no tmpfs for the task's secrets (${looked}); set the executor's runtimeDir to a tmpfs ` +
        "directory, or allowSecretsOnDisk: true to accept secrets on disk",
    );
  }
  const owner = user ? { uid: user.uid, gid: user.gid } : undefined;
  return writePrivateDir(choice.dir, task.id, contents, {
    ...(owner && { dirs: owner }),
    files: currentIds()?.uid === 0,
  });
}

/** Every directory a task's private directory may have been made in, under `settings`. */
export function privateDirBases(settings: LaunchSettings): string[] {
  if (settings.runtimeDir !== undefined) return [settings.runtimeDir];
  return [...settings.runtimeDirCandidates, tmpdir()];
}

import { posix } from "node:path";
import type { ContainerSpec, FileTarget } from "../exec/container-spec.js";
import type { ValidationIssue } from "../exec/validate.js";

/** A secret or config file the process executor writes for a task. */
export interface TaskFile {
  kind: "secret" | "config";
  /** The secret or config id to fetch. */
  id: string;
  /** Where the file goes, relative to the kind's directory (e.g. `"db/password"`). */
  path: string;
  /** File mode; the reference's, default `0o444`. */
  mode: number;
  /** Owner, applied when the executor runs as root; default 0. */
  uid: number;
  /** Group, applied when the executor runs as root; default 0. */
  gid: number;
  /** The reference in the spec, for messages: e.g. `"spec.container.secrets[0]"`. */
  field: string;
}

/** The environment variable holding the directory of a task's secret files. */
export const secretsDirVariable = "TASKWRIGHT_SECRETS_DIR";
/** The environment variable holding the directory of a task's config files. */
export const configsDirVariable = "TASKWRIGHT_CONFIGS_DIR";

/**
 * The files a container spec asks for: one per secret or config reference with a `file`
 * target (a config with a `runtime` target is for the runtime, not the task, and gets none).
 *
 * A file's place is its target name taken relative to its kind's directory: `"db"` and
 * `"/run/secrets/db"` are `db` and `run/secrets/db` under the secrets directory. A name that
 * climbs out of the directory (`"../x"`) or lands on a file already taken is an issue naming
 * the reference.
 */
export function taskFilesOf(
  spec: ContainerSpec,
  base = "spec.container",
): { files: TaskFile[]; issues: ValidationIssue[] } {
  const files: TaskFile[] = [];
  const issues: ValidationIssue[] = [];
  const add = (kind: TaskFile["kind"], id: string, target: FileTarget, field: string) => {
    const path = placeOf(target.name);
    const taken = files.find((file) => file.kind === kind && file.path === path);
    if (path === undefined)
      issues.push({ path: `${field}.file.name`, message: "must name a file inside the directory" });
    else if (taken) issues.push({ path: `${field}.file.name`, message: `names the same file as ${taken.field}` });
    else
      files.push({ kind, id, path, mode: target.mode ?? 0o444, uid: idOf(target.uid), gid: idOf(target.gid), field });
  };
  spec.secrets?.forEach((ref, i) => {
    if (ref.file) add("secret", ref.secretId, ref.file, `${base}.secrets[${i}]`);
  });
  spec.configs?.forEach((ref, i) => {
    if (ref.file && !ref.runtime) add("config", ref.configId, ref.file, `${base}.configs[${i}]`);
  });
  return { files, issues };
}

function placeOf(name: string): string | undefined {
  const path = posix.normalize(name.replace(/^\/+/, ""));
  if (path === "." || path === ".." || path.startsWith("../") || path.endsWith("/")) return undefined;
  return path;
}

function idOf(text: string | undefined): number {
  return text === undefined ? 0 : Number(text);
}

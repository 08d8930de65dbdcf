import { posix } from "node:path";
import type { FileTarget } from "../exec/container-spec.js";
import type { Task } from "../exec/task.js";
import { referencedData } from "../exec/template/referenced-data.js";
import type { TemplatedDependencyGetter } from "../exec/template/templated-dependencies.js";
import { DockerError, DockerErrorCode } from "./errors.js";
import type { DependencyFile } from "./secret-files.js";

/** Where a secret file appears: its name when absolute, else `/run/secrets/<name>`. */
export function secretTarget(file: FileTarget): string {
  return posix.isAbsolute(file.name) ? file.name : posix.join("/run/secrets", file.name);
}

/** Where a config file appears: its name when absolute, else `/<name>`. */
export function configTarget(file: FileTarget): string {
  return posix.isAbsolute(file.name) ? file.name : posix.join("/", file.name);
}

function owner(file: FileTarget): { uid: number; gid: number; mode: number } {
  return { uid: Number(file.uid ?? "0"), gid: Number(file.gid ?? "0"), mode: file.mode ?? 0o444 };
}

/** Whether the task references any secret or config delivered as a file. */
export function hasDependencyFiles(task: Task): boolean {
  const spec = task.spec.container;
  return Boolean(spec?.secrets?.some((ref) => ref.file) || spec?.configs?.some((ref) => ref.file));
}

/**
 * The secret and config files of a task, with their content read through `dependencies` (the
 * task's restricted, templated view). References without a file target (e.g. runtime configs)
 * are skipped. Mode defaults to 0o444, uid and gid to 0.
 *
 * @throws DockerError (`EXEC_DOCKER_SECRET_FILES`) when the task references files but the executor
 *   has no dependency store, or whatever the store throws (unknown id, not authorized)
 * @throws TemplateError for a payload that cannot be expanded, naming the reference, e.g.
 *   `spec.container.secrets[0]: failed to expand templated secret s1: template: …` (see `referencedData`)
 */
export function dependencyFiles(task: Task, dependencies: TemplatedDependencyGetter | undefined): DependencyFile[] {
  if (!hasDependencyFiles(task)) return [];
  if (!dependencies) {
    throw new DockerError(
      DockerErrorCode.SecretFiles,
      `task ${task.id} references secrets or configs, but the executor has no store for them`,
    );
  }
  const files: DependencyFile[] = [];
  for (const [i, ref] of (task.spec.container?.secrets ?? []).entries()) {
    if (!ref.file) continue;
    const { data } = referencedData(dependencies, "secret", ref.secretId, `spec.container.secrets[${i}]`);
    files.push({ kind: "secret", id: ref.secretId, target: secretTarget(ref.file), data, ...owner(ref.file) });
  }
  for (const [i, ref] of (task.spec.container?.configs ?? []).entries()) {
    if (!ref.file) continue;
    const { data } = referencedData(dependencies, "config", ref.configId, `spec.container.configs[${i}]`);
    files.push({ kind: "config", id: ref.configId, target: configTarget(ref.file), data, ...owner(ref.file) });
  }
  return files;
}

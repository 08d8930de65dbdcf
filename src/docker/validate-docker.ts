import type { Task } from "../exec/task.js";
import { InvalidTaskError, type ValidationIssue, validateTask } from "../exec/validate.js";
import { configTarget, secretTarget } from "./dependency-files.js";

/**
 * Checks a task for the Docker executor: everything `validateTask` checks, then what Docker
 * needs on top: an image, a valid reference, no cluster volumes (they need a swarm), secret and
 * config targets that do not collide, and a stop signal that names a signal. Every problem is
 * reported, each with the path of its field.
 *
 * A task without a container spec passes: the executor answers it with `ErrRuntimeUnsupported`.
 *
 * @throws InvalidTaskError naming every invalid field (code `EXEC_INVALID_TASK`)
 */
export function validateDockerTask(task: Task): Task {
  validateTask(task);
  const spec = task.spec.container;
  if (!spec) return task;
  const issues: ValidationIssue[] = [];
  const base = "spec.container";
  const problem = (path: string, message: string) => issues.push({ path: `${base}.${path}`, message });
  if (!spec.image || spec.image.trim() === "") problem("image", "is required by the Docker executor");
  else if (!/^[a-z0-9][a-z0-9._\-/:@]*$/i.test(spec.image) || spec.image.endsWith(":") || /\s/.test(spec.image)) {
    problem("image", `"${spec.image}" is not a valid image reference`);
  }
  for (const [i, mount] of (spec.mounts ?? []).entries()) {
    if (mount.type === "cluster")
      problem(`mounts[${i}].type`, "cluster volumes are not supported by the Docker executor");
  }
  if (spec.stopSignal !== undefined && !/^(SIG)?[A-Z0-9+-]+$|^\d+$/.test(spec.stopSignal)) {
    problem("stopSignal", `"${spec.stopSignal}" is not a signal name (e.g. "SIGTERM") or number`);
  }
  const targets = new Map<string, string>();
  const claim = (target: string, path: string) => {
    const other = targets.get(target);
    if (other) problem(path, `target ${target} is already used by ${base}.${other}`);
    else targets.set(target, path);
  };
  for (const [i, ref] of (spec.secrets ?? []).entries()) {
    if (ref.file) claim(secretTarget(ref.file), `secrets[${i}].file.name`);
  }
  for (const [i, ref] of (spec.configs ?? []).entries()) {
    if (ref.file) claim(configTarget(ref.file), `configs[${i}].file.name`);
  }
  if (issues.length > 0) throw new InvalidTaskError(issues);
  return task;
}

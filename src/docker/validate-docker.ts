import type { Task } from "../exec/task.js";
import { InvalidTaskError, type ValidationIssue, validateTask } from "../exec/validate.js";
import { configTarget, secretTarget } from "./dependency-files.js";
import { imageRefProblem } from "./image-ref-format.js";

/**
 * Checks a task for the Docker executor: everything `validateTask` checks (including a stop
 * signal the engine knows), then what Docker needs on top: an image whose reference the engine can
 * parse (`[host[:port]/]name[:tag][@digest]`, name in lowercase), no cluster volumes (they need a
 * swarm), and secret and config targets that do not collide. Every problem is reported, each with
 * the path of its field.
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
  else {
    const imageProblem = imageRefProblem(spec.image);
    if (imageProblem) problem("image", imageProblem);
  }
  for (const [i, mount] of (spec.mounts ?? []).entries()) {
    if (mount.type === "cluster")
      problem(`mounts[${i}].type`, "cluster volumes are not supported by the Docker executor");
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

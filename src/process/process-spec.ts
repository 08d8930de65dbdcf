import { ErrRuntimeUnsupported } from "../exec/errors.js";
import type { Task } from "../exec/task.js";
import { InvalidTaskError, type ValidationIssue, validateTask } from "../exec/validate.js";
import { ignoredProcessFields } from "./ignored-fields.js";
import { parseSignal } from "./signals.js";
import { type TaskFile, taskFilesOf } from "./task-files.js";
import { parseUserSpec } from "./user.js";

/** What the process executor runs for a task, read from its container spec. */
export interface ProcessSpec {
  /** The executable as written (`command[0]`): a name looked up in `PATH`, or a path. */
  command: string;
  /** The rest of `command`, then `args`. */
  args: string[];
  /**
   * The spec's `"NAME=value"` (or `"NAME"`, which unsets) entries, as written; the executor
   * replaces them with their expanded values (see `expandContainerSpec`).
   */
  env: string[];
  /** Working directory as written; absent means the executor's current directory. */
  dir?: string;
  /** `"user[:group]"` as written; absent means this process's user. */
  user?: string;
  stopSignal: NodeJS.Signals;
  /** Milliseconds between the stop signal and the kill. */
  stopGracePeriod: number;
  /** The secret and config files to write. */
  files: TaskFile[];
}

/** What the process executor assumes when a spec does not say. */
export const processDefaults = {
  /** Sent by a graceful stop: SIGTERM, as Docker sends. */
  stopSignal: "SIGTERM",
  /** Between the stop signal and the kill: 10 s, as in the original. */
  stopGracePeriod: 10_000,
} as const satisfies { stopSignal: NodeJS.Signals; stopGracePeriod: number };

/**
 * Checks a task for the process executor and reads what it runs. Nothing here touches the file
 * system: whether the executable and the directory exist is checked by `prepare`.
 *
 * @param strict - also refuse every field the executor ignores (see {@link ignoredProcessFields})
 * @throws InvalidTaskError naming every invalid field: any that {@link validateTask} finds, then a
 * missing or empty `spec.container.command` (a process has no image to supply one), a
 * `spec.container.stopSignal` this platform does not have (e.g. `SIGRTMIN+3`: valid for Docker), a malformed `spec.container.user`, a secret or config file target
 * outside its directory or taken twice
 * @throws `ErrRuntimeUnsupported` for a (valid) task without a container spec
 */
export function processSpecOf(task: Task, strict = false): ProcessSpec {
  validateTask(task);
  const container = task.spec.container;
  if (!container) throw ErrRuntimeUnsupported;
  const issues: ValidationIssue[] = [];
  const [command, ...rest] = container.command ?? [];
  if (command === undefined) {
    issues.push({ path: "spec.container.command", message: "is required: the process executor runs no image" });
  } else if (command === "") {
    issues.push({ path: "spec.container.command[0]", message: "must name an executable" });
  }
  const stopSignal =
    container.stopSignal === undefined ? processDefaults.stopSignal : parseSignal(container.stopSignal);
  if (!stopSignal)
    issues.push({
      path: "spec.container.stopSignal",
      message: `"${container.stopSignal}" is not a signal on ${process.platform}`,
    });
  if (container.user !== undefined && !parseUserSpec(container.user)) {
    issues.push({ path: "spec.container.user", message: 'must be "user[:group]" (names or numeric ids)' });
  }
  const files = taskFilesOf(container);
  issues.push(...files.issues);
  if (strict) {
    for (const path of ignoredProcessFields(task))
      issues.push({ path, message: "not supported by the process executor" });
  }
  if (issues.length > 0 || command === undefined || !stopSignal) throw new InvalidTaskError(issues);
  const spec: ProcessSpec = {
    command,
    args: [...rest, ...(container.args ?? [])],
    env: [...(container.env ?? [])],
    stopSignal,
    stopGracePeriod: container.stopGracePeriod ?? processDefaults.stopGracePeriod,
    files: files.files,
  };
  if (container.dir !== undefined && container.dir !== "") spec.dir = container.dir;
  if (container.user !== undefined) spec.user = container.user;
  return spec;
}

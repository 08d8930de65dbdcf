import type { z } from "zod";
import type { ContainerSpec } from "./container-spec.js";
import { ExecError, ExecErrorCode } from "./errors.js";
import type { Task, TaskSpec } from "./task.js";
import { containerSpecSchema, taskSchema, taskSpecSchema } from "./task-schema.js";

/** One problem found by validation: where (e.g. `spec.container.mounts[0].target`) and what. */
export interface ValidationIssue {
  /** The field, e.g. `spec.container.mounts[0].target`; `"(task)"` for the task itself. */
  path: string;
  /** What is wrong with it, e.g. `must not be negative`. */
  message: string;
}

/**
 * A task (or part of one) is invalid. The message lists every problem with the path of the
 * field, e.g. `invalid task: spec.container.stopGracePeriod: must not be negative`; `issues` has
 * them one by one. Code `EXEC_INVALID_TASK`.
 */
export class InvalidTaskError extends ExecError {
  /** Every problem found, in document order. */
  readonly issues: readonly ValidationIssue[];

  /** @param issues - the problems found (at least one) */
  constructor(issues: readonly ValidationIssue[]) {
    super(ExecErrorCode.InvalidTask, `invalid task: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.issues = issues;
  }
}
Object.defineProperty(InvalidTaskError.prototype, "name", {
  value: "InvalidTaskError",
  writable: true,
  configurable: true,
});

/**
 * Checks a task against the task model: every field's type, ranges (durations are whole,
 * non-negative milliseconds; ports 1–65535; file modes up to 0o7777), formats (absolute mount
 * targets, `"IP host"` hosts entries, decimal uid/gid) and no unknown fields, since an unknown field
 * would otherwise be silently ignored. Executors add their own checks (e.g. the Docker executor
 * needs an image).
 *
 * @returns the same `task`, typed
 * @throws InvalidTaskError naming every invalid field
 */
export function validateTask(task: unknown): Task {
  check(taskSchema, task, "");
  return task as Task;
}

/**
 * Checks a task spec, as {@link validateTask} does.
 *
 * @param path - where the spec sits, for messages (default `"spec"`)
 * @throws InvalidTaskError naming every invalid field
 */
export function validateTaskSpec(spec: unknown, path = "spec"): TaskSpec {
  check(taskSpecSchema, spec, path);
  return spec as TaskSpec;
}

/**
 * Checks a container spec, as {@link validateTask} does.
 *
 * @param path - where the spec sits, for messages (default `"spec.container"`)
 * @throws InvalidTaskError naming every invalid field
 */
export function validateContainerSpec(spec: unknown, path = "spec.container"): ContainerSpec {
  check(containerSpecSchema, spec, path);
  return spec as ContainerSpec;
}

function check(schema: z.ZodType, value: unknown, base: string): void {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidTaskError(result.error.issues.flatMap((issue) => issuesOf(issue, base)));
}

function issuesOf(issue: z.core.$ZodIssue, base: string): ValidationIssue[] {
  const path = formatPath(base, issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: formatPath(path, [key]), message: "unknown field" }));
  }
  const message = issue.message.replace(/^Invalid input: /, "");
  return [{ path: path || "(task)", message }];
}

function formatPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path ? `.${String(segment)}` : String(segment);
  }
  return path;
}

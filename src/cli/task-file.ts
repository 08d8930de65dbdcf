import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { Task } from "../exec/task.js";
import { TaskState } from "../exec/task-state.js";
import { InvalidTaskError, type ValidationIssue, validateTask } from "../exec/validate.js";
import { CliError, CliErrorCode, type LocatedIssue } from "./errors.js";
import { parseJsonSource } from "./json-source.js";
import type { ParsedSource } from "./source-position.js";
import { SourceSyntaxError } from "./source-position.js";
import { parseYamlSource } from "./yaml-source.js";

const parsers: Record<string, (text: string) => ParsedSource> = {
  ".json": parseJsonSource,
  ".yaml": parseYamlSource,
  ".yml": parseYamlSource,
};

/** A task read from a file, and where its fields are written. */
export interface TaskFile {
  file: string;
  task: Task;
  /** Where the field at a path is written in the file (or its closest written parent). */
  locate: ParsedSource["locate"];
}

/**
 * Reads a task file (`.json`, `.yaml` or `.yml`) and makes the task the CLI runs: the file's
 * task, at NEW, desired RUNNING, with a new id when it has none (see {@link newTaskId}).
 *
 * @throws CliError with exit code 2: `EXEC_CLI_TASK_FILE` when the file cannot be read or
 * parsed (with the line and column of a syntax error), `EXEC_INVALID_TASK` with every invalid
 * field, each located in the file
 */
export async function loadTaskFile(file: string): Promise<TaskFile> {
  const parse = parsers[extname(file).toLowerCase()];
  if (!parse) throw fileError(`${file}: a task file ends in .json, .yaml or .yml`);
  let text: string;
  try {
    text = (await readFile(file, "utf8")).replace(/^\uFEFF/, "");
  } catch (err) {
    throw fileError(`${file}: cannot read it: ${(err as Error).message}`, err);
  }
  let source: ParsedSource;
  try {
    source = parse(text);
  } catch (err) {
    if (!(err instanceof SourceSyntaxError)) throw err;
    const where = err.position ? `:${err.position.line}:${err.position.column}` : "";
    const issue: LocatedIssue = { path: "", message: err.message, ...err.position };
    throw new CliError(CliErrorCode.TaskFile, `${file}${where}: ${err.message}`, {
      exitCode: 2,
      issues: [issue],
      cause: err,
    });
  }
  const { task, issues } = taskOf(source.value, () => newTaskId(file));
  if (issues.length === 0 && task) return { file, task, locate: source.locate };
  throw invalidTaskError(file, issues, source.locate);
}

/**
 * The error for a task with invalid fields: each issue on a line of its own with its place in
 * the file, e.g. `task.yaml:4:5: spec.container.stopGracePeriod: must not be negative`.
 *
 * @param suffix - added to the first line, e.g. `" for the process executor"`
 */
export function invalidTaskError(
  file: string,
  issues: readonly ValidationIssue[],
  locate: ParsedSource["locate"],
  suffix = "",
): CliError {
  const located: LocatedIssue[] = issues.map((issue) => ({ ...issue, ...locate(issue.path) })).sort(byPlace);
  const lines = located.map((i) => `  ${file}${i.line ? `:${i.line}:${i.column}` : ""}: ${i.path}: ${i.message}`);
  return new CliError(CliErrorCode.InvalidTask, `invalid task in ${file}${suffix}:\n${lines.join("\n")}`, {
    exitCode: 2,
    issues: located,
  });
}

/** Issues in the order of their places in the file; those without a place last, as they came. */
function byPlace(a: LocatedIssue, b: LocatedIssue): number {
  const line = (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER);
  return line !== 0 ? line : (a.column ?? 0) - (b.column ?? 0);
}

/**
 * The task the CLI runs from a task file's value, or the issues that prevent it. `status` must
 * be absent; `desiredState`, when present, must be RUNNING (512 or `"RUNNING"`).
 */
export function taskOf(value: unknown, newId: () => string): { task?: Task; issues: ValidationIssue[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { issues: [{ path: "(task)", message: "the file must hold a task: an object with a spec" }] };
  }
  const { status, desiredState, ...rest } = value as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  if (status !== undefined) {
    issues.push({ path: "status", message: "must be absent: the task starts at NEW" });
  }
  if (desiredState !== undefined && desiredState !== TaskState.Running && desiredState !== "RUNNING") {
    issues.push({ path: "desiredState", message: "must be RUNNING (512) or absent: the task runs to its end" });
  }
  const task = {
    ...rest,
    id: rest.id === undefined ? newId() : rest.id,
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
  try {
    validateTask(task);
  } catch (err) {
    if (!(err instanceof InvalidTaskError)) throw err;
    issues.push(...err.issues);
  }
  return issues.length > 0 ? { issues } : { task: task as Task, issues };
}

/**
 * A new task id from the file name and 8 random hex digits, e.g. `hello-3f2a9c1d` for
 * `hello.yaml`; it satisfies the id rule of `validateTask`.
 */
export function newTaskId(file: string): string {
  const stem = basename(file, extname(file))
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .slice(0, 40)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  return `${stem || "task"}-${randomBytes(4).toString("hex")}`;
}

function fileError(message: string, cause?: unknown): CliError {
  return new CliError(CliErrorCode.TaskFile, message, { exitCode: 2, cause });
}

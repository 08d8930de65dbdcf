import { ExecError, ExecErrorCode } from "../exec/errors.js";
import type { ValidationIssue } from "../exec/validate.js";

/** Stable codes of the errors the CLI reports (in `--json` `error` events and in tests). */
export const CliErrorCode = {
  /** The command line is wrong: unknown command or option, missing file, bad `--executor`. */
  Usage: "EXEC_CLI_USAGE",
  /** The task file cannot be read, or is not valid JSON or YAML. */
  TaskFile: "EXEC_CLI_TASK_FILE",
  /** The task in the file is invalid; the issues name each field. */
  InvalidTask: ExecErrorCode.InvalidTask,
  /** The executor asked for cannot be used (no Docker engine, no Docker executor). */
  Executor: "EXEC_CLI_EXECUTOR",
} as const;

/** A validation issue with where it is in the task file (1-based), when known. */
export interface LocatedIssue extends ValidationIssue {
  /** Line of the field in the task file. */
  line?: number;
  /** Column of the field in the task file. */
  column?: number;
}

/**
 * An error the CLI reports on stderr (and as a `--json` `error` event) before it exits with
 * {@link CliError.exitCode}: 2 for usage and task file errors, 1 for an unusable executor.
 */
export class CliError extends ExecError {
  /** The CLI's exit code for this error. */
  readonly exitCode: number;
  /** For a task file error: each problem, with its place in the file. */
  readonly issues: readonly LocatedIssue[];

  /**
   * @param code - one of {@link CliErrorCode}
   * @param message - what went wrong, naming the file or field
   * @param options - the exit code, the issues and the cause
   */
  constructor(
    code: string,
    message: string,
    options: { exitCode: number; issues?: readonly LocatedIssue[]; cause?: unknown },
  ) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode;
    this.issues = options.issues ?? [];
  }
}
Object.defineProperty(CliError.prototype, "name", { value: "CliError", writable: true, configurable: true });

/** A usage error: exit code 2. */
export function usageError(message: string, cause?: unknown): CliError {
  return new CliError(CliErrorCode.Usage, message, { exitCode: 2, cause });
}

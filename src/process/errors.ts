import { ExecError } from "../exec/errors.js";

/** Stable codes of the errors the process executor raises (besides the core's `EXEC_*` codes). */
export const ProcessErrorCode = {
  /** The task's process exited with a non-zero code or was killed by a signal. */
  Exit: "EXEC_PROCESS_EXIT",
  /** `wait` was called on a controller whose task was never prepared (or was removed). */
  NotPrepared: "EXEC_PROCESS_NOT_PREPARED",
  /**
   * The task has secrets (or a config whose template pulls in a secret), and no tmpfs is
   * available to hold them (see `allowSecretsOnDisk`).
   */
  NoTmpfs: "EXEC_PROCESS_NO_TMPFS",
  /** Writing the task's secret and config files failed. */
  Files: "EXEC_PROCESS_FILES",
  /** The operating system refused to start the process. */
  Spawn: "EXEC_PROCESS_SPAWN",
  /**
   * The task's process was started by an earlier executor (the agent restarted): it could be
   * waited for and stopped, but its exit code cannot be known.
   */
  Lost: "EXEC_PROCESS_LOST",
} as const;

/** One of the codes in {@link ProcessErrorCode}. */
export type ProcessErrorCode = (typeof ProcessErrorCode)[keyof typeof ProcessErrorCode];

/**
 * How a task's process ended: the exit code (128 + the signal's number when a signal killed
 * it, as a shell and Docker report it), the signal's name in that case, and when.
 */
export interface ProcessExit {
  /** The exit code; 128 + the signal's number when a signal killed the process. */
  exitCode: number;
  /** The signal that killed the process, if one did. */
  signal?: NodeJS.Signals;
  /** When the process ended. */
  finishedAt: Date;
}

/**
 * The task's process failed: it exited with a non-zero code, or a signal killed it.
 *
 * The message is the original's `task: non-zero exit (N)`, followed by the signal when there
 * was one, e.g. `task: non-zero exit (137): killed by signal SIGKILL`. `exitCode` is what `Do`
 * records in `status.container.exitCode`. It is not temporary: `Do` marks the task FAILED.
 */
export class ProcessExitError extends ExecError {
  /** The exit code, 128 + the signal's number for a death by signal. */
  readonly exitCode: number;
  /** The signal that killed the process, if one did. */
  readonly signal?: NodeJS.Signals;
  /** When the process ended. */
  readonly finishedAt: Date;

  /** @param exit - how the process ended (a non-zero exit code) */
  constructor(exit: ProcessExit) {
    const how = exit.signal ? `: killed by signal ${exit.signal}` : "";
    super(ProcessErrorCode.Exit, `task: non-zero exit (${exit.exitCode})${how}`);
    this.exitCode = exit.exitCode;
    if (exit.signal) this.signal = exit.signal;
    this.finishedAt = exit.finishedAt;
  }
}
Object.defineProperty(ProcessExitError.prototype, "name", {
  value: "ProcessExitError",
  writable: true,
  configurable: true,
});

/** The error `wait` rejects with for an exit, or `undefined` for a clean exit (code 0). */
export function exitErrorOf(exit: ProcessExit): ProcessExitError | undefined {
  return exit.exitCode === 0 ? undefined : new ProcessExitError(exit);
}

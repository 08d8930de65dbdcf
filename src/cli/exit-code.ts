import { constants } from "node:os";
import type { TaskStatus } from "../exec/task.js";
import { TaskState } from "../exec/task-state.js";

/**
 * The CLI's exit code for a task's last status: 0 for COMPLETE; the exit code for FAILED with
 * one from 1 to 255; 128 + the signal's number for a task shut down (or never started) because
 * of a signal (130 for Ctrl-C); 1 for anything else (REJECTED, FAILED without an exit code).
 */
export function exitCodeOf(status: TaskStatus, interruptedBy?: NodeJS.Signals): number {
  if (status.state === TaskState.Complete) return 0;
  if (status.state === TaskState.Failed) {
    const code = status.container?.exitCode;
    return code !== undefined && Number.isInteger(code) && code >= 1 && code <= 255 ? code : 1;
  }
  if (interruptedBy && (status.state === TaskState.Shutdown || status.state < TaskState.Accepted)) {
    return signalExitCode(interruptedBy);
  }
  return 1;
}

/** A shell's exit code for a process ended by `signal`: 128 + its number (130 for SIGINT). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

import type { LogStream } from "../logs/types.js";
import type { LocatedIssue } from "./errors.js";
import type { InterruptSignal } from "./interrupts.js";
import type { PullSummary } from "./pull-progress.js";

// The events `taskwright run --json` prints on stdout, one JSON object per line. Every event has
// `type` and `time` (ISO 8601). The README's CLI section documents the same shapes.

/** The run begins: which task, from which file, on which executor and why. */
export interface RunEvent {
  type: "run";
  time: string;
  taskId: string;
  file: string;
  executor: "docker" | "process";
  /** Why this executor, e.g. `"--executor process"` or `"no Docker engine answered"`. */
  reason: string;
}

/** The task's state changed (the first one is NEW, `from` null). */
export interface StateEvent {
  type: "state";
  time: string;
  taskId: string;
  /** The new state's name, e.g. `"RUNNING"`. */
  state: string;
  /** The previous state's name; `null` for the first event. */
  from: string | null;
  /** Milliseconds since the run began. */
  elapsedMs: number;
  /** Milliseconds spent in the previous state. */
  durationMs: number;
  /** `status.message`, e.g. `"started"`. */
  message?: string;
  /** `status.err`: why the task failed or was rejected. */
  err?: string;
  /** The container's or process's exit code: only in a terminal state, when there is one. */
  exitCode?: number;
}

/** One line of the task's output (without its newline; lines over 16 KiB come in pieces). */
export interface LogEvent {
  type: "log";
  time: string;
  taskId: string;
  stream: LogStream;
  /** The line, decoded as UTF-8. */
  text: string;
}

/** Progress of an image pull, summed over its layers (Docker executor; at most twice a second). */
export interface PullEvent extends PullSummary {
  type: "pull";
  time: string;
  taskId: string;
}

/** A step did not finish and will be retried after `delayMs` (e.g. the engine did not answer). */
export interface RetryEvent {
  type: "retry";
  time: string;
  taskId: string;
  state: string;
  /** The temporary error, when there was one. */
  err?: string;
  delayMs: number;
}

/** The CLI received a signal and acted on it. */
export interface SignalEvent {
  type: "signal";
  time: string;
  /** SIGPIPE: a reader of the CLI's stdout or stderr went away. */
  signal: InterruptSignal;
  /** `shutdown` (first), `terminate` (second), `quit` (third: remove the task for at most 2 s, then exit). */
  action: "shutdown" | "terminate" | "quit";
}

/** The run could not go on, or the task file is invalid (`issues` name each field). */
export interface ErrorEvent {
  type: "error";
  time: string;
  /** A stable code, e.g. `"EXEC_INVALID_TASK"`, `"EXEC_CLI_TASK_FILE"`. */
  code: string;
  message: string;
  issues?: LocatedIssue[];
}

/** The last event: the CLI's exit code, and the task's final state when there is one. */
export interface ExitEvent {
  type: "exit";
  time: string;
  code: number;
  state?: string;
  elapsedMs: number;
}

/** Any event of `taskwright run --json`. */
export type CliEvent = RunEvent | StateEvent | LogEvent | PullEvent | RetryEvent | SignalEvent | ErrorEvent | ExitEvent;

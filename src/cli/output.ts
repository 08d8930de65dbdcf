import type { TaskStatus } from "../exec/task.js";
import type { LogMessage } from "../logs/types.js";
import type { ExecutorName } from "./args.js";
import type { InterruptSignal } from "./interrupts.js";
import type { PullSummary } from "./pull-progress.js";

/** What the run is: printed first. */
export interface RunInfo {
  taskId: string;
  file: string;
  executor: ExecutorName;
  /** Why this executor. */
  reason: string;
}

/** A change of the task's state, with its timing. */
export interface StateChange {
  taskId: string;
  /** The previous status; absent for the first (NEW). */
  from?: TaskStatus;
  status: TaskStatus;
  /** Milliseconds since the run began. */
  elapsedMs: number;
  /** Milliseconds spent in the previous state. */
  durationMs: number;
}

/** What the CLI does on a signal. */
export type SignalAction = "shutdown" | "terminate" | "quit";

/** How the run ended. */
export interface RunEnd {
  /** The CLI's exit code. */
  code: number;
  taskId?: string;
  /** The task's last status, when it has one. */
  status?: TaskStatus;
  elapsedMs: number;
  /** The signal that stopped the task, if one did. */
  interruptedBy?: InterruptSignal;
}

/**
 * Where a run reports what happens: people's lines on a terminal ({@link HumanOutput}) or JSON
 * lines for programs ({@link JsonOutput}). Only `log` may wait (for a full stdout).
 */
export interface Output {
  run(info: RunInfo): void;
  state(change: StateChange): void;
  log(message: LogMessage): Promise<void> | undefined;
  pull(taskId: string, summary: PullSummary): void;
  /** The pull is over (the PREPARING step ended): a bar on screen is finished. */
  pullEnded(): void;
  /** A step will be retried after `delayMs`; `reason` is the temporary error, if there was one. */
  retry(taskId: string, status: TaskStatus, delayMs: number, reason?: string): void;
  signal(signal: InterruptSignal, action: SignalAction): void;
  /** A line for people, on stderr in both modes. */
  note(text: string): void;
  error(err: Error & { code?: string; issues?: readonly object[] }): void;
  exit(end: RunEnd): void;
}

/** `1.234s`: seconds with milliseconds. */
export function formatElapsed(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

/** `15 ms` under a second, `1.2 s` above. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What people read for a signal. */
export function signalNote(signal: InterruptSignal, action: SignalAction): string {
  const name = signalName(signal);
  switch (action) {
    case "shutdown":
      return `${name}: shutting the task down gracefully (stop signal, then its grace period); Ctrl-C again terminates it`;
    case "terminate":
      return `${name} again: terminating the task now; Ctrl-C again removes it and quits`;
    case "quit":
      return `${name} a third time: removing the task (at most ${forcedRemovalSeconds} s), then quitting`;
  }
}

/** How long a third Ctrl-C lets the removal of the task take before the CLI exits anyway. */
export const forcedRemovalSeconds = 2;

/** A signal as people know it: Ctrl-C for SIGINT, "output closed (SIGPIPE)" for a gone reader. */
export function signalName(signal: InterruptSignal): string {
  if (signal === "SIGINT") return "Ctrl-C";
  if (signal === "SIGPIPE") return "output closed (SIGPIPE)";
  return signal;
}

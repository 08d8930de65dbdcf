import type { TaskStatus } from "../exec/task.js";
import { isTerminalState, taskStateName } from "../exec/task-state.js";
import type { LogMessage } from "../logs/types.js";
import type { CliEvent, ErrorEvent, StateEvent } from "./events.js";
import type { InterruptSignal } from "./interrupts.js";
import { type Output, type RunEnd, type RunInfo, type SignalAction, type StateChange, signalNote } from "./output.js";
import type { PullSummary } from "./pull-progress.js";
import { type OutputStream, writeTo } from "./style.js";

/** Pull events are written at most this often (and once at the end of the pull). */
const pullEveryMs = 500;

type Payload<E extends CliEvent> = E extends CliEvent ? Omit<E, "time"> : never;

/**
 * Output for programs (`--json`): stdout carries only {@link CliEvent}s, one JSON object per
 * line; stderr carries the lines meant for people (the executor chosen, signals, errors).
 */
export class JsonOutput implements Output {
  readonly #stdout: OutputStream;
  readonly #stderr: OutputStream;
  readonly #now: () => number;
  readonly #decoder = new TextDecoder();
  #pull: { taskId: string; summary: PullSummary; writtenAt: number } | undefined;

  /**
   * @param streams - stdout for the events, stderr for people
   * @param now - the clock, in milliseconds
   */
  constructor(streams: { stdout: OutputStream; stderr: OutputStream }, now: () => number = Date.now) {
    this.#stdout = streams.stdout;
    this.#stderr = streams.stderr;
    this.#now = now;
  }

  run(info: RunInfo): void {
    this.#emit({ type: "run", ...info });
    this.note(`task ${info.taskId} on the ${info.executor} executor (${info.reason})`);
  }

  state(change: StateChange): void {
    const { status, from, elapsedMs, durationMs, taskId } = change;
    const event: Payload<StateEvent> = {
      type: "state",
      taskId,
      state: taskStateName(status.state),
      from: from ? taskStateName(from.state) : null,
      elapsedMs: Math.round(elapsedMs),
      durationMs: Math.round(durationMs),
    };
    if (status.message !== undefined) event.message = status.message;
    if (status.err !== undefined) event.err = status.err;
    // Before the end, the engine's 0 only means "not exited yet".
    const exitCode = isTerminalState(status.state) ? status.container?.exitCode : undefined;
    if (exitCode !== undefined) event.exitCode = exitCode;
    this.#emit(event, status.timestamp);
  }

  log(message: LogMessage): Promise<void> | undefined {
    const text = this.#decoder.decode(message.data).replace(/\r?\n$/, "");
    const { taskId } = message.context;
    return this.#emit({ type: "log", taskId, stream: message.stream, text }, message.timestamp);
  }

  pull(taskId: string, summary: PullSummary): void {
    const now = this.#now();
    const last = this.#pull;
    this.#pull = { taskId, summary, writtenAt: last?.writtenAt ?? 0 };
    if (last && now - last.writtenAt < pullEveryMs) return;
    this.#pull.writtenAt = now;
    this.#emit({ type: "pull", taskId, ...summary });
  }

  pullEnded(): void {
    const last = this.#pull;
    this.#pull = undefined;
    if (last) this.#emit({ type: "pull", taskId: last.taskId, ...last.summary });
  }

  retry(taskId: string, status: TaskStatus, delayMs: number, reason?: string): void {
    const state = taskStateName(status.state);
    this.#emit({ type: "retry", taskId, state, ...(reason !== undefined && { err: reason }), delayMs });
  }

  signal(signal: InterruptSignal, action: SignalAction): void {
    this.#emit({ type: "signal", signal, action });
    this.note(signalNote(signal, action));
  }

  note(text: string): void {
    this.#stderr.write(`taskwright: ${text}\n`);
  }

  error(err: Error & { code?: string; issues?: readonly object[] }): void {
    const event: Payload<ErrorEvent> = { type: "error", code: err.code ?? "EXEC_CLI_ERROR", message: err.message };
    if (err.issues && err.issues.length > 0) event.issues = [...err.issues] as ErrorEvent["issues"];
    this.#emit(event);
    this.#stderr.write(`taskwright: error: ${err.message}\n`);
  }

  exit(end: RunEnd): void {
    const state = end.status ? taskStateName(end.status.state) : undefined;
    this.#emit({ type: "exit", code: end.code, ...(state && { state }), elapsedMs: Math.round(end.elapsedMs) });
  }

  #emit(event: Payload<CliEvent>, at?: Date): Promise<void> | undefined {
    const time = (at ?? new Date(this.#now())).toISOString();
    const { type, ...rest } = event;
    return writeTo(this.#stdout, `${JSON.stringify({ type, time, ...rest })}\n`);
  }
}

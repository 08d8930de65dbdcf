import type { TaskStatus } from "../exec/task.js";
import { isTerminalState, TaskState, taskStateName } from "../exec/task-state.js";
import type { LogMessage } from "../logs/types.js";
import type { InterruptSignal } from "./interrupts.js";
import {
  formatDuration,
  formatElapsed,
  type Output,
  type RunEnd,
  type RunInfo,
  type SignalAction,
  type StateChange,
  signalName,
  signalNote,
} from "./output.js";
import { type PullSummary, pullBar } from "./pull-progress.js";
import { type OutputStream, type Style, writeTo } from "./style.js";

/** How often a pull's progress is drawn: on a terminal, and as plain lines elsewhere. */
const redrawMs = { terminal: 100, plain: 5_000 };

/**
 * Output for people: the task's stdout on stdout; its stderr, the state changes with timing, the
 * pull progress and the result on stderr. On a terminal the pull bar redraws one line; elsewhere
 * it is a plain line every few seconds, and no ANSI code is written unless `style.ansi`.
 */
export class HumanOutput implements Output {
  readonly #stdout: OutputStream;
  readonly #stderr: OutputStream;
  readonly #style: Style;
  readonly #now: () => number;
  #bar: { summary: PullSummary; drawnAt: number; onScreen: boolean } | undefined;

  /**
   * @param streams - where the task's output and the CLI's lines go
   * @param style - colours, and whether the terminal takes ANSI codes
   * @param now - the clock, in milliseconds
   */
  constructor(streams: { stdout: OutputStream; stderr: OutputStream }, style: Style, now: () => number = Date.now) {
    this.#stdout = streams.stdout;
    this.#stderr = streams.stderr;
    this.#style = style;
    this.#now = now;
  }

  run(info: RunInfo): void {
    this.note(`task ${info.taskId} from ${info.file} on the ${info.executor} executor (${info.reason})`);
  }

  state(change: StateChange): void {
    const { status, elapsedMs, durationMs, from } = change;
    const name = taskStateName(status.state);
    // A failure's err says more than the message it keeps ("started"), and names its exit code.
    let what = status.err ? this.#style.red(status.err) : (status.message ?? "");
    const exitCode = status.container?.exitCode;
    if (!status.err && exitCode !== undefined && isTerminalState(status.state)) what += ` (exit code ${exitCode})`;
    const took = from ? this.#style.dim(`+${formatDuration(durationMs)}`) : "";
    const line = `${formatElapsed(elapsedMs).padStart(9)}  ${this.#style.state(name)}${" ".repeat(Math.max(0, 9 - name.length))}  ${what.padEnd(10)} ${took}`;
    this.#line(line.trimEnd());
  }

  log(message: LogMessage): Promise<void> | undefined {
    this.#clearBar();
    return writeTo(message.stream === "stderr" ? this.#stderr : this.#stdout, message.data);
  }

  pull(_taskId: string, summary: PullSummary): void {
    const now = this.#now();
    const first = !this.#bar;
    if (!this.#bar) this.#bar = { summary, drawnAt: 0, onScreen: false };
    const bar = this.#bar;
    bar.summary = summary;
    if (!first && now - bar.drawnAt < (this.#style.ansi ? redrawMs.terminal : redrawMs.plain)) return;
    bar.drawnAt = now;
    if (this.#style.ansi) {
      this.#stderr.write(`\r${pullBar(summary)}\x1b[K`);
      bar.onScreen = true;
    } else {
      this.#stderr.write(`${pullBar(summary)}\n`);
    }
  }

  pullEnded(): void {
    const bar = this.#bar;
    if (!bar) return;
    this.#clearBar();
    this.#bar = undefined;
    this.#stderr.write(`${pullBar(bar.summary)}\n`);
  }

  retry(_taskId: string, status: TaskStatus, delayMs: number, reason?: string): void {
    const why = reason ? `: ${reason}` : "";
    this.note(`${taskStateName(status.state)} did not finish${why}; retrying in ${formatDuration(delayMs)}`);
  }

  signal(signal: InterruptSignal, action: SignalAction): void {
    this.note(signalNote(signal, action));
  }

  note(text: string): void {
    this.#line(`taskwright: ${text}`);
  }

  error(err: Error): void {
    this.#line(`taskwright: ${this.#style.red("error")}: ${err.message}`);
  }

  exit(end: RunEnd): void {
    const { status, code, elapsedMs, interruptedBy } = end;
    if (!status) {
      if (interruptedBy) this.note(`${signalName(interruptedBy)} before the task began; exit code ${code}`);
      return;
    }
    const name = this.#style.state(taskStateName(status.state));
    const signal = interruptedBy && signalName(interruptedBy);
    const why = status.state === TaskState.Shutdown && signal ? ` after ${signal}` : "";
    const err = status.err ? `: ${status.err}` : "";
    this.note(`task ${end.taskId} ${name}${why} in ${formatDuration(elapsedMs)}${err}; exit code ${code}`);
  }

  #line(text: string): void {
    this.#clearBar();
    this.#stderr.write(`${text}\n`);
  }

  /** Takes a redrawn bar off its line so that other text starts on a clean one. */
  #clearBar(): void {
    if (!this.#bar?.onScreen) return;
    this.#stderr.write("\r\x1b[K");
    this.#bar.onScreen = false;
    this.#bar.drawnAt = 0;
  }
}

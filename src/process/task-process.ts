import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { ExecError, errorMessage } from "../exec/errors.js";
import type { LogStream } from "../logs/types.js";
import { debug } from "./debug.js";
import { ProcessErrorCode, type ProcessExit } from "./errors.js";
import type { ExitCleanup } from "./exit-cleanup.js";
import type { Launch } from "./launch.js";
import type { LogBuffer } from "./log-buffer.js";
import { exitCodeOfSignal } from "./signals.js";

const isWindows = process.platform === "win32";

/**
 * How long the output pipes may stay open after the task's process group is gone (a process
 * that left the group with `setsid` can hold them) before they are closed.
 */
const drainTimeoutMs = 1000;

/**
 * A started task process: the leader of its own process group (its own session on POSIX), so
 * that signals reach everything it started. Its output goes to a {@link LogBuffer}.
 *
 * When the leader exits, whatever is left in its group is killed, as a container's processes die
 * with its first process; the output ends once both pipes have closed.
 */
export class TaskProcess {
  readonly pid: number;
  readonly startedAt: Date;
  /**
   * Resolves when the leader has exited and its output has been read to the end (or, when
   * something outside the group holds the pipes open, a second after the exit). Never rejects.
   */
  readonly exited: Promise<ProcessExit>;
  #exit: ProcessExit | undefined;
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess, logs: LogBuffer, cleanup: ExitCleanup) {
    this.#child = child;
    this.pid = child.pid as number;
    this.startedAt = new Date();
    cleanup.addGroup(this.pid);
    const outputRead = new Promise<void>((resolve) => collect(child, logs, resolve));
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        const exit: ProcessExit =
          code === null && signal
            ? { exitCode: exitCodeOfSignal(signal), signal, finishedAt: new Date() }
            : { exitCode: code ?? 0, finishedAt: new Date() };
        this.#exit = exit;
        this.signal("SIGKILL", true);
        cleanup.deleteGroup(this.pid);
        setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
        }, drainTimeoutMs).unref();
        debug("task process %d exited with %d %s", this.pid, exit.exitCode, exit.signal ?? "");
        void outputRead.then(() => resolve(exit));
      });
    });
  }

  /**
   * Starts a prepared task's process.
   *
   * @throws ExecError `EXEC_PROCESS_SPAWN` naming `spec.container.command` when the system refuses
   * to start it (e.g. the executable vanished since `prepare`)
   */
  static async spawn(launch: Launch, logs: LogBuffer, cleanup: ExitCleanup): Promise<TaskProcess> {
    let child: ChildProcess;
    try {
      child = spawn(launch.file, launch.args, {
        argv0: launch.argv0,
        cwd: launch.cwd,
        env: launch.env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: !isWindows,
        windowsHide: true,
        ...(launch.user && { uid: launch.user.uid, gid: launch.user.gid }),
      });
      await once(child, "spawn");
    } catch (err) {
      throw new ExecError(
        ProcessErrorCode.Spawn,
        `process: starting spec.container.command "${launch.argv0}" failed: ${errorMessage(err)}`,
        { cause: err },
      );
    }
    child.on("error", (err) => debug("task process %d: %s", child.pid, errorMessage(err)));
    return new TaskProcess(child, logs, cleanup);
  }

  /** How the leader ended; `undefined` while it runs. */
  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  /**
   * Sends `signal` to the whole process group (only to the process itself on Windows).
   * Does nothing once the leader has exited, unless `evenAfterExit`; a group already gone is fine.
   */
  signal(signal: NodeJS.Signals, evenAfterExit = false): void {
    if (this.#exit && !evenAfterExit) return;
    try {
      if (isWindows) this.#child.kill(signal);
      else process.kill(-this.pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
  }
}

/** Feeds the child's output into `logs`; once both pipes have closed, ends it and calls `done`. */
function collect(child: ChildProcess, logs: LogBuffer, done: () => void): void {
  let open = 0;
  const follow = (stream: LogStream, pipe: NodeJS.ReadableStream | null) => {
    if (!pipe) return;
    open++;
    pipe.on("data", (chunk: Buffer) => logs.write(stream, chunk, new Date()));
    pipe.on("error", (err) => debug("reading %s failed: %s", stream, errorMessage(err)));
    pipe.once("close", () => {
      logs.flush(stream, new Date());
      if (--open === 0) {
        logs.end();
        done();
      }
    });
  };
  follow("stdout", child.stdout);
  follow("stderr", child.stderr);
  if (open === 0) {
    logs.end();
    done();
  }
}

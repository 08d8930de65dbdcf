import type { ContainerStatuser, Controller, ControllerLogs } from "../controller/controller.js";
import { raceSignal } from "../exec/abort.js";
import { ErrControllerClosed, ErrTaskPrepared, ErrTaskStarted, ExecError } from "../exec/errors.js";
import type { ContainerStatus, Task } from "../exec/task.js";
import type { TemplatedDependencyGetter } from "../exec/template/templated-dependencies.js";
import type { LogPublisher, LogSubscriptionOptions } from "../logs/types.js";
import { deferred, eitherSignal } from "./abortable.js";
import { debug } from "./debug.js";
import { exitErrorOf, ProcessErrorCode } from "./errors.js";
import type { ExitCleanup } from "./exit-cleanup.js";
import { InheritedProcess } from "./inherited-process.js";
import { type Launch, type LaunchSettings, prepareLaunch, privateDirBases } from "./launch.js";
import { LogBuffer, type LogBufferLimits } from "./log-buffer.js";
import { publishLogs } from "./log-reader.js";
import { removeLeftPrivateDirs, removePrivateDir } from "./private-dir.js";
import type { ProcessSpec } from "./process-spec.js";
import { type StoppableProcess, stopProcess } from "./stop.js";
import { TaskProcess } from "./task-process.js";

/** What a {@link ProcessController} needs from its executor. @internal */
export interface ProcessControllerContext {
  /** What to run, its `env` values expanded. */
  spec: ProcessSpec;
  /** The task's restricted view of secrets and configs; templated payloads are expanded when read. */
  dependencies: TemplatedDependencyGetter;
  settings: LaunchSettings;
  logLimits: LogBufferLimits;
  cleanup: ExitCleanup;
}

/**
 * Controls one task run as a child process, with the Docker controller's semantics. Made by
 * `ProcessExecutor.controller(task)`.
 *
 * `shutdown` and `terminate` resolve at once when nothing runs. A stop keeps going when its caller
 * stops waiting (like a daemon's), and a second `shutdown` joins it. After `remove` the controller
 * is as new. `close` leaves the process and its files alone. Every method rejects with the
 * signal's reason when its `signal` aborts, and with `ErrControllerClosed` after `close`.
 *
 * Made for a task whose status records a running process that an earlier executor started (the
 * agent restarted), it takes that process over as far as a non-parent can: `wait` waits for it
 * to end, then rejects with `EXEC_PROCESS_LOST` (its exit code cannot be known); `shutdown`,
 * `terminate` and `remove` stop it; `remove` also deletes the private directories left for it.
 */
export class ProcessController implements Controller, ContainerStatuser, ControllerLogs {
  readonly #task: Task;
  readonly #context: ProcessControllerContext;
  readonly #closing = new AbortController();
  #queue: Promise<unknown> = Promise.resolve();
  #launch: Launch | undefined;
  #process: TaskProcess | undefined;
  #started = deferred<TaskProcess>();
  #starting: Promise<unknown> | undefined;
  #stopping: Promise<void> | undefined;
  #logs: LogBuffer;
  /** The task's process as its status recorded it, started by an earlier executor. */
  #inherited: InheritedProcess | undefined;

  /** Use `ProcessExecutor.controller(task)`. @internal */
  constructor(task: Task, context: ProcessControllerContext) {
    this.#task = task;
    this.#context = context;
    this.#logs = new LogBuffer(context.logLimits);
    this.#inherited = InheritedProcess.recordedIn(task.status.container);
  }

  /** Ignores the update, as the original does (a process cannot change what it runs). */
  async update(_task: Task, signal?: AbortSignal): Promise<void> {
    this.#checkOpen(signal);
    debug("task %s: updates are not supported; ignored", this.#task.id);
  }

  /**
   * Checks the directory, user and executable and writes the task's files, expanding templated
   * payloads (a bad one rejects with a `TemplateError` naming the reference); `ErrTaskPrepared` the
   * second time.
   */
  async prepare(signal?: AbortSignal): Promise<void> {
    this.#checkOpen(signal);
    return this.#serially(async () => {
      this.#checkOpen(signal);
      if (this.#launch) throw ErrTaskPrepared;
      const { spec, dependencies, settings, cleanup } = this.#context;
      this.#launch = await prepareLaunch(this.#task, spec, dependencies, settings, signal);
      if (this.#launch.privateDir) cleanup.addDir(this.#launch.privateDir.root);
    });
  }

  /** Starts the process in its own process group; `ErrTaskStarted` unless prepared and not started. */
  async start(signal?: AbortSignal): Promise<void> {
    this.#checkOpen(signal);
    return this.#serially(async () => {
      this.#checkOpen(signal);
      if (!this.#launch || this.#process) throw ErrTaskStarted;
      const starting = TaskProcess.spawn(this.#launch, this.#logs, this.#context.cleanup);
      this.#starting = starting;
      try {
        this.#process = await starting;
      } finally {
        this.#starting = undefined;
      }
      this.#started.resolve(this.#process);
    });
  }

  /**
   * Resolves when the process exits with 0 and its output is read; rejects with a `ProcessExitError`
   * otherwise, with `EXEC_PROCESS_LOST` once a process an earlier executor started has ended, or
   * with `EXEC_PROCESS_NOT_PREPARED` when there is no process for the task.
   */
  async wait(signal?: AbortSignal): Promise<void> {
    this.#checkOpen(signal);
    if (!this.#launch) {
      const inherited = this.#inherited;
      if (!inherited) {
        throw new ExecError(
          ProcessErrorCode.NotPrepared,
          "process: no process for the task: this controller did not prepare it",
        );
      }
      const ran = inherited.isRunning();
      await raceSignal(inherited.ended(), eitherSignal(signal, this.#closing.signal));
      throw new ExecError(
        ProcessErrorCode.Lost,
        `process: the task's process (pid ${inherited.pid}) was started by an earlier executor and ` +
          `${ran ? "has ended" : "ended while none watched it"}; its exit code cannot be known`,
      );
    }
    const until = eitherSignal(signal, this.#closing.signal);
    const running = this.#process ?? (await raceSignal(this.#started.promise, until));
    const failure = exitErrorOf(await raceSignal(running.exited, until));
    if (failure) throw failure;
  }

  /** Stop signal to the group, the grace period, then SIGKILL; resolves once the process exited. */
  async shutdown(signal?: AbortSignal): Promise<void> {
    this.#checkOpen(signal);
    await raceSignal(this.#stop("graceful"), eitherSignal(signal, this.#closing.signal));
  }

  /** SIGKILL to the group; resolves once the process exited. */
  async terminate(signal?: AbortSignal): Promise<void> {
    this.#checkOpen(signal);
    await raceSignal(this.#stop("kill"), eitherSignal(signal, this.#closing.signal));
  }

  /** Shuts down, then deletes the task's private directory and output. Idempotent. */
  async remove(signal?: AbortSignal): Promise<void> {
    this.#checkOpen(signal);
    return this.#serially(async () => {
      await raceSignal(this.#stop("graceful"), eitherSignal(signal, this.#closing.signal));
      const dir = this.#launch?.privateDir;
      if (dir) {
        await removePrivateDir(dir.root);
        this.#context.cleanup.deleteDir(dir.root);
      } else if (this.#inherited) {
        // An earlier executor ran the task: its private directory (secrets) may still be there.
        await removeLeftPrivateDirs(privateDirBases(this.#context.settings), this.#task.id);
      }
      this.#inherited = undefined;
      this.#logs.end();
      this.#logs = new LogBuffer(this.#context.logLimits);
      this.#launch = undefined;
      this.#process = undefined;
      this.#stopping = undefined;
      this.#started.reject(new ExecError(ProcessErrorCode.NotPrepared, "process: the task was removed"));
      this.#started = deferred();
    });
  }

  /** Ends pending waits and log subscriptions with `ErrControllerClosed`; the second call rejects with it. */
  async close(): Promise<void> {
    if (this.#closing.signal.aborted) throw ErrControllerClosed;
    this.#closing.abort(ErrControllerClosed);
  }

  /** The process's pid and start time, with its exit code and end time once it exited; `undefined` before it started. */
  async containerStatus(_signal?: AbortSignal): Promise<ContainerStatus | undefined> {
    const process = this.#process;
    if (!process) return undefined;
    const status: ContainerStatus = { pid: process.pid, startedAt: process.startedAt };
    if (process.exit) {
      status.exitCode = process.exit.exitCode;
      status.finishedAt = process.exit.finishedAt;
    }
    return status;
  }

  /**
   * Publishes the task's output, one message per line: `streams` keeps only those streams (absent
   * or empty: both), `since` the lines complete at or after that time, `tail: N` only the last N of
   * the lines already there (0: none). Without `follow` it publishes what is there and resolves,
   * even before the task started; with `follow`, it goes on until the output ends, the task is
   * removed, the controller is closed or `signal` aborts. A publish that rejects ends it with that
   * error.
   *
   * @throws TypeError for a `tail` that is not a non-negative integer, or a `since` that is not a date
   */
  async logs(publisher: LogPublisher, options: LogSubscriptionOptions, signal?: AbortSignal): Promise<void> {
    this.#checkOpen(signal);
    const { id: taskId, serviceId, nodeId } = this.#task;
    const context = { taskId, ...(serviceId && { serviceId }), ...(nodeId && { nodeId }) };
    await publishLogs(this.#logs, context, publisher, options, eitherSignal(signal, this.#closing.signal));
  }

  /** Stops whatever runs (after a start in progress), sharing one graceful stop between callers. */
  async #stop(how: "graceful" | "kill"): Promise<void> {
    await this.#starting?.catch(() => {});
    const running = this.#running();
    if (!running) return;
    if (how === "kill") {
      running.signal("SIGKILL");
      await running.exited;
      return;
    }
    const { stopSignal, stopGracePeriod } = this.#context.spec;
    this.#stopping ??= stopProcess(running, stopSignal, stopGracePeriod);
    await this.#stopping;
  }

  /** The task's process while it runs: this controller's, or else one an earlier executor started. */
  #running(): StoppableProcess | undefined {
    const process = this.#process;
    if (process) return process.exit ? undefined : process;
    const inherited = this.#launch ? undefined : this.#inherited;
    return inherited?.isRunning() ? inherited : undefined;
  }

  #checkOpen(signal: AbortSignal | undefined): void {
    if (this.#closing.signal.aborted) throw ErrControllerClosed;
    signal?.throwIfAborted();
  }

  /** Runs `operation` after the operations queued before it: prepare, start and remove never overlap. */
  #serially(operation: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(operation);
    this.#queue = run.catch(() => {});
    return run;
  }
}

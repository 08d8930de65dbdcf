import { TemplateError } from "../exec/template/errors.js";
import { InvalidTaskError, type ValidationIssue } from "../exec/validate.js";
import type { ExecutorName } from "./args.js";
import { type DriveResult, driveTask } from "./drive.js";
import { CliError } from "./errors.js";
import { chooseExecutor, type LoadDocker } from "./executor-choice.js";
import { exitCodeOf, signalExitCode } from "./exit-code.js";
import { HumanOutput } from "./human-output.js";
import { type InterruptSignal, Interrupts } from "./interrupts.js";
import { JsonOutput } from "./json-output.js";
import { forcedRemovalSeconds, type Output } from "./output.js";
import { PullTracker } from "./pull-progress.js";
import { type OutputStream, styleFor } from "./style.js";
import { invalidTaskError, loadTaskFile } from "./task-file.js";
import { TaskRemoval } from "./task-removal.js";

/** What the CLI uses of its process: streams, environment, signals, exit. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Calls `listener` on each `signal`; returns the function that stops it. */
  onSignal(signal: InterruptSignal, listener: () => void): () => void;
  /** Exits at once with `code` (after a third Ctrl-C). */
  quit(code: number): void;
  /** Loads the Docker entry. @defaultValue `import("taskwright/docker")` */
  loadDocker?: LoadDocker;
}

/**
 * `taskwright run`: reads and checks the task file, picks the executor, runs the task to its end
 * with live output, removes it, and returns the exit code (see `exitCodeOf`; 2 for an invalid
 * task file or a task the executor finds invalid).
 */
export async function runCommand(
  command: { file: string; executor: ExecutorName | undefined; network?: string | undefined; json: boolean },
  io: CliIo,
  loadDocker: LoadDocker,
): Promise<number> {
  const began = performance.now();
  const elapsed = () => performance.now() - began;
  const output: Output = command.json ? new JsonOutput(io) : new HumanOutput(io, styleFor(io.stderr, io.env));
  const removal = new TaskRemoval(output);
  // Listening from the start: a Ctrl-C while the file loads or the engine is probed ends the run
  // at once, with its own exit code and a last line (an `exit` event) like any other end.
  const interrupts: Interrupts = new Interrupts(output, (signal) => {
    const { controller } = interrupts;
    const removed = controller ? removal.force(controller, forcedRemovalSeconds * 1000) : Promise.resolve();
    void removed.then(() => io.quit(signalExitCode(signal)));
  });
  const stopListening = (["SIGINT", "SIGTERM", "SIGPIPE"] as const).map((signal) =>
    io.onSignal(signal, () => interrupts.handle(signal)),
  );
  try {
    return await runTask(command, { output, interrupts, removal, loadDocker, elapsed });
  } finally {
    for (const stop of stopListening) stop();
  }
}

/** What {@link runTask} works with. */
interface RunContext {
  output: Output;
  interrupts: Interrupts;
  removal: TaskRemoval;
  loadDocker: LoadDocker;
  elapsed: () => number;
}

/** Everything of a run after its signals are handled: load, choose, drive, remove, report. */
async function runTask(
  command: { file: string; executor: ExecutorName | undefined; network?: string | undefined },
  context: RunContext,
): Promise<number> {
  const { output, interrupts, removal, loadDocker, elapsed } = context;
  const fail = (err: CliError) => {
    output.error(err);
    output.exit({ code: err.exitCode, elapsedMs: elapsed() });
    return err.exitCode;
  };
  const interrupted = (signal: InterruptSignal) => {
    const code = signalExitCode(signal);
    output.exit({ code, elapsedMs: elapsed(), interruptedBy: signal });
    return code;
  };

  let taskFile: Awaited<ReturnType<typeof loadTaskFile>>;
  try {
    taskFile = await loadTaskFile(command.file);
  } catch (err) {
    if (err instanceof CliError) return fail(err);
    throw err;
  }
  if (interrupts.requested) return interrupted(interrupts.requested);
  const { task } = taskFile;
  const pulls = new PullTracker();
  const onPullProgress = (event: Parameters<PullTracker["update"]>[0]) => output.pull(task.id, pulls.update(event));
  let chosen: Awaited<ReturnType<typeof chooseExecutor>>;
  try {
    chosen = await chooseExecutor(command.executor, task, {
      loadDocker,
      onPullProgress,
      networkMode: command.network,
      signal: interrupts.signal,
    });
  } catch (err) {
    if (interrupts.requested) return interrupted(interrupts.requested);
    if (err instanceof CliError) return fail(err);
    throw err;
  }
  if (interrupts.requested) return interrupted(interrupts.requested);
  output.run({ taskId: task.id, file: command.file, executor: chosen.name, reason: chosen.reason });

  const result: DriveResult = await driveTask(task, { executor: chosen.executor, output, interrupts });
  if (result.controller) await removal.remove(result.controller);
  let code = exitCodeOf(result.status, interrupts.requested);
  const issues = specIssuesOf(result.error);
  if (issues) {
    const err = invalidTaskError(command.file, issues, taskFile.locate, ` for the ${chosen.name} executor`);
    output.error(err);
    code = err.exitCode;
  }
  output.exit({
    code,
    taskId: task.id,
    status: result.status,
    elapsedMs: elapsed(),
    interruptedBy: interrupts.requested,
  });
  return code;
}

/**
 * The spec problems behind an executor's refusal to accept the task, located like the task
 * file's own: an invalid task, or a template in a spec field (e.g. `spec.container.env[0]`)
 * that does not expand. `undefined` for any other error.
 */
function specIssuesOf(error: Error | undefined): readonly ValidationIssue[] | undefined {
  if (error instanceof InvalidTaskError) return error.issues;
  if (error instanceof TemplateError && error.field?.startsWith("spec.")) {
    const at = error.position ? ` at ${error.position.line}:${error.position.column}` : "";
    return [{ path: error.field, message: `template${at}: ${error.reason}` }];
  }
  return undefined;
}

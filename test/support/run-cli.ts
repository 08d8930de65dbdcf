import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** What a finished CLI process printed, and how it ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A CLI process still running. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Output so far. */
  output: { stdout: string; stderr: string };
  /** Resolves once `pattern` appears on the stream; rejects if the process ends first. */
  waitFor(stream: "stdout" | "stderr", pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has ended. */
  done: Promise<CliRun>;
}

/**
 * Starts `taskwright <args>` from the sources (`node --import tsx src/cli/main.ts`, one process,
 * so signals reach the CLI itself), in the repository root, with stdout and stderr as pipes (not
 * a terminal). `env` is added to this process's environment, without NO_COLOR unless given.
 */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): RunningCli {
  const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...inherited } = process.env;
  return startCommand(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", ...args],
    { ...inherited, ...env },
    timeoutMs,
  );
}

/** Starts the built bin (`dist/cli.js`) like {@link startCli}. */
export function startBuiltCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  return startCommand(process.execPath, ["dist/cli.js", ...args], { ...process.env, ...env }, 30_000);
}

/** Runs `taskwright <args>` to its end (see {@link startCli}). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/** Starts any command like {@link startCli} (e.g. the CLI under `script` for a terminal). */
export function startCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): RunningCli {
  const child = spawn(command, args, { cwd: root, env, signal: AbortSignal.timeout(timeoutMs) });
  const output = { stdout: "", stderr: "" };
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.on("data", (chunk: Buffer) => {
    output.stdout += chunk.toString();
    notify();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString();
    notify();
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      notify();
      resolve({ code, signal, ...output });
    });
  });
  const waitFor = (stream: "stdout" | "stderr", pattern: string | RegExp, waitMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const matches = () =>
        typeof pattern === "string" ? output[stream].includes(pattern) : pattern.test(output[stream]);
      const timer = setTimeout(
        () => finish(new Error(`no ${String(pattern)} on ${stream} within ${waitMs} ms`)),
        waitMs,
      );
      const check = () => {
        if (matches()) finish();
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(new Error(`the CLI ended before ${String(pattern)} on ${stream}: ${JSON.stringify(output)}`));
        }
      };
      const finish = (err?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (err) reject(err);
        else resolve();
      };
      waiters.add(check);
      check();
    });
  return { child, output, waitFor, done };
}

/** The task states named in the CLI's human output, in order (`   0.003s  ACCEPTED …`). */
export function statesIn(stderr: string): string[] {
  return [...stderr.matchAll(/^ +\d+\.\d{3}s {2}([A-Z]+)/gm)].map((m) => m[1] as string);
}

/** Parses each line of `--json` output; throws on a line that is not JSON. */
export function jsonLines(stdout: string): Array<Record<string, unknown> & { type: string }> {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown> & { type: string });
}

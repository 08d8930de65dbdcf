import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StatusLine } from "./variants.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** An agent process of the crash-recovery test. */
export interface AgentProcess {
  child: ChildProcess;
  /** What it printed on stderr so far. */
  stderr(): string;
  /** What it printed on stdout so far. */
  stdout(): string;
  /** Resolves with the exit code and signal once it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `test/support/crash/agent-process.ts` with plain node (one process, so SIGKILL kills the agent itself). */
export function startAgent(work: string, variant: string, run: number, assignment = "assignment.json"): AgentProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/crash/agent-process.ts"], {
    cwd: root,
    env: {
      ...process.env,
      CRASH_WORK: work,
      CRASH_VARIANT: variant,
      CRASH_RUN: String(run),
      CRASH_ASSIGNMENT: assignment,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, stderr: () => stderr, stdout: () => stdout, exited };
}

/** Every status the agent processes reported so far (a line cut short by SIGKILL is skipped). */
export function readStatuses(work: string): StatusLine[] {
  const file = join(work, "statuses.jsonl");
  if (!existsSync(file)) return [];
  const lines: StatusLine[] = [];
  for (const text of readFileSync(file, "utf8").split("\n")) {
    try {
      if (text) lines.push(JSON.parse(text) as StatusLine);
    } catch {}
  }
  return lines;
}

/** The latest reported status per task. */
export function latestByTask(lines: readonly StatusLine[]): Map<string, StatusLine> {
  const latest = new Map<string, StatusLine>();
  for (const line of lines) latest.set(line.taskId, line);
  return latest;
}

/** Polls `condition` until it holds; rejects after `timeoutMs` with `describe()` in the message. */
export async function until(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { ContainerStatus } from "../exec/task.js";

/** How often an inherited process is checked on while something waits for it to end. */
const pollMs = 100;
/** How far the start time the kernel gives may be from the recorded one (boot time has 1 s steps). */
const startToleranceMs = 2_000;
/** Clock ticks per second of `/proc/<pid>/stat` times: USER_HZ, 100 on every Linux port. */
const ticksPerSecond = 100;

/**
 * A task process that an earlier executor started (the agent restarted, or another
 * `ProcessExecutor` ran the task): known only by the pid and start time its status recorded.
 * It is not this process's child, so its exit code cannot be had; but it can be seen, signalled
 * (its whole group: it leads one) and waited for.
 *
 * It is only ever treated as the task's process when the kernel confirms it: the pid leads its
 * own process group and started when the status says (Linux, `/proc`). Elsewhere, or when that
 * does not hold (the process ended and the pid may be someone else's), it counts as gone and is
 * never signalled.
 *
 * @internal
 */
export class InheritedProcess {
  /** @param pid - the process (and group) id the task's status recorded */
  private constructor(
    readonly pid: number,
    readonly startedAt: Date,
  ) {}

  /** The process a status recorded, if it recorded one (a pid and a start time). */
  static recordedIn(container: ContainerStatus | undefined): InheritedProcess | undefined {
    const pid = container?.pid;
    const startedAt = container?.startedAt;
    if (pid === undefined || !Number.isInteger(pid) || pid <= 1 || !(startedAt instanceof Date)) return undefined;
    if (container?.exitCode !== undefined) return undefined; // it was seen to end
    return new InheritedProcess(pid, startedAt);
  }

  /** Whether the task's process still runs (confirmed by the kernel, see the class). */
  isRunning(): boolean {
    const started = startTimeOf(this.pid);
    return started !== undefined && Math.abs(started - this.startedAt.getTime()) <= startToleranceMs;
  }

  /** Sends `signal` to the process's group, if it still runs. */
  signal(signal: NodeJS.Signals): void {
    if (!this.isRunning()) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // Ended in between.
    }
  }

  /** Resolves once the process no longer runs; rejects with `signal.reason` when it aborts. */
  async ended(signal?: AbortSignal): Promise<void> {
    while (this.isRunning()) await sleep(pollMs, undefined, { signal });
  }

  /** Settles once the process no longer runs (see {@link InheritedProcess.ended}). */
  get exited(): Promise<void> {
    return this.ended();
  }
}

/**
 * When the process `pid` started, in ms since the epoch, if it runs, leads its own process group,
 * and `/proc` tells; else `undefined`. A zombie counts as ended.
 */
function startTimeOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses; fields follow the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [state, , pgrp] = fields;
    if (state === "Z" || state === "X" || Number(pgrp) !== pid) return undefined;
    const startTicks = Number(fields[19]);
    return bootTime() + (startTicks / ticksPerSecond) * 1000;
  } catch {
    return undefined;
  }
}

/** The system's boot time, in ms since the epoch, from `/proc/stat`. */
function bootTime(): number {
  const line = readFileSync("/proc/stat", "utf8")
    .split("\n")
    .find((l) => l.startsWith("btime "));
  if (!line) throw new Error("no btime in /proc/stat");
  return Number(line.slice("btime ".length)) * 1000;
}

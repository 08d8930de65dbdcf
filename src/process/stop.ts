/** A task's process as a stop sees it: one started here (`TaskProcess`) or by an earlier executor. */
export interface StoppableProcess {
  /** Sends `signal` to the process's group. */
  signal(signal: NodeJS.Signals): void;
  /** Settles once the process has exited. */
  readonly exited: Promise<unknown>;
}

/**
 * Stops a task process gracefully: sends `signal` to its process group, gives it `gracePeriod`
 * milliseconds to exit, then kills the group with SIGKILL. Resolves once the process has exited.
 */
export async function stopProcess(
  process: StoppableProcess,
  signal: NodeJS.Signals,
  gracePeriod: number,
): Promise<void> {
  process.signal(signal);
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<"grace-over">((resolve) => {
    timer = setTimeout(() => resolve("grace-over"), gracePeriod);
  });
  try {
    if ((await Promise.race([process.exited, graceOver])) === "grace-over") {
      process.signal("SIGKILL");
      await process.exited;
    }
  } finally {
    clearTimeout(timer);
  }
}

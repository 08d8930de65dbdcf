// The stop signals a task may name, as the Docker engine (Linux) accepts them: a name with or
// without the `SIG` prefix in any case, or a positive number (the engine takes any).

/** Linux signal names without `SIG`, as the engine knows them (real-time ones are matched apart). */
// biome-ignore format: a table of names
const linuxSignals = new Set([
  "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL",
  "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP",
  "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
]);

/** `RTMIN`, `RTMIN+1` … `RTMIN+15`, `RTMAX-14` … `RTMAX-1`, `RTMAX`. */
const realTime = /^RTMIN(?:\+(?:[1-9]|1[0-5]))?$|^RTMAX(?:-(?:[1-9]|1[0-4]))?$/;

/** What a stop signal names: `{ name: "SIGTERM" }` or `{ number: 15 }`. */
export type StopSignal = { name: string; number?: undefined } | { number: number; name?: undefined };

/**
 * Reads a stop signal as Docker does: a positive decimal number, or a Linux signal name with
 * or without `SIG`, in any case (`"SIGTERM"`, `"term"`, `"SIGRTMIN+3"`). The name comes back in
 * its canonical form (`"SIGTERM"`). `undefined` when the text names no signal.
 */
export function parseStopSignal(text: string): StopSignal | undefined {
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    return number >= 1 && Number.isSafeInteger(number) ? { number } : undefined;
  }
  const upper = text.toUpperCase();
  const bare = upper.startsWith("SIG") ? upper.slice(3) : upper;
  return linuxSignals.has(bare) || realTime.test(bare) ? { name: `SIG${bare}` } : undefined;
}

/** What the task schema says of a stop signal that names none. @internal */
export const stopSignalExpectation = 'must be a signal name (e.g. "SIGTERM" or "term") or a positive number';

import { constants } from "node:os";
import { parseStopSignal } from "../exec/stop-signal.js";

const signalNumbers = constants.signals as Readonly<Record<string, number>>;

/**
 * The signal a stop signal names on this platform, or `undefined` when it names none here.
 * Reads the text as the task schema does (`parseStopSignal`: `"SIGTERM"`, `"TERM"` in any case,
 * or a number such as `"15"`), then keeps it only if this platform has that signal.
 */
export function parseSignal(text: string): NodeJS.Signals | undefined {
  const parsed = parseStopSignal(text);
  if (parsed?.number !== undefined) {
    return Object.keys(signalNumbers).find((name) => signalNumbers[name] === parsed.number) as
      | NodeJS.Signals
      | undefined;
  }
  return parsed && parsed.name in signalNumbers ? (parsed.name as NodeJS.Signals) : undefined;
}

/**
 * The exit code a shell reports for a process killed by `signal`: 128 + its number
 * (e.g. 143 for SIGTERM, 137 for SIGKILL). 128 alone when the platform does not number it.
 */
export function exitCodeOfSignal(signal: NodeJS.Signals): number {
  return 128 + (signalNumbers[signal] ?? 0);
}

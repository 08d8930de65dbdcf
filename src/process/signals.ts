import { constants } from "node:os";

const signalNumbers = constants.signals as Readonly<Record<string, number>>;

/**
 * The signal a stop signal names on this platform, or `undefined` when it names none.
 * Accepts the forms Docker accepts: `"SIGTERM"`, `"TERM"` (any case) and a number (`"15"`).
 */
export function parseSignal(text: string): NodeJS.Signals | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    return Object.keys(signalNumbers).find((name) => signalNumbers[name] === number) as NodeJS.Signals | undefined;
  }
  const upper = trimmed.toUpperCase();
  const name = upper.startsWith("SIG") ? upper : `SIG${upper}`;
  return name in signalNumbers ? (name as NodeJS.Signals) : undefined;
}

/**
 * The exit code a shell reports for a process killed by `signal`: 128 + its number
 * (e.g. 143 for SIGTERM, 137 for SIGKILL). 128 alone when the platform does not number it.
 */
export function exitCodeOfSignal(signal: NodeJS.Signals): number {
  return 128 + (signalNumbers[signal] ?? 0);
}

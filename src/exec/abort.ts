import { causeChain } from "./cause-chain.js";

/**
 * Whether `err` means "the operation was aborted" rather than "the operation failed": `err` or
 * an error in its `cause` chain is the signal's own `reason`, or is named `AbortError` or
 * `TimeoutError` (what `AbortSignal.abort()` and `AbortSignal.timeout()` produce).
 */
export function isAbortError(err: unknown, signal?: AbortSignal): boolean {
  for (const link of causeChain(err)) {
    if (signal?.aborted && link === signal.reason) return true;
    const name = typeof link === "object" ? (link as { name?: unknown }).name : undefined;
    if (name === "AbortError" || name === "TimeoutError") return true;
  }
  return false;
}

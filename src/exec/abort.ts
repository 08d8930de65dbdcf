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

/**
 * Settles as `promise` does, or rejects with `signal.reason` as soon as `signal` aborts
 * (at once when it already has). `promise` itself goes on; the listener is always removed.
 *
 * @internal
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

import pRetry from "p-retry";
import { classifyEngineError } from "./classify.js";
import { EngineUnreachableError } from "./errors.js";

/** How one engine call is bounded. */
export interface CallBounds {
  /** The caller's signal: its abort rejects the call with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds the engine has to answer; past that the call fails as unreachable (temporary). */
  timeoutMs: number;
  /** Retry a call that did not reach the engine (only for calls that are safe to repeat). */
  idempotent?: boolean;
}

/**
 * Runs one engine call: it gets a signal that aborts on the caller's abort or the timeout, its
 * rejection is classified (see `classifyEngineError`), and it can never hang past the
 * timeout even if the client ignores the signal. A call that is safe to repeat is retried twice
 * (after 100 and 200 ms) when it did not reach the engine.
 *
 * @internal
 */
export async function boundedCall<T>(
  operation: string,
  endpoint: string,
  bounds: CallBounds,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const attempt = () => attemptCall(operation, endpoint, bounds, run);
  if (!bounds.idempotent) return attempt();
  return pRetry(attempt, {
    retries: 2,
    minTimeout: 100,
    factor: 2,
    randomize: false,
    signal: bounds.signal,
    shouldRetry: ({ error }) => error instanceof EngineUnreachableError,
  });
}

async function attemptCall<T>(
  operation: string,
  endpoint: string,
  bounds: CallBounds,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { signal, timeoutMs } = bounds;
  signal?.throwIfAborted();
  const controller = new AbortController();
  let settle: ((err: unknown) => void) | undefined;
  const guard = new Promise<never>((_, reject) => (settle = reject));
  const onAbort = () => {
    controller.abort(signal?.reason);
    settle?.(signal?.reason);
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    const err = new EngineUnreachableError(operation, endpoint);
    err.message += ` (no answer within ${timeoutMs} ms)`;
    controller.abort(err);
    settle?.(err);
  }, timeoutMs);
  try {
    return await Promise.race([run(controller.signal), guard]);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (controller.signal.aborted) throw controller.signal.reason;
    throw classifyEngineError(err, operation, endpoint);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

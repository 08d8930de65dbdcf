import pRetry from "p-retry";

/** How the agent waits between attempts of something that keeps failing for now. */
export interface RetryOptions {
  /**
   * Delay before the second attempt, in milliseconds.
   * @defaultValue 100
   */
  minDelay?: number;
  /**
   * No delay is longer than this, in milliseconds.
   * @defaultValue 30_000
   */
  maxDelay?: number;
  /**
   * Each delay is this many times the previous one, before jitter and the cap.
   * @defaultValue 2
   */
  factor?: number;
  /**
   * Multiply each delay by a random number in [1, 2), so that many tasks failing together do not
   * retry in lockstep.
   * @defaultValue true
   */
  jitter?: boolean;
}

/** {@link RetryOptions} with every default filled in. @internal */
export type ResolvedRetryOptions = Readonly<Required<RetryOptions>>;

const resolved = new WeakSet<object>();

/** Fills in the defaults; options it returned before are returned as they are (so many users share one). @internal */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  if (resolved.has(options)) return options as ResolvedRetryOptions;
  const result = Object.freeze({
    minDelay: options.minDelay ?? 100,
    maxDelay: options.maxDelay ?? 30_000,
    factor: options.factor ?? 2,
    jitter: options.jitter ?? true,
  });
  resolved.add(result);
  return result;
}

/** Carries any failure through p-retry, which would otherwise give up on a `TypeError`. */
class AttemptFailed extends Error {
  constructor(readonly reason: unknown) {
    super("attempt failed");
  }
}

/** What {@link retryUntilDone} tells `onFailure` about a failed attempt. @internal */
export interface FailedAttempt {
  /** What the attempt threw. */
  error: unknown;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Options of {@link retryUntilDone} and {@link retryAfterFailure}. @internal */
export interface RetryUntilDoneOptions {
  retry: ResolvedRetryOptions;
  signal?: AbortSignal;
  onFailure?: (failure: FailedAttempt) => void;
}

/**
 * Runs `attempt` until it resolves, waiting an exponentially growing, jittered and capped delay
 * (p-retry) after each failure. Every call starts from the shortest delay again, so a caller that
 * makes progress between calls resets the backoff by calling again.
 *
 * The first attempt runs directly; p-retry takes over only after a failure, so the common case
 * (success at once) costs one call and holds no retry state while it runs.
 *
 * Rejects only with `signal.reason`, when `signal` aborts (during an attempt or a delay; the timer
 * and listener are then removed). `onFailure` is not called for a failure seen after the abort.
 *
 * @internal
 */
export async function retryUntilDone<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryUntilDoneOptions,
): Promise<T> {
  let first: T;
  try {
    first = await attempt(1);
  } catch (error) {
    return retryAfterFailure(error, attempt, options);
  }
  options.signal?.throwIfAborted();
  return first;
}

/**
 * Like {@link retryUntilDone}, for a caller whose first attempt already failed with `error`: the
 * second attempt comes after the first delay.
 *
 * @internal
 */
export function retryAfterFailure<T>(
  error: unknown,
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryUntilDoneOptions,
): Promise<T> {
  const { retry, signal, onFailure } = options;
  return pRetry(
    async (attemptNumber) => {
      if (attemptNumber === 1) throw new AttemptFailed(error);
      try {
        return await attempt(attemptNumber);
      } catch (failure) {
        throw new AttemptFailed(failure);
      }
    },
    {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: retry.minDelay,
      maxTimeout: retry.maxDelay,
      factor: retry.factor,
      randomize: retry.jitter,
      ...(signal ? { signal } : {}),
      onFailedAttempt: ({ error: failed, attemptNumber }) => {
        if (signal?.aborted) return;
        onFailure?.({ error: failed instanceof AttemptFailed ? failed.reason : failed, attempt: attemptNumber });
      },
    },
  );
}

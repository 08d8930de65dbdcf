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

/** @internal */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return Object.freeze({
    minDelay: options.minDelay ?? 100,
    maxDelay: options.maxDelay ?? 30_000,
    factor: options.factor ?? 2,
    jitter: options.jitter ?? true,
  });
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

/**
 * Runs `attempt` until it resolves, waiting an exponentially growing, jittered and capped delay
 * (p-retry) after each failure. Every round starts from the shortest delay again, so a caller that
 * makes progress between rounds resets the backoff by starting a new round.
 *
 * Rejects only with `signal.reason`, when `signal` aborts (during an attempt or a delay; the timer
 * and listener are then removed). `onFailure` is not called for a failure seen after the abort.
 *
 * @internal
 */
export function retryUntilDone<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: { retry: ResolvedRetryOptions; signal?: AbortSignal; onFailure?: (failure: FailedAttempt) => void },
): Promise<T> {
  const { retry, signal, onFailure } = options;
  return pRetry(
    async (attemptNumber) => {
      try {
        return await attempt(attemptNumber);
      } catch (error) {
        throw new AttemptFailed(error);
      }
    },
    {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: retry.minDelay,
      maxTimeout: retry.maxDelay,
      factor: retry.factor,
      randomize: retry.jitter,
      ...(signal ? { signal } : {}),
      onFailedAttempt: ({ error, attemptNumber }) => {
        if (signal?.aborted) return;
        onFailure?.({ error: error instanceof AttemptFailed ? error.reason : error, attempt: attemptNumber });
      },
    },
  );
}

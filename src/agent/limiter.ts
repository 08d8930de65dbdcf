/** A caller waiting for a slot. */
interface Waiter {
  grant: () => void;
}

/**
 * A counting semaphore: at most `max` functions run at once; the others wait in arrival order.
 *
 * @internal
 */
export class Limiter {
  #active = 0;
  readonly #waiting = new Set<Waiter>();

  /** @param max - how many may run at once: a positive integer or `Infinity` */
  constructor(readonly max: number) {
    if (!(max >= 1) || (!Number.isInteger(max) && max !== Number.POSITIVE_INFINITY)) {
      throw new TypeError(`Expected a limit that is a positive integer or Infinity, got ${max}.`);
    }
  }

  /** How many functions run now. */
  get active(): number {
    return this.#active;
  }

  /** How many callers wait for a slot. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Runs `fn` once a slot is free and settles as it does. A `signal` that aborts while waiting
   * rejects with `signal.reason` without running `fn`.
   */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await fn();
    } finally {
      this.#release();
    }
  }

  #acquire(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.#active < this.max) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#waiting.delete(waiter);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      this.#waiting.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #release(): void {
    const next = this.#waiting.values().next();
    if (next.done) {
      this.#active--;
      return;
    }
    // The slot passes straight to the next waiter, so `active` stays the same.
    this.#waiting.delete(next.value);
    next.value.grant();
  }
}

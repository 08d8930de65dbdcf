/** A caller waiting for a slot. */
interface Waiter {
  grant(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
}

/** The waiters that share one signal, and the single listener it has for all of them. */
interface SignalWaiters {
  waiters: Set<Waiter>;
  onAbort: () => void;
}

/**
 * A counting semaphore: at most `max` functions run at once; the others wait in arrival order.
 *
 * Waiters that share a signal share one abort listener, so thousands of tasks queued under one
 * signal (e.g. a worker's removals) cost one listener, not thousands.
 *
 * @internal
 */
export class Limiter {
  #active = 0;
  readonly #waiting = new Set<Waiter>();
  readonly #bySignal = new Map<AbortSignal, SignalWaiters>();

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
    return new Promise<void>((grant, reject) => {
      const waiter: Waiter = { grant, reject, signal };
      this.#waiting.add(waiter);
      if (signal) this.#listen(signal).waiters.add(waiter);
    });
  }

  #listen(signal: AbortSignal): SignalWaiters {
    let entry = this.#bySignal.get(signal);
    if (!entry) {
      const waiters = new Set<Waiter>();
      const onAbort = () => {
        this.#bySignal.delete(signal);
        for (const waiter of waiters) {
          this.#waiting.delete(waiter);
          waiter.reject(signal.reason);
        }
      };
      entry = { waiters, onAbort };
      this.#bySignal.set(signal, entry);
      signal.addEventListener("abort", onAbort, { once: true });
    }
    return entry;
  }

  #release(): void {
    const next = this.#waiting.values().next();
    if (next.done) {
      this.#active--;
      return;
    }
    // The slot passes straight to the next waiter, so `active` stays the same.
    const waiter = next.value;
    this.#waiting.delete(waiter);
    if (waiter.signal) this.#forget(waiter.signal, waiter);
    waiter.grant();
  }

  #forget(signal: AbortSignal, waiter: Waiter): void {
    const entry = this.#bySignal.get(signal);
    if (!entry) return;
    entry.waiters.delete(waiter);
    if (entry.waiters.size > 0) return;
    this.#bySignal.delete(signal);
    signal.removeEventListener("abort", entry.onAbort);
  }
}

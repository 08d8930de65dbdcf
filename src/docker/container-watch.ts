import type { Readable } from "node:stream";
import type { DockerAdapter } from "./adapter.js";
import type { ContainerInspect } from "./client.js";
import { EngineUnreachableError } from "./errors.js";
import { jsonLines } from "./streams.js";

/** How a {@link ContainerWatch} looks. @internal */
export interface WatchOptions {
  /** Subscribe to the container's events and look again on each one. */
  events: boolean;
  /** Look again at least this often (milliseconds), events or not. */
  pollMs: number;
  /** Keep retrying an unreachable engine this long (milliseconds) before giving up. */
  reconnectMs: number;
}

/** Resolves after `ms`, or rejects with `signal.reason` when it aborts first. @internal */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Follows one container by looking at it (inspect) whenever something may have changed: once at
 * the start, on each of its events, when {@link poke}d, and every `pollMs` otherwise. Every
 * decision is taken on a fresh inspection, never on an event alone, so a lost, late or repeated
 * event cannot make it report a change that did not happen, and a lost event stream is only a
 * delay: the stream is re-opened (and the container looked at again) whenever it ends. An
 * unreachable engine is retried with backoff for `reconnectMs` before the error is raised.
 *
 * @internal
 */
export class ContainerWatch {
  private pending = false;
  private wake: (() => void) | undefined;

  /**
   * @param adapter - the engine
   * @param id - the container's id or name
   * @param options - how to look
   */
  constructor(
    private readonly adapter: DockerAdapter,
    private readonly id: string,
    private readonly options: WatchOptions,
  ) {}

  /** Asks for another look as soon as possible. */
  poke(): void {
    this.pending = true;
    this.wake?.();
  }

  /**
   * Yields the container's inspection (`undefined`: it does not exist) every time it looks.
   * With `lookFirst: false` the first look waits for a poke, an event or the poll interval.
   */
  async *states(signal: AbortSignal, lookFirst = true): AsyncGenerator<ContainerInspect | undefined> {
    let stream: Readable | undefined;
    let lastContact = Date.now();
    let backoff = 100;
    try {
      if (!lookFirst) await this.nextLook(signal);
      for (;;) {
        signal.throwIfAborted();
        let state: ContainerInspect | undefined;
        try {
          if (this.options.events && (!stream || stream.destroyed)) stream = await this.subscribe(signal);
          state = await this.adapter.inspectContainer(this.id, signal);
        } catch (err) {
          if (!(err instanceof EngineUnreachableError) || signal.aborted) throw err;
          if (Date.now() - lastContact >= this.options.reconnectMs) throw err;
          await sleep(backoff, signal);
          backoff = Math.min(backoff * 2, 2000);
          continue;
        }
        lastContact = Date.now();
        backoff = 100;
        yield state;
        await this.nextLook(signal);
      }
    } finally {
      stream?.destroy();
    }
  }

  private async subscribe(signal: AbortSignal): Promise<Readable> {
    const filters = { type: ["container"], container: [this.id] };
    const stream = await this.adapter.events(filters, undefined, signal);
    (async () => {
      try {
        for await (const _event of jsonLines(stream)) this.poke();
      } catch {
        // A broken stream is handled like an ended one: look again, then re-subscribe.
      }
      stream.destroy();
      this.poke();
    })();
    return stream;
  }

  private nextLook(signal: AbortSignal): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.wake = undefined;
        this.pending = false;
      };
      const onAbort = () => {
        done();
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        done();
        resolve();
      }, this.options.pollMs);
      this.wake = () => {
        done();
        resolve();
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

import { ExecError, ExecErrorCode } from "../exec/errors.js";

/** A share in a pull: its outcome, and a way to say it is no longer needed. */
export interface PullTicket {
  /** Settles when the pull does. */
  readonly done: Promise<void>;
  /** Gives up this share; the pull is cancelled when no share is left. Idempotent. */
  release(): void;
}

interface Entry {
  done: Promise<void>;
  shares: number;
  controller: AbortController;
}

/**
 * Shares pulls between controllers: one pull per key (image and credentials) at a time, however
 * many tasks wait for it. A pull keeps running while any share is held, even when the prepare
 * that started it was aborted (the next prepare waits for the same pull); it is cancelled when
 * every share is released.
 *
 * @internal
 */
export class PullCoordinator {
  private readonly pulls = new Map<string, Entry>();

  /** Joins the pull running under `key`, or starts one with `start`. */
  join(key: string, start: (signal: AbortSignal) => Promise<void>): PullTicket {
    let entry = this.pulls.get(key);
    if (!entry) {
      const controller = new AbortController();
      const created: Entry = { done: Promise.resolve(), shares: 0, controller };
      created.done = Promise.resolve()
        .then(() => start(controller.signal))
        .finally(() => {
          if (this.pulls.get(key) === created) this.pulls.delete(key);
        });
      created.done.catch(() => {});
      this.pulls.set(key, created);
      entry = created;
    }
    const joined = entry;
    joined.shares++;
    let released = false;
    return {
      done: joined.done,
      release: () => {
        if (released) return;
        released = true;
        joined.shares--;
        if (joined.shares === 0 && this.pulls.get(key) === joined) {
          this.pulls.delete(key);
          joined.controller.abort(
            new ExecError(ExecErrorCode.ControllerClosed, "image pull cancelled: no task needs it any more"),
          );
        }
      },
    };
  }

  /** How many pulls are running. */
  get size(): number {
    return this.pulls.size;
  }
}

import type { LogMessage, LogPublisher } from "./types.js";

/**
 * A function that publishes one log message. A promise (or other thenable) it returns is waited
 * for, as with {@link LogPublisher.publish} (backpressure); any other value it returns is ignored,
 * so a stream's `write` fits as it is: `(m) => process.stdout.write(m.data)`.
 */
export type LogPublishFn = (message: LogMessage, signal?: AbortSignal) => unknown;

/**
 * A {@link LogPublisher} that calls `fn` for each message. When `fn` returns a promise (or
 * thenable), `publish` returns one that settles with it (resolving to nothing); otherwise `publish`
 * returns nothing. What `fn` throws, `publish` throws.
 *
 * @example
 * ```ts
 * await controller.logs(logPublisherFunc((m) => process.stdout.write(m.data)), { follow: true });
 * ```
 *
 * Port of SwarmKit's `exec.LogPublisherFunc`.
 */
export function logPublisherFunc(fn: LogPublishFn): LogPublisher {
  if (typeof fn !== "function") throw new TypeError("logPublisherFunc: expected a function");
  return {
    publish: (message, signal) => {
      const result = fn(message, signal);
      if (!isThenable(result)) return undefined;
      return Promise.resolve(result).then(() => undefined);
    },
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

import type { LogMessage, LogPublisher } from "./types.js";

/** A function that publishes one log message, as {@link LogPublisher.publish} does. */
export type LogPublishFn = (message: LogMessage, signal?: AbortSignal) => Promise<void> | void;

/**
 * A {@link LogPublisher} that calls `fn` for each message; what `fn` returns (or throws) is what
 * `publish` returns (or throws).
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
  return { publish: (message, signal) => fn(message, signal) };
}

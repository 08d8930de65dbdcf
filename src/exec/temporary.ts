import { causeChain } from "./cause-chain.js";
import { ExecError, ExecErrorCode, errorMessage } from "./errors.js";

/**
 * Marks its `cause` as temporary: `Do` keeps the task's state, records the message in
 * `status.err` and asks for a retry instead of failing the task.
 *
 * Its message is the message of the wrapped error.
 */
export class TemporaryError extends ExecError {
  /** Always `true`: what {@link isTemporary} looks for. */
  readonly temporary = true as const;

  /** @param cause - the error being marked temporary */
  constructor(cause: unknown) {
    super(ExecErrorCode.Temporary, errorMessage(cause), { cause });
  }
}
Object.defineProperty(TemporaryError.prototype, "name", {
  value: "TemporaryError",
  writable: true,
  configurable: true,
});

/**
 * Marks `err` as temporary, so that `Do` retries the operation instead of failing the task.
 *
 * Returns `err` unchanged when it is already temporary (see {@link isTemporary}); otherwise a
 * {@link TemporaryError} whose `cause` is `err`.
 *
 * @throws TypeError when `err` is `null` or `undefined` (there is nothing to mark).
 */
export function makeTemporary<E>(err: E): E | TemporaryError {
  if (err === null || err === undefined) throw new TypeError("makeTemporary: expected an error, got " + String(err));
  return isTemporary(err) ? err : new TemporaryError(err);
}

/**
 * Whether `err` is temporary: walks `err` and its `cause` chain and returns the verdict of the
 * first error that has one. An error gives a verdict with a boolean `temporary` property or a
 * `temporary()` method returning a boolean. `false` when no error in the chain gives one.
 */
export function isTemporary(err: unknown): boolean {
  for (const link of causeChain(err)) {
    if (typeof link !== "object") continue;
    const marker = (link as { temporary?: unknown }).temporary;
    if (typeof marker === "boolean") return marker;
    if (typeof marker === "function") {
      const verdict: unknown = (marker as () => unknown).call(link);
      if (typeof verdict === "boolean") return verdict;
    }
  }
  return false;
}

/** A signal that aborts when `signal` or `other` does, with the reason of the first; `other` when there is no `signal`. */
export function eitherSignal(signal: AbortSignal | undefined, other: AbortSignal): AbortSignal {
  return signal ? AbortSignal.any([signal, other]) : other;
}

/** A promise with its settle functions. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A promise settled from outside; a rejection nobody waits for is not reported as unhandled. */
export function deferred<T>(): Deferred<T> {
  const parts: Partial<Deferred<T>> = {};
  parts.promise = new Promise<T>((resolve, reject) => Object.assign(parts, { resolve, reject }));
  parts.promise.catch(() => {});
  return parts as Deferred<T>;
}

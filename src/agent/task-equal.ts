import type { Task } from "../exec/task.js";

/**
 * Whether two tasks are equal apart from their statuses: an update that changes nothing else is
 * ignored by the task manager. Port of SwarmKit's `TasksEqualStable`.
 *
 * A property set to `undefined` equals an absent one (a task read back from JSON has none), dates
 * compare by time and byte arrays by content.
 *
 * @internal
 */
export function tasksEqualStable(a: Task, b: Task): boolean {
  const { status: _a, ...restA } = a;
  const { status: _b, ...restB } = b;
  return deepEqual(restA, restB);
}

/** @internal */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) return bytesEqual(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) if (!deepEqual(x[key], y[key])) return false;
  return true;
}

function bytesEqual(a: object, b: object): boolean {
  if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.every((byte, i) => byte === y[i]);
}

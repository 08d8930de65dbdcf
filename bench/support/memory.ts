import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * Collects garbage until the heap stops shrinking, so that a heap reading counts live objects
 * only. Uses V8's `gc`, exposed at run time (no `--expose-gc` flag needed).
 */
export async function forceGc(): Promise<void> {
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const now = heapUsed();
    if (now >= last) return;
    last = now;
  }
}

/** Bytes of the V8 heap in use. */
export function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/**
 * Yields `err`, then `err.cause`, then its cause, and so on, stopping at the end of the
 * chain or at a cycle.
 *
 * @internal
 */
export function* causeChain(err: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current = err;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = typeof current === "object" ? (current as { cause?: unknown }).cause : undefined;
  }
}

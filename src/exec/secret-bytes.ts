const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** What a {@link SecretBytes} shows instead of its content. */
const redacted = "[redacted]";

/**
 * Bytes that do not print themselves: a `Uint8Array` whose `toString`, `toLocaleString`, `join`,
 * `toJSON` (so `JSON.stringify`) and `util.inspect` (so `console.log`) show `[redacted]` instead
 * of the content. The secrets manager hands out secret payloads as `SecretBytes`, so a secret
 * that ends up in a log line, an error or a serialised object shows no bytes.
 *
 * It is an ordinary `Uint8Array` otherwise: index it, decode it (`new TextDecoder().decode(b)`),
 * write it to a file. Derived arrays (`subarray`, `slice`, `map`, `filter`) are `SecretBytes` too.
 * What copies the bytes into another kind of object (`Buffer.from(b)`, `Array.from(b)`,
 * `structuredClone(b)`) gives a plain, printable copy: that is the caller's explicit choice.
 *
 * @example
 * ```ts
 * const data = SecretBytes.fromString("hunter2");
 * JSON.stringify({ data }); // '{"data":"[redacted]"}'
 * String(data);             // "[redacted]"
 * ```
 */
export class SecretBytes extends Uint8Array {
  /** A `SecretBytes` holding the UTF-8 encoding of `text`. */
  static fromString(text: string): SecretBytes {
    const encoded = new TextEncoder().encode(text);
    return new SecretBytes(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  }

  /** A `SecretBytes` holding a copy of `bytes`. */
  static copyOf(bytes: Uint8Array): SecretBytes {
    const copy = new SecretBytes(bytes.byteLength);
    copy.set(bytes);
    return copy;
  }

  /** `[redacted]`: never the content. */
  override toString(): string {
    return redacted;
  }

  /** `[redacted]`: never the content. */
  override toLocaleString(): string {
    return redacted;
  }

  /** `[redacted]`: never the content (`Uint8Array#join` would list the bytes). */
  override join(_separator?: string): string {
    return redacted;
  }

  /** `"[redacted]"`, so `JSON.stringify` shows no bytes. */
  toJSON(): string {
    return redacted;
  }

  /** What `util.inspect` and `console.log` show: the length, never the content. */
  [inspectSymbol](): string {
    return `SecretBytes(${this.byteLength}) ${redacted}`;
  }
}

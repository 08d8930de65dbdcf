import { type DependencyKind, notFoundError } from "../exec/dependency-errors.js";
import type { Config, Secret } from "../exec/executor.js";

/** A secret or a config: both have the same shape. */
type Payload = Secret | Config;

/**
 * An in-memory store of secrets or configs, keyed by id: the shared implementation of the
 * secrets and configs managers.
 *
 * `add` and `get` copy, so that neither what the caller passed in nor what it got back is
 * shared with the store; `wrap` makes the stored copy of the payload bytes (the secrets
 * manager keeps them as `SecretBytes`).
 *
 * @internal
 */
export class PayloadStore<T extends Payload> {
  readonly #items = new Map<string, T>();
  readonly #kind: DependencyKind;
  readonly #wrap: (bytes: Uint8Array) => Uint8Array;

  constructor(kind: DependencyKind, wrap: (bytes: Uint8Array) => Uint8Array) {
    this.#kind = kind;
    this.#wrap = wrap;
  }

  get(id: string): T {
    const item = this.#items.get(id);
    if (item === undefined) throw notFoundError(this.#kind, id);
    return this.#copy(item);
  }

  add(...items: T[]): void {
    items.forEach((item, index) => {
      checkPayload(item, `${this.#kind}s[${index}]`);
    });
    for (const item of items) this.#items.set(item.id, this.#copy(item));
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) this.#items.delete(id);
  }

  reset(): void {
    this.#items.clear();
  }

  #copy(item: T): T {
    const { annotations, templating, data } = item.spec;
    const spec: Payload["spec"] = { data: this.#wrap(data) };
    if (annotations !== undefined) spec.annotations = copyAnnotations(annotations);
    if (templating !== undefined) spec.templating = { ...templating };
    return { id: item.id, spec } as T;
  }
}

function copyAnnotations(annotations: NonNullable<Payload["spec"]["annotations"]>) {
  const copy: typeof annotations = {};
  if (annotations.name !== undefined) copy.name = annotations.name;
  if (annotations.labels !== undefined) copy.labels = { ...annotations.labels };
  return copy;
}

/**
 * Rejects what cannot be a secret or config, naming the field, including an unknown one (so
 * nothing given is silently dropped); the message never shows the payload.
 */
function checkPayload(item: unknown, path: string): void {
  const value = objectAt(item, path, ["id", "spec"]);
  if (typeof value.id !== "string" || value.id === "") throw new TypeError(`${path}.id must be a non-empty string`);
  const spec = objectAt(value.spec, `${path}.spec`, ["annotations", "data", "templating"]);
  if (!(spec.data instanceof Uint8Array)) throw new TypeError(`${path}.spec.data must be a Uint8Array`);
  if (spec.annotations !== undefined) {
    const annotations = objectAt(spec.annotations, `${path}.spec.annotations`, ["name", "labels"]);
    if (annotations.name !== undefined && typeof annotations.name !== "string") {
      throw new TypeError(`${path}.spec.annotations.name must be a string`);
    }
    if (annotations.labels !== undefined) {
      const labels = objectAt(annotations.labels, `${path}.spec.annotations.labels`);
      for (const [key, label] of Object.entries(labels)) {
        if (typeof label !== "string") throw new TypeError(`${path}.spec.annotations.labels.${key} must be a string`);
      }
    }
  }
  if (spec.templating !== undefined) {
    const templating = objectAt(spec.templating, `${path}.spec.templating`, ["name"]);
    if (typeof templating.name !== "string") throw new TypeError(`${path}.spec.templating.name must be a string`);
  }
}

/** `value` as an object; with `known`, one with no other field. */
function objectAt(value: unknown, path: string, known?: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${path} must be an object`);
  }
  const unknown = known ? Object.keys(value).filter((key) => !known.includes(key)) : [];
  if (unknown.length > 0) {
    throw new TypeError(unknown.map((key) => `${path}.${key}: unknown field`).join("; "));
  }
  return value as Record<string, unknown>;
}

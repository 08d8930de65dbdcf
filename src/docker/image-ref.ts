import type { PullPolicy } from "../exec/container-spec.js";

/** An image reference taken apart. */
export interface ImageRef {
  /** Registry host (and port) as written, or `docker.io` when the reference names none. */
  registry: string;
  /** The reference without tag and digest, as the engine's pull takes it (`fromImage`). */
  repository: string;
  /** The tag after the last `:` of the name (e.g. `"1.27"`); absent when the reference has none. */
  tag?: string;
  /** The content digest after `@` (e.g. `"sha256:…"`); absent when the reference has none. */
  digest?: string;
}

/**
 * Splits an image reference (`[registry/]path[:tag][@digest]`). The first path component is a
 * registry when it contains `.` or `:`, or is `localhost`.
 */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf("/");
  const first = slash >= 0 ? rest.slice(0, slash) : "";
  const hasRegistry = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  const out: ImageRef = { registry: hasRegistry ? first : "docker.io", repository: rest };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/**
 * The tag or digest to pull: the digest when there is one, else the tag, else `latest` (an
 * untagged reference never pulls every tag).
 */
export function pullTag(ref: ImageRef): string {
  return ref.digest ?? ref.tag ?? "latest";
}

/**
 * The pull policy when neither the task nor the executor sets one, as Kubernetes and Nomad
 * choose it: `"always"` for an untagged or `:latest` reference (it moves), `"missing"` for any
 * other tag or a digest.
 */
export function defaultPullPolicy(ref: ImageRef): PullPolicy {
  if (ref.digest) return "missing";
  return ref.tag === undefined || ref.tag === "latest" ? "always" : "missing";
}

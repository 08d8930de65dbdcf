import type { Config, ConfigReference, Secret, SecretReference, Task } from "../../src/index.js";
import { TaskState } from "../../src/index.js";

const utf8 = new TextEncoder();

/** A secret holding `text`. */
export function secret(id: string, text: string, templating?: { name: string }): Secret {
  return { id, spec: { data: utf8.encode(text), ...(templating ? { templating } : {}) } };
}

/** A config holding `text`. */
export function config(id: string, text: string, templating?: { name: string }): Config {
  return { id, spec: { data: utf8.encode(text), ...(templating ? { templating } : {}) } };
}

/** The bytes as UTF-8 text. */
export function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}

/** A task whose container references these secrets and configs. */
export function taskReferencing(
  refs: { secrets?: SecretReference[]; configs?: ConfigReference[]; env?: string[] },
  id = "task-1",
): Task {
  return {
    id,
    spec: { container: { image: "busybox", ...refs } },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
}

/** A reference to secret `secretId`, with a file target when `target` is given. */
export function secretRef(secretId: string, target?: string): SecretReference {
  const ref: SecretReference = { secretId, secretName: `${secretId}-name` };
  if (target !== undefined) ref.file = { name: target, uid: "0", gid: "0", mode: 0o666 };
  return ref;
}

/** A reference to config `configId`, with a file target when `target` is given. */
export function configRef(configId: string, target?: string): ConfigReference {
  const ref: ConfigReference = { configId, configName: `${configId}-name` };
  if (target !== undefined) ref.file = { name: target, uid: "0", gid: "0", mode: 0o666 };
  return ref;
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error("expected a throw");
}

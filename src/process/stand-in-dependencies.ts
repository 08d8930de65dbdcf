// STAND-IN, TO BE REPLACED when issue 3 (src/secrets, src/configs) is on main: delete this file
// and, in executor.ts (its only user), import createSecretsManager and restrictSecrets from
// issue 3's src/secrets module and createConfigsManager and restrictConfigs from its src/configs
// module. Same names and the behaviour of SwarmKit's agent/secrets and agent/configs, kept
// minimal and private: nothing here is exported from the package.

import { ExecError } from "../exec/errors.js";
import type { Config, ConfigGetter, ConfigsManager, Secret, SecretGetter, SecretsManager } from "../exec/executor.js";
import type { Task } from "../exec/task.js";

interface Item {
  id: string;
  spec: { data: Uint8Array };
}

class Store<T extends Item> {
  readonly #items = new Map<string, T>();
  constructor(readonly kind: string) {}

  get(id: string): T {
    const item = this.#items.get(id);
    if (!item) throw new ExecError("EXEC_DEPENDENCY_NOT_FOUND", `${this.kind} ${id} not found`);
    return { ...item, spec: { ...item.spec, data: Uint8Array.from(item.spec.data) } };
  }
  add(...items: T[]): void {
    for (const item of items) {
      this.#items.set(item.id, { ...item, spec: { ...item.spec, data: Uint8Array.from(item.spec.data) } });
    }
  }
  remove(ids: Iterable<string>): void {
    for (const id of ids) this.#items.delete(id);
  }
  reset(): void {
    this.#items.clear();
  }
}

/** @internal Stand-in for issue 3's `createSecretsManager`. */
export function createSecretsManager(): SecretsManager {
  return new Store<Secret>("secret");
}

/** @internal Stand-in for issue 3's `createConfigsManager`. */
export function createConfigsManager(): ConfigsManager {
  return new Store<Config>("config");
}

function notAuthorized(kind: string, id: string): ExecError {
  return new ExecError("EXEC_DEPENDENCY_NOT_AUTHORIZED", `task not authorized to access ${kind} ${id}`);
}

/** @internal Stand-in for issue 3's `restrictSecrets` (with the task-specific id `<id>.<taskId>`). */
export function restrictSecrets(getter: SecretGetter, task: Task): SecretGetter {
  const allowed = new Set((task.spec.container?.secrets ?? []).map((ref) => ref.secretId));
  return {
    get(id: string): Secret {
      if (!allowed.has(id)) throw notAuthorized("secret", id);
      try {
        return { ...getter.get(`${id}.${task.id}`), id };
      } catch {
        return getter.get(id);
      }
    },
  };
}

/** @internal Stand-in for issue 3's `restrictConfigs`. */
export function restrictConfigs(getter: ConfigGetter, task: Task): ConfigGetter {
  const allowed = new Set((task.spec.container?.configs ?? []).map((ref) => ref.configId));
  return {
    get(id: string): Config {
      if (!allowed.has(id)) throw notAuthorized("config", id);
      return getter.get(id);
    },
  };
}

// Stand-in for issue 3's managers and restriction (see ../upstream.ts); replaced on integration.
import { ExecError, ExecErrorCode } from "../../exec/errors.js";
import type { Config, ConfigsManager, DependencyGetter, Secret, SecretsManager } from "../../exec/executor.js";
import type { Task } from "../../exec/task.js";

function manager<T extends { id: string }>(kind: string) {
  const items = new Map<string, T>();
  return {
    get(id: string): T {
      const item = items.get(id);
      if (!item) throw new ExecError(ExecErrorCode.InvalidTask, `${kind} ${id} not found`);
      return item;
    },
    add(...added: T[]) {
      for (const item of added) items.set(item.id, structuredClone(item));
    },
    remove(ids: Iterable<string>) {
      for (const id of ids) items.delete(id);
    },
    reset() {
      items.clear();
    },
  };
}

/** @internal */
export const createSecretsManager = (): SecretsManager => manager<Secret>("secret");
/** @internal */
export const createConfigsManager = (): ConfigsManager => manager<Config>("config");

/** @internal */
export function restrict(deps: DependencyGetter, task: Task): DependencyGetter {
  const secretIds = new Set(task.spec.container?.secrets?.map((ref) => ref.secretId));
  const configIds = new Set(task.spec.container?.configs?.map((ref) => ref.configId));
  const refuse = (kind: string, id: string) =>
    new ExecError(ExecErrorCode.InvalidTask, `task not authorized to access ${kind} ${id}`);
  return {
    secrets: {
      get: (id) => {
        if (!secretIds.has(id)) throw refuse("secret", id);
        return deps.secrets.get(id);
      },
    },
    configs: {
      get: (id) => {
        if (!configIds.has(id)) throw refuse("config", id);
        return deps.configs.get(id);
      },
    },
  };
}

import type { Config, ConfigsManager, Controller, Executor, Secret, SecretsManager, Task } from "../../src/index.js";
import { StubController, type StubControllerFns } from "../../src/index.js";

/** A map-backed secrets or configs manager, standing in for the in-memory managers of another module. */
export class MapDependencyManager<T extends Secret | Config> {
  readonly items = new Map<string, T>();

  get(id: string): T {
    const item = this.items.get(id);
    if (!item) throw new Error(`dependency ${id} not found`);
    return item;
  }

  add(...items: T[]): void {
    for (const item of items) this.items.set(item.id, item);
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) this.items.delete(id);
  }

  reset(): void {
    this.items.clear();
  }

  ids(): string[] {
    return [...this.items.keys()].sort();
  }
}

/** Options of {@link StubExecutor}. */
export interface StubExecutorOptions {
  /** Functions every new controller gets (a fresh copy per task). */
  fns?: (task: Task) => StubControllerFns;
  /** Makes `controller(task)` fail for a task (throw the returned error) when it returns one. */
  refuse?: (task: Task) => unknown;
}

/**
 * An executor whose controllers are `StubController`s, kept per task id (the latest one) so that
 * tests can count calls; with secrets and configs managers, like the original's mockExecutor.
 */
export class StubExecutor implements Executor {
  readonly controllers = new Map<string, StubController>();
  readonly secrets: SecretsManager & MapDependencyManager<Secret> = new MapDependencyManager<Secret>();
  readonly configs: ConfigsManager & MapDependencyManager<Config> = new MapDependencyManager<Config>();
  controllerCalls = 0;
  /** `<task id>:remove` and `<task id>:close`, in the order the controllers were called. */
  readonly log: string[] = [];

  constructor(private readonly options: StubExecutorOptions = {}) {}

  async describe() {
    return { hostname: "stub", platform: { architecture: "x86_64", os: "linux" }, resources: {} };
  }

  async configure(): Promise<void> {}

  controller(task: Task): Controller {
    this.controllerCalls++;
    const refusal = this.options.refuse?.(task);
    if (refusal !== undefined) throw refusal;
    const controller = new StubController(this.options.fns?.(task));
    const { removeFn, closeFn } = controller;
    controller.removeFn = async (signal) => {
      this.log.push(`${task.id}:remove`);
      await removeFn?.(signal);
    };
    controller.closeFn = async () => {
      this.log.push(`${task.id}:close`);
      await closeFn?.();
    };
    this.controllers.set(task.id, controller);
    return controller;
  }
}

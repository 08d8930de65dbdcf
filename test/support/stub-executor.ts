import {
  type Controller,
  createConfigsManager,
  createSecretsManager,
  type Executor,
  StubController,
  type StubControllerFns,
  type Task,
} from "../../src/index.js";

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
  readonly secrets = createSecretsManager();
  readonly configs = createConfigsManager();
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

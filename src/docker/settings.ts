import type { PullPolicy } from "../exec/container-spec.js";
import type { Task } from "../exec/task.js";
import type { TemplatedDependencyGetter } from "../exec/template/templated-dependencies.js";
import type { DockerAdapter } from "./adapter.js";
import type { PullProgressEvent } from "./pull.js";
import type { PullCoordinator } from "./pull-coordinator.js";
import type { DependencyFileMounter } from "./secret-files.js";

/** The executor's settings every controller follows (resolved from `DockerExecutorOptions`). @internal */
export interface DockerSettings {
  labelPrefix: string;
  /** `undefined`: per image reference (see `defaultPullPolicy`). */
  pullPolicy: PullPolicy | undefined;
  pullTimeout: number;
  pullInactivityTimeout: number;
  onPullProgress: ((event: PullProgressEvent) => void) | undefined;
  /** Credentials for a registry host when the task carries none. */
  registryAuth: (registry: string) => Promise<string | undefined>;
  networkMode: string | undefined;
  portBindingHostIp: string;
  healthStartTimeout: number | undefined;
  reconnectTimeout: number;
  waitPollInterval: number;
}

/** What a controller works with. @internal */
export interface ControllerContext {
  adapter: DockerAdapter;
  settings: DockerSettings;
  pulls: PullCoordinator;
  /** `undefined` when secret and config files cannot be delivered (the controller refuses tasks that need them). */
  mounter: DependencyFileMounter | undefined;
  /** The task's restricted (and templated) view of secrets and configs. */
  dependencies: TemplatedDependencyGetter | undefined;
}

/** A task as a controller runs it: validated, with its templates expanded. @internal */
export type PreparedTask = Task & { spec: { container: NonNullable<Task["spec"]["container"]> } };

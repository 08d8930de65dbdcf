import type { Controller } from "../controller/controller.js";
import type { Annotations, Resources, Task } from "./task.js";

/** A plugin the engine offers, e.g. `{ type: "Volume", name: "local" }`. */
export interface PluginDescription {
  /** The kind of plugin: `"Volume"`, `"Network"`, `"Authorization"`, `"Log"`. */
  type: string;
  /** The plugin's name, e.g. `"local"`. */
  name: string;
}

/** What a node is and offers: reported to the orchestrator, and used by templates. */
export interface NodeDescription {
  /** The node's host name. */
  hostname: string;
  /** The node's CPU architecture and operating system. */
  platform: {
    /** As `uname -m` says, e.g. `"x86_64"`, `"aarch64"`. */
    architecture: string;
    /** E.g. `"linux"`. */
    os: string;
  };
  /** The CPUs and memory the node offers. */
  resources: Resources;
  /** The container engine (container executors only). */
  engine?: {
    /** The engine's version, e.g. `"28.2.2"`. */
    engineVersion: string;
    /** The engine's labels. */
    labels: Record<string, string>;
    /** The plugins the engine offers. */
    plugins: PluginDescription[];
  };
}

/** A secret: sensitive bytes delivered to tasks that reference it. */
export interface Secret {
  /** The secret's id: what a task's `SecretReference.secretId` names. */
  id: string;
  /** The secret's name, labels and bytes. */
  spec: {
    /** The secret's name and labels. */
    annotations?: Annotations;
    /** The secret's bytes. */
    data: Uint8Array;
    /** Expand placeholders in `data` per task. The original's only engine is `"golang"`. */
    templating?: {
      /** The template engine. */
      name: string;
    };
  };
}

/** A config: non-sensitive bytes delivered to tasks that reference it. */
export interface Config {
  /** The config's id: what a task's `ConfigReference.configId` names. */
  id: string;
  /** The config's name, labels and bytes. */
  spec: {
    /** The config's name and labels. */
    annotations?: Annotations;
    /** The config's bytes. */
    data: Uint8Array;
    /** Expand placeholders in `data` per task. The original's only engine is `"golang"`. */
    templating?: {
      /** The template engine. */
      name: string;
    };
  };
}

/** Looks up secrets by id. */
export interface SecretGetter {
  /** The secret with this id; throws an `ExecError` when it is unknown or not allowed. */
  get(id: string): Secret;
}

/** Looks up configs by id. */
export interface ConfigGetter {
  /** The config with this id; throws an `ExecError` when it is unknown or not allowed. */
  get(id: string): Config;
}

/** A mutable store of secrets. */
export interface SecretsManager extends SecretGetter {
  /** Stores a copy of each secret, replacing any with the same id. */
  add(...secrets: Secret[]): void;
  /** Removes the secrets with these ids; unknown ids are ignored. */
  remove(ids: Iterable<string>): void;
  /** Removes every secret. */
  reset(): void;
}

/** A mutable store of configs. */
export interface ConfigsManager extends ConfigGetter {
  /** Stores a copy of each config, replacing any with the same id. */
  add(...configs: Config[]): void;
  /** Removes the configs with these ids; unknown ids are ignored. */
  remove(ids: Iterable<string>): void;
  /** Removes every config. */
  reset(): void;
}

/** Access to a task's dependencies. */
export interface DependencyGetter {
  /** The secrets the task may read. */
  readonly secrets: SecretGetter;
  /** The configs the task may read. */
  readonly configs: ConfigGetter;
}

/** The stores of every dependency a node holds. */
export interface DependencyManager extends DependencyGetter {
  /** Every secret the node holds. */
  readonly secrets: SecretsManager;
  /** Every config the node holds. */
  readonly configs: ConfigsManager;
}

/**
 * Runs tasks on a node: describes the node and makes a {@link Controller} per task.
 *
 * Port of SwarmKit's `agent/exec` `Executor`.
 */
export interface Executor {
  /** What this node is and offers. */
  describe(signal?: AbortSignal): Promise<NodeDescription>;
  /** Applies node-level configuration from the orchestrator. */
  configure(node: unknown, signal?: AbortSignal): Promise<void>;
  /**
   * A controller for the task. Throws (or rejects) when the task cannot run here, e.g. with
   * `ErrRuntimeUnsupported`, or with an error naming an invalid field.
   */
  controller(task: Task): Controller | Promise<Controller>;
  /** Where the agent stores the secrets it is given, when the executor supports secrets. */
  readonly secrets?: SecretsManager;
  /** Where the agent stores the configs it is given, when the executor supports configs. */
  readonly configs?: ConfigsManager;
}

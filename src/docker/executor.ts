import { createConfigsManager } from "../configs/configs-manager.js";
import { templatedTask } from "../dependencies/templated-task.js";
import type { PullPolicy } from "../exec/container-spec.js";
import { ErrRuntimeUnsupported } from "../exec/errors.js";
import type { ConfigsManager, Executor, NodeDescription, SecretsManager } from "../exec/executor.js";
import type { Task } from "../exec/task.js";
import { createSecretsManager } from "../secrets/secrets-manager.js";
import { DockerAdapter } from "./adapter.js";
import type { DockerClient } from "./client.js";
import { DockerController } from "./controller.js";
import { nodeDescription } from "./describe.js";
import { createDockerClient, type EngineEndpoint, endpointOfClient, engineFromEnvironment } from "./engine.js";
import { defaultLabelPrefix } from "./naming.js";
import { checkDockerExecutorOptions } from "./options-schema.js";
import type { PullProgressEvent } from "./pull.js";
import { PullCoordinator } from "./pull-coordinator.js";
import { registryAuthFromConfig } from "./registry-auth.js";
import { type DependencyFileMounter, HostTmpfsMounter } from "./secret-files.js";
import type { ControllerContext, DockerSettings, PreparedTask } from "./settings.js";
import { validateDockerTask } from "./validate-docker.js";

/** Options of {@link DockerExecutor}. Durations are in milliseconds. */
export interface DockerExecutorOptions {
  /** A ready dockerode instance. @defaultValue one that reaches the engine as the `docker` CLI does (see `engineFromEnvironment`) */
  docker?: DockerClient;
  /** Where `DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH` and `DOCKER_CONFIG` are read. @defaultValue `process.env` */
  env?: NodeJS.ProcessEnv;
  /** Prefix of the executor's labels (`<prefix>.task.id`, …). @defaultValue `"taskwright"` */
  labelPrefix?: string;
  /**
   * When to pull, unless a task says (`pullOptions.policy`). @defaultValue per image: `"always"` for
   * an untagged or `:latest` reference, `"missing"` for any other tag or a digest
   */
  pullPolicy?: PullPolicy;
  /** A pull must finish within this time. @defaultValue 600 000 (10 min) */
  pullTimeout?: number;
  /** A pull fails after this long without progress. @defaultValue 120 000 (2 min) */
  pullInactivityTimeout?: number;
  /** Receives pull progress messages. */
  onPullProgress?: (event: PullProgressEvent) => void;
  /**
   * Credentials (encoded as the engine wants them, see `encodeRegistryAuth`) for a registry host,
   * used when a task has no `pullOptions.registryAuth`. @defaultValue read from the docker
   * `config.json` in `$DOCKER_CONFIG` or `~/.docker` (auths, credential helpers, credential store)
   */
  registryAuth?: (registry: string) => Promise<string | undefined>;
  /** `HostConfig.NetworkMode` of every container, e.g. `"none"`. @defaultValue the engine's default (`bridge`) */
  networkMode?: string;
  /** Host address for ports published in `host` mode. @defaultValue `""` (all addresses) */
  portBindingHostIp?: string;
  /** How long an ordinary engine call may take. @defaultValue 60 000 */
  requestTimeout?: number;
  /**
   * Milliseconds a container with a healthcheck may take to become healthy, counted from its start.
   * @defaultValue the time its healthcheck needs to reach a verdict (start period + (interval +
   * timeout) × (retries + 1), with the engine's defaults of 30 s, 30 s and 3), plus 10 s
   */
  healthStartTimeout?: number;
  /** How long `wait`, health gating and logs keep retrying an unreachable engine before a temporary error. @defaultValue 60 000 */
  reconnectTimeout?: number;
  /** How often `wait` looks at a running container besides the engine's own wait. @defaultValue 30 000 */
  waitPollInterval?: number;
  /**
   * Writes secret and config files. @defaultValue a host tmpfs with read-only bind mounts
   * (`HostTmpfsMounter`) when the engine is on this machine; none for a remote engine, so a task
   * with secret or config files is refused rather than having them written to disk
   */
  secretFiles?: DependencyFileMounter;
  /** The node description to use instead of asking the engine (templates read it). */
  node?: NodeDescription;
  /** The store of secrets. @defaultValue a new, empty one */
  secrets?: SecretsManager;
  /** The store of configs. @defaultValue a new, empty one */
  configs?: ConfigsManager;
}

/**
 * Runs tasks as Docker containers through the engine's API (dockerode). See the README's
 * "Docker executor" section.
 *
 * Port of SwarmKit's `swarmd/dockerexec` executor.
 *
 * @example
 * ```ts
 * const executor = new DockerExecutor({ networkMode: "none" });
 * const { controller, status } = await Resolve(task, executor);
 * ```
 */
export class DockerExecutor implements Executor {
  /** Secrets given to the node; tasks read only those they reference. */
  readonly secrets: SecretsManager;
  /** Configs given to the node; tasks read only those they reference. */
  readonly configs: ConfigsManager;
  /** The dockerode instance in use. */
  readonly docker: DockerClient;
  /** Where the engine is. */
  readonly endpoint: EngineEndpoint;
  private readonly adapter: DockerAdapter;
  private readonly settings: DockerSettings;
  private readonly pulls = new PullCoordinator();
  private readonly mounter: DependencyFileMounter | undefined;
  private node: Promise<NodeDescription> | undefined;

  /**
   * @param options - see {@link DockerExecutorOptions}
   * @throws TypeError naming every invalid option: an unknown name (with the closest known one,
   *   e.g. `DockerExecutor options: unknown option "network" (did you mean "networkMode"?)`) or a
   *   value of the wrong type or range (e.g. `DockerExecutor options.requestTimeout: expected a
   *   positive number of milliseconds, got "abc"`)
   * @throws ExecError (`EXEC_INVALID_TASK`) when `DOCKER_HOST` or the TLS certificates cannot be used
   */
  constructor(options: DockerExecutorOptions = {}) {
    checkDockerExecutorOptions(options);
    const env = options.env ?? process.env;
    if (options.docker) {
      this.docker = options.docker;
      this.endpoint = endpointOfClient(options.docker);
    } else {
      const connection = engineFromEnvironment(env);
      this.docker = createDockerClient(connection);
      this.endpoint = connection.endpoint;
    }
    this.adapter = new DockerAdapter(this.docker, this.endpoint, options.requestTimeout ?? 60_000);
    this.secrets = options.secrets ?? createSecretsManager();
    this.configs = options.configs ?? createConfigsManager();
    this.mounter = options.secretFiles ?? (this.endpoint.local ? new HostTmpfsMounter() : undefined);
    if (options.node) this.node = Promise.resolve(options.node);
    const configDir = env.DOCKER_CONFIG;
    this.settings = {
      labelPrefix: options.labelPrefix ?? defaultLabelPrefix,
      pullPolicy: options.pullPolicy,
      pullTimeout: options.pullTimeout ?? 600_000,
      pullInactivityTimeout: options.pullInactivityTimeout ?? 120_000,
      onPullProgress: options.onPullProgress,
      registryAuth: options.registryAuth ?? ((registry) => registryAuthFromConfig(registry, { configDir })),
      networkMode: options.networkMode,
      portBindingHostIp: options.portBindingHostIp ?? "",
      healthStartTimeout: options.healthStartTimeout,
      reconnectTimeout: options.reconnectTimeout ?? 60_000,
      waitPollInterval: options.waitPollInterval ?? 30_000,
    };
  }

  /**
   * Describes the node from the engine's `info` and plugins (hostname, platform, CPUs, memory,
   * engine version, labels, plugins), and keeps it for templates.
   *
   * @throws EngineUnreachableError (temporary) when the engine does not answer
   */
  async describe(signal?: AbortSignal): Promise<NodeDescription> {
    const [info, plugins] = await Promise.all([
      this.adapter.info(signal),
      this.adapter.plugins(signal).catch(() => []),
    ]);
    const description = nodeDescription(info, plugins);
    this.node = Promise.resolve(description);
    return description;
  }

  /** Nothing to configure: resolves. */
  async configure(_node: unknown, _signal?: AbortSignal): Promise<void> {}

  /**
   * A controller for the task. Checks the task first (`validateDockerTask`), expands its
   * templates with the node's description (asked of the engine once), and gives it its
   * restricted, templated view of the secrets and configs.
   *
   * @throws ErrRuntimeUnsupported when the task has no container spec
   * @throws InvalidTaskError naming every invalid field (e.g. a missing image)
   * @throws an `EXEC_TEMPLATE_*` error for a template that cannot be expanded
   * @throws EngineUnreachableError (temporary) when the node must be described and the engine does not answer
   */
  async controller(task: Task): Promise<DockerController> {
    validateDockerTask(task);
    if (!task.spec.container) throw ErrRuntimeUnsupported;
    this.node ??= this.describe().catch((err: unknown) => {
      this.node = undefined;
      throw err;
    });
    const node = await this.node;
    const { container, dependencies } = templatedTask(task, { secrets: this.secrets, configs: this.configs }, node);
    const expanded: PreparedTask = { ...task, spec: { ...task.spec, container } };
    const ctx: ControllerContext = {
      adapter: this.adapter,
      settings: this.settings,
      pulls: this.pulls,
      mounter: this.mounter,
      dependencies,
    };
    return new DockerController(expanded, ctx);
  }
}

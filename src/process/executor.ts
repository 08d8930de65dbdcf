import { availableParallelism, hostname, machine, totalmem } from "node:os";
import { createConfigsManager } from "../configs/configs-manager.js";
import { templatedTask } from "../dependencies/templated-task.js";
import type { ConfigsManager, Executor, NodeDescription, SecretsManager } from "../exec/executor.js";
import type { Task } from "../exec/task.js";
import { createSecretsManager } from "../secrets/secrets-manager.js";
import { ProcessController } from "./controller.js";
import { ExitCleanup } from "./exit-cleanup.js";
import type { LaunchSettings } from "./launch.js";
import type { LogBufferLimits } from "./log-buffer.js";
import { checkProcessExecutorOptions } from "./options-schema.js";
import { inheritedEnv } from "./process-env.js";
import { processSpecOf } from "./process-spec.js";
import { defaultRuntimeDirs } from "./runtime-dir.js";

/** Options of {@link ProcessExecutor}. */
export interface ProcessExecutorOptions {
  /** Where the agent stores secrets; shared with the executor's controllers. @defaultValue a new, empty store */
  secrets?: SecretsManager;
  /** Where the agent stores configs. @defaultValue a new, empty store */
  configs?: ConfigsManager;
  /**
   * The environment every task starts from; the spec's `env` is applied on top. Pass
   * `process.env` to hand tasks this process's whole environment.
   * @defaultValue the variables of `inheritedVariables` (PATH, HOME, locale, TZ, TMPDIR, …) from `process.env`
   */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * The directory in which each task with secrets or configs gets its private directory. It is
   * used as given; secrets are refused there unless it is a tmpfs or `allowSecretsOnDisk` is set.
   * @defaultValue on Linux the first tmpfs of `$XDG_RUNTIME_DIR`, `/dev/shm`, `/run/shm`; else the system's temporary directory
   */
  runtimeDir?: string;
  /**
   * Accept writing secrets to a directory that is not in memory (a disk), e.g. on macOS or
   * Windows, which have no tmpfs. Without it such a task is rejected.
   * @defaultValue false
   */
  allowSecretsOnDisk?: boolean;
  /**
   * Refuse tasks that set fields a process cannot honour (mounts, capabilities, resources, … see
   * `ignoredProcessFields`): `controller()` throws an `InvalidTaskError` naming each, so `Resolve`
   * rejects the task rather than run it without them. `false` runs such tasks anyway, ignoring
   * those fields (list them with `ignoredProcessFields` to tell your users). `image`,
   * `pullOptions` and `labels` are always ignored: they describe an image the process does not use.
   * @defaultValue true
   */
  strict?: boolean;
  /**
   * Kill running task process groups and delete private directories when this Node.js process
   * exits (its `exit` event), so neither a task nor a secret outlives it.
   * @defaultValue true
   */
  cleanupOnExit?: boolean;
  /**
   * Bytes of output kept per task for `logs`; older lines are dropped.
   * @defaultValue 8 MiB
   */
  maxLogBytes?: number;
}

/**
 * Runs each task as a child process of this Node.js process: `spec.container.command` + `args`,
 * with the spec's `env`, `dir` and `user`, ignoring `image`. No Docker needed.
 *
 * `controller(task)` checks the task and returns a {@link ProcessController}, which has the
 * Docker controller's semantics (exit code, stop signal and grace period, logs, secrets) and also
 * `containerStatus` and `logs`.
 *
 * Secret and config files go to a private directory (mode 0700) on a tmpfs, whose paths reach the
 * process in `TASKWRIGHT_SECRETS_DIR` and `TASKWRIGHT_CONFIGS_DIR`.
 *
 * Templates are expanded as the Docker executor expands them, with this host as the node: the
 * `env` values, and the payloads of templated secrets and configs (a config that pulls in a
 * secret is kept off a disk like a secret).
 *
 * A process is no container: nothing isolates it or limits its resources; it sees the host's
 * file system and network. The fields it cannot honour are listed by `ignoredProcessFields`.
 *
 * @example
 * ```ts
 * const executor = new ProcessExecutor();
 * const { controller, status } = await Resolve(task, executor);
 * ```
 */
export class ProcessExecutor implements Executor {
  readonly secrets: SecretsManager;
  readonly configs: ConfigsManager;
  readonly #settings: LaunchSettings;
  readonly #strict: boolean;
  readonly #logLimits: LogBufferLimits;
  readonly #cleanup: ExitCleanup;

  /**
   * @param options - see {@link ProcessExecutorOptions}
   * @throws TypeError naming every invalid option: an unknown name (with the closest known one,
   *   e.g. `ProcessExecutor options: unknown option "stopGracePeriod"`) or a value of the wrong type
   *   or range (e.g. `ProcessExecutor options.strict: expected true or false, got "yes"`)
   */
  constructor(options: ProcessExecutorOptions = {}) {
    checkProcessExecutorOptions(options);
    const { maxLogBytes = 8 * 1024 * 1024, runtimeDir } = options;
    this.secrets = options.secrets ?? createSecretsManager();
    this.configs = options.configs ?? createConfigsManager();
    this.#settings = {
      baseEnv: { ...(options.baseEnv ?? inheritedEnv()) },
      runtimeDir,
      runtimeDirCandidates: defaultRuntimeDirs(),
      allowSecretsOnDisk: options.allowSecretsOnDisk ?? false,
    };
    this.#strict = options.strict ?? true;
    this.#logLimits = { maxBytes: maxLogBytes, maxLineBytes: 16 * 1024 };
    this.#cleanup = new ExitCleanup(options.cleanupOnExit ?? true);
  }

  /** This host: its name, OS and architecture (as `uname -m` says), CPUs and memory. */
  async describe(signal?: AbortSignal): Promise<NodeDescription> {
    signal?.throwIfAborted();
    return describeHost();
  }

  /** Nothing to configure: resolves. */
  async configure(_node: unknown, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
  }

  /**
   * A controller for the task. Checks the task, expands the templates of its container spec with
   * this host's description (see `describe`), and gives it its restricted, templated view of the
   * secrets and configs, as the Docker executor does.
   *
   * Of the expanded fields (`expandContainerSpec`), the process uses the `env` values; `hostname`
   * and mount paths are expanded too, so a bad template there rejects the task as it would with
   * Docker, although the process ignores those fields. Templated secret and config payloads are
   * expanded by `prepare`, when their files are written.
   *
   * @throws `ErrRuntimeUnsupported` for a task without a container spec
   * @throws InvalidTaskError naming each invalid field: any that `validateTask` finds, a missing
   *   or empty `spec.container.command`, an unknown `stopSignal`, a malformed `user`, a secret or
   *   config file target outside its directory or taken twice, and (unless `strict` is false)
   *   each field of `ignoredProcessFields` that the task sets
   * @throws TemplateError naming the spec field whose template cannot be expanded (codes `EXEC_TEMPLATE_*`),
   *   e.g. `spec.container.env[0]: template: expansion:1:2: unknown field .Nope`
   */
  controller(task: Task): ProcessController {
    const spec = processSpecOf(task, this.#strict);
    const { container, dependencies } = templatedTask(
      task,
      { secrets: this.secrets, configs: this.configs },
      describeHost(),
    );
    return new ProcessController(task, {
      spec: { ...spec, env: [...(container.env ?? [])] },
      dependencies,
      settings: this.#settings,
      logLimits: this.#logLimits,
      cleanup: this.#cleanup,
    });
  }
}

/** This host as a node: its name, OS and architecture (as `uname -m` says), CPUs and memory. */
function describeHost(): NodeDescription {
  return {
    hostname: hostname(),
    platform: { architecture: machine(), os: process.platform },
    resources: { nanoCpus: availableParallelism() * 1e9, memoryBytes: totalmem() },
  };
}

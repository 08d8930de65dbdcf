import { errorMessage } from "../exec/errors.js";
import type { Executor } from "../exec/executor.js";
import type { Task } from "../exec/task.js";
import { ProcessExecutor } from "../process/executor.js";
import type { ExecutorName } from "./args.js";
import { CliError, CliErrorCode } from "./errors.js";
import type { PullProgress } from "./pull-progress.js";

/** The options the CLI gives the Docker executor's constructor. */
export interface DockerExecutorSettings {
  /** Receives each message of an image pull (see {@link PullProgress}). */
  onPullProgress?: (event: PullProgress) => void;
  /** `HostConfig.NetworkMode` of the task's container (`--network`); absent: the engine's default. */
  networkMode?: string;
}

/** What the CLI needs of the `taskwright/docker` entry. */
export interface DockerEntry {
  DockerExecutor: new (options?: DockerExecutorSettings) => Executor;
}

/** Loads the `taskwright/docker` entry; rejects when it is absent or cannot load. */
export type LoadDocker = () => Promise<unknown>;

// A specifier in a variable: neither TypeScript nor the bundler follow it, so the CLI builds and
// runs without the Docker entry, and dockerode loads only when the Docker executor is wanted.
const dockerEntry = "taskwright/docker";

/** Loads the Docker entry through the package's own `exports` (its sources under tsx). */
export const loadDockerEntry: LoadDocker = () => import(dockerEntry);

/** The executor chosen for the run, and why. */
export interface ChosenExecutor {
  name: ExecutorName;
  executor: Executor;
  reason: string;
}

/** What {@link chooseExecutor} needs besides the choice. */
export interface ChoiceContext {
  loadDocker: LoadDocker;
  onPullProgress: (event: PullProgress) => void;
  /** `--network`: the container's network mode; asks for the Docker executor. */
  networkMode?: string | undefined;
  /** How long a Docker engine has to answer `describe`. @defaultValue 3 000 ms */
  probeTimeoutMs?: number;
  /** Stops waiting for the engine (a Ctrl-C); the choice then falls back, or throws when Docker was asked for. */
  signal?: AbortSignal;
}

/**
 * Picks the executor: the one named by `--executor`; Docker when `--network` is given; else Docker
 * when the task has an image, the Docker executor loads and an engine answers `describe` in time;
 * else the process executor.
 *
 * @throws CliError (`EXEC_CLI_EXECUTOR`, exit code 1) when `--executor docker` or `--network` is
 * given and the Docker executor does not load or no engine answers
 */
export async function chooseExecutor(
  choice: ExecutorName | undefined,
  task: Task,
  context: ChoiceContext,
): Promise<ChosenExecutor> {
  const processExecutor = (reason: string): ChosenExecutor => ({
    name: "process",
    executor: new ProcessExecutor(),
    reason,
  });
  if (choice === "process") return processExecutor("--executor process");
  const asked = choice === "docker" ? "--executor docker" : context.networkMode !== undefined ? "--network" : undefined;
  if (asked === undefined && !task.spec.container?.image) return processExecutor("the task has no image");
  const docker = await connectDocker(context);
  if ("executor" in docker) {
    const reason = `${asked ? `${asked}; ` : ""}${docker.engine}`;
    return { name: "docker", executor: docker.executor, reason };
  }
  if (asked !== undefined) {
    throw new CliError(CliErrorCode.Executor, `${asked}: ${docker.problem}`, { exitCode: 1 });
  }
  return processExecutor(docker.problem);
}

async function connectDocker(
  context: ChoiceContext,
): Promise<{ executor: Executor; engine: string } | { problem: string }> {
  let entry: unknown;
  try {
    entry = await context.loadDocker();
  } catch (err) {
    const absent = (err as { code?: unknown }).code === "ERR_PACKAGE_PATH_NOT_EXPORTED";
    return {
      problem: absent
        ? "the Docker executor is not part of this build of taskwright"
        : `the Docker executor did not load: ${errorMessage(err)}`,
    };
  }
  const DockerExecutor = (entry as Partial<DockerEntry>).DockerExecutor;
  if (typeof DockerExecutor !== "function") return { problem: "the Docker entry has no DockerExecutor" };
  let executor: Executor;
  try {
    const settings: DockerExecutorSettings = { onPullProgress: context.onPullProgress };
    if (context.networkMode !== undefined) settings.networkMode = context.networkMode;
    executor = new DockerExecutor(settings);
    const timeout = AbortSignal.timeout(context.probeTimeoutMs ?? 3_000);
    const node = await executor.describe(context.signal ? AbortSignal.any([timeout, context.signal]) : timeout);
    const version = node.engine?.engineVersion;
    return { executor, engine: `a Docker engine answered${version ? ` (version ${version})` : ""}` };
  } catch (err) {
    return { problem: `no Docker engine answered: ${errorMessage(err)}` };
  }
}

import { z } from "zod";
import { checkOptions, rules } from "../exec/options.js";

const storeMethods = ["get", "add", "remove", "reset"] as const;

/** Every option of `DockerExecutorOptions`, with what it must hold. */
const dockerExecutorOptions = z.strictObject({
  docker: rules.object("a dockerode instance"),
  env: rules.object("an object of environment variables (e.g. process.env)"),
  labelPrefix: rules.nonEmptyString(),
  pullPolicy: rules.oneOf(["always", "missing", "never"]),
  pullTimeout: rules.positiveMs(),
  pullInactivityTimeout: rules.positiveMs(),
  onPullProgress: rules.function(),
  registryAuth: rules.function(),
  networkMode: rules.nonEmptyString(),
  portBindingHostIp: rules.string(),
  requestTimeout: rules.positiveMs(),
  healthStartTimeout: rules.nonNegativeMs(),
  reconnectTimeout: rules.nonNegativeMs(),
  waitPollInterval: rules.positiveMs(),
  secretFiles: rules.methods("a DependencyFileMounter", ["prepare", "cleanup"]),
  node: rules.object("a NodeDescription"),
  secrets: rules.methods("a SecretsManager", storeMethods),
  configs: rules.methods("a ConfigsManager", storeMethods),
});

/**
 * Checks the options of a `DockerExecutor`: known names only, each of its type and range.
 *
 * @throws TypeError naming every bad option, e.g.
 *   `DockerExecutor options.requestTimeout: expected a positive number of milliseconds, got "abc"`
 * @internal
 */
export function checkDockerExecutorOptions(options: unknown): void {
  checkOptions("DockerExecutor", dockerExecutorOptions, options);
}

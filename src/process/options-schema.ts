import { z } from "zod";
import { checkOptions, rules } from "../exec/options.js";

const secretsManager = ["get", "add", "remove", "reset"] as const;

/** Every option of `ProcessExecutorOptions`, with what it must hold. */
const processExecutorOptions = z.strictObject({
  secrets: rules.methods("a SecretsManager", secretsManager),
  configs: rules.methods("a ConfigsManager", secretsManager),
  baseEnv: rules.object("an object of strings (e.g. process.env)"),
  runtimeDir: rules.nonEmptyString(),
  allowSecretsOnDisk: rules.boolean(),
  strict: rules.boolean(),
  cleanupOnExit: rules.boolean(),
  maxLogBytes: rules.positiveInteger(),
});

/**
 * Checks the options of a `ProcessExecutor`: known names only, each of its type, and `baseEnv`'s
 * values strings.
 *
 * @throws TypeError naming every bad option, e.g. `ProcessExecutor options.strict: expected true or false, got "yes"`
 * @internal
 */
export function checkProcessExecutorOptions(options: unknown): void {
  checkOptions("ProcessExecutor", processExecutorOptions, options);
  const baseEnv = (options as { baseEnv?: Record<string, unknown> }).baseEnv;
  const bad = Object.entries(baseEnv ?? {}).find(([, value]) => value !== undefined && typeof value !== "string");
  if (bad) {
    throw new TypeError(
      `ProcessExecutor options.baseEnv.${bad[0]}: expected a string, got ${typeof bad[1] === "object" ? "an object" : String(bad[1])}`,
    );
  }
}

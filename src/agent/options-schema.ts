import { z } from "zod";
import { checkOptions, rule, rules } from "../exec/options.js";
import { type RetryOptions, resolveRetryOptions } from "./backoff.js";

const positiveNumber = () => rule((v) => typeof v === "number" && Number.isFinite(v) && v > 0, "a positive number");

/** `RetryOptions`. */
const retry = z
  .strictObject({
    minDelay: rules.nonNegativeMs(),
    maxDelay: rules.nonNegativeMs(),
    factor: positiveNumber(),
    jitter: rules.boolean(),
  })
  .superRefine((value, context) => {
    // With the defaults in place of what is not given.
    const { minDelay: min, maxDelay: max } = resolveRetryOptions(value as RetryOptions);
    if (min > max) {
      const given = value.maxDelay === undefined ? `the default maxDelay, ${max}` : `maxDelay (${max})`;
      context.addIssue({ code: "custom", path: ["minDelay"], message: `expected at most ${given}`, input: min });
    }
  })
  .optional();

/** `AgentLimits`. */
const limits = z.strictObject({ operations: rules.limit(), prepares: rules.limit() }).optional();

const executor = rules.methods("an Executor", ["controller"]);
const reporter = rules.methods("a StatusReporter", ["updateTaskStatus"]);

const workerOptions = z.strictObject({
  executor,
  stateDir: rules.nonEmptyString(),
  limits,
  retry,
  historyLimit: rules.positiveInteger(),
});

const taskManagerOptions = z.strictObject({
  task: rules.object("a task"),
  controller: rules.object("a Controller"),
  executor,
  reporter,
  retry,
  hooks: z
    .strictObject({ onRetrying: rules.function(), onRecovered: rules.function(), onError: rules.function() })
    .optional(),
  limiters: rules.object("the worker's limiters"),
});

const reliableStatusReporterOptions = z.strictObject({ retry, onError: rules.function() });

const runTaskStreamOptions = z.strictObject({
  signal: rule((v) => v instanceof AbortSignal, "an AbortSignal"),
  reporter: reliableStatusReporterOptions.optional(),
});

/**
 * Checks the options of a `Worker`.
 * @throws TypeError naming every bad option, e.g. `Worker options.limits.operations: expected a positive integer or Infinity, got 0`
 * @internal
 */
export function checkWorkerOptions(options: unknown): void {
  checkOptions("Worker", workerOptions, options);
}

/**
 * Checks the options of a `TaskManager`.
 * @throws TypeError naming every bad option
 * @internal
 */
export function checkTaskManagerOptions(options: unknown): void {
  checkOptions("TaskManager", taskManagerOptions, options);
}

/**
 * Checks the options of a `ReliableStatusReporter`.
 * @throws TypeError naming every bad option
 * @internal
 */
export function checkReliableStatusReporterOptions(options: unknown): void {
  checkOptions("ReliableStatusReporter", reliableStatusReporterOptions, options);
}

/**
 * Checks the options of `runTaskStream`.
 * @throws TypeError naming every bad option
 * @internal
 */
export function checkRunTaskStreamOptions(options: unknown): void {
  checkOptions("runTaskStream", runTaskStreamOptions, options);
}

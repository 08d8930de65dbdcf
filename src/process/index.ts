// taskwright/process: the embedded executor, running tasks as child processes (no Docker needed).

export type { ProcessController } from "./controller.js";
export { ProcessErrorCode, type ProcessExit, ProcessExitError } from "./errors.js";
export { ProcessExecutor, type ProcessExecutorOptions } from "./executor.js";
export { ignoredProcessFields } from "./ignored-fields.js";
export { inheritedVariables } from "./process-env.js";
export { processDefaults } from "./process-spec.js";
export { configsDirVariable, secretsDirVariable } from "./task-files.js";

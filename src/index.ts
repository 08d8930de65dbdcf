// taskwright: run orchestrator tasks one lifecycle step at a time.
// Curated public surface; the Docker and process executors live in "taskwright/docker" and "taskwright/process".

export { createConfigsManager } from "./configs/configs-manager.js";
export { restrictConfigs } from "./configs/restrict.js";
export {
  type ContainerStatuser,
  type Controller,
  type ControllerLogs,
  hasContainerStatus,
  hasLogs,
  hasPortStatus,
  type PortStatuser,
} from "./controller/controller.js";
export {
  StubController,
  type StubControllerCalls,
  type StubControllerFns,
  type StubFn,
} from "./controller/stub-controller.js";
export { createDependencyManager, restrict } from "./dependencies/dependencies.js";
export { isAbortError } from "./exec/abort.js";
export type {
  ConfigReference,
  ContainerSpec,
  DnsConfig,
  Driver,
  FileTarget,
  HealthConfig,
  Mount,
  MountPropagation,
  MountType,
  Privileges,
  PullOptions,
  PullPolicy,
  SecretReference,
  Ulimit,
} from "./exec/container-spec.js";
export { type TaskTransitionMessage, taskTransitionChannelName } from "./exec/debug.js";
export { DependencyErrorCode } from "./exec/dependency-errors.js";
export { Do, type DoOptions, type DoResult } from "./exec/do.js";
export {
  ErrControllerClosed,
  ErrDependencyNotReady,
  ErrRuntimeUnsupported,
  ErrTaskNoop,
  ErrTaskPrepared,
  ErrTaskRetry,
  ErrTaskStarted,
  ErrTaskUpdateRejected,
  ExecError,
  ExecErrorCode,
  errorMessage,
  hasErrorCode,
} from "./exec/errors.js";
export type {
  Config,
  ConfigGetter,
  ConfigsManager,
  DependencyGetter,
  DependencyManager,
  Executor,
  NodeDescription,
  PluginDescription,
  Secret,
  SecretGetter,
  SecretsManager,
} from "./exec/executor.js";
export { type TaskLifecycleEvent, type TaskOperation, taskLifecycle } from "./exec/machine.js";
export { Resolve, type ResolveOptions, type ResolveResult } from "./exec/resolve.js";
export { SecretBytes } from "./exec/secret-bytes.js";
export type {
  Annotations,
  ContainerStatus,
  GenericResource,
  PortConfig,
  PortStatus,
  ResourceRequirements,
  Resources,
  Task,
  TaskSpec,
  TaskStatus,
} from "./exec/task.js";
export {
  isTaskState,
  isTerminalState,
  TaskState,
  type TaskStateName,
  taskStateFromName,
  taskStateName,
  taskStates,
} from "./exec/task-state.js";
export { cloneTaskStatus, taskStatusesEqualStable } from "./exec/task-status.js";
export {
  TemplateError,
  TemplateErrorCode,
  type TemplateErrorDetails,
  type TemplatePosition,
} from "./exec/template/errors.js";
export { expandContainerSpec, expandTaskTemplate } from "./exec/template/expand-container-spec.js";
export {
  type FlaggedConfig,
  type TemplatedConfigGetter,
  type TemplatedDependencyGetter,
  templatedDependencies,
} from "./exec/template/templated-dependencies.js";
export { isTemporary, makeTemporary, TemporaryError } from "./exec/temporary.js";
export {
  InvalidTaskError,
  type ValidationIssue,
  validateContainerSpec,
  validateTask,
  validateTaskSpec,
} from "./exec/validate.js";
export { type DemuxOptions, demuxDockerLogs } from "./logs/demux.js";
export type { DockerLogMessage } from "./logs/docker-log-message.js";
export { LogErrorCode } from "./logs/errors.js";
export { type LogPublishFn, logPublisherFunc } from "./logs/publisher.js";
export { dockerSinceAfter, type LogTimestamp, parseLogTimestamp } from "./logs/timestamp.js";
export type { LogAttr, LogContext, LogMessage, LogPublisher, LogStream, LogSubscriptionOptions } from "./logs/types.js";
export { restrictSecrets, taskSpecificSecretId } from "./secrets/restrict.js";
export { createSecretsManager } from "./secrets/secrets-manager.js";

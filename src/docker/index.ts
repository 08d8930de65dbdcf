// taskwright/docker: the Docker executor. The only entry point that loads dockerode.

export type {
  ContainerInspect,
  DialRequest,
  DockerClient,
  DockerContainerClient,
  EngineEvent,
  EngineInfo,
  ImageInspect,
  PluginInfo,
} from "./client.js";
export {
  type ContainerConfigOptions,
  type ContainerCreateBody,
  containerConfig,
  defaultStopGracePeriod,
} from "./container-config.js";
export type { EngineMount } from "./container-parts.js";
export { DockerController } from "./controller.js";
export { nodeDescription } from "./describe.js";
export {
  type EngineConnection,
  type EngineEndpoint,
  engineFromEnvironment,
} from "./engine.js";
export {
  ContainerExitError,
  ContainerUnhealthyError,
  DockerEngineError,
  DockerError,
  DockerErrorCode,
  EngineUnreachableError,
  ImagePullError,
} from "./errors.js";
export { DockerExecutor, type DockerExecutorOptions } from "./executor.js";
export { defaultPullPolicy, type ImageRef, parseImageRef } from "./image-ref.js";
export { containerLabels, containerName, defaultLabelPrefix, taskName } from "./naming.js";
export type { PullProgressEvent } from "./pull.js";
export {
  type DockerConfigSource,
  encodeRegistryAuth,
  type RegistryCredentials,
  registryAuthFromConfig,
} from "./registry-auth.js";
export {
  type DependencyFile,
  type DependencyFileMounter,
  defaultSecretRoots,
  HostTmpfsMounter,
} from "./secret-files.js";
export { validateDockerTask } from "./validate-docker.js";

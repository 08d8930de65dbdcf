// The one place where the Docker executor takes what the secrets/configs/templating/logs work
// (issue 3) provides. Until that work is on `main`, the small stand-ins in ./interim/ serve the
// same names and signatures; integrating it means pointing these exports at
// ../exec/template/expand-container-spec.js, ../exec/template/templated-dependencies.js,
// ../dependencies/dependencies.js, ../secrets/secrets-manager.js, ../configs/configs-manager.js
// ../logs/demux.js and ../logs/timestamp.js, then deleting ./interim/.

export { type DockerLogMessage, demuxDockerLogs, parseLogTimestamp } from "./interim/demux.js";
export { createConfigsManager, createSecretsManager, restrict } from "./interim/dependencies.js";
export { expandContainerSpec, templatedDependencies } from "./interim/template.js";

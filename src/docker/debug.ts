import { debuglog } from "node:util";

/**
 * Debug output of the Docker executor, enabled with `NODE_DEBUG=taskwright-docker` (or
 * `NODE_DEBUG=taskwright*`).
 *
 * @internal
 */
export const dockerDebug = debuglog("taskwright-docker");

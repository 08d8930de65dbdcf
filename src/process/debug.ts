import { debuglog } from "node:util";

/**
 * Debug output of the process executor, enabled with `NODE_DEBUG=taskwright-process`
 * (or `NODE_DEBUG=taskwright*`).
 *
 * @internal
 */
export const debug = debuglog("taskwright-process");

import type { ProcessUser } from "./user.js";

/**
 * The variables a task inherits from this process by default: what programs commonly need to
 * find executables, locate the home directory, and format text and dates. Everything else
 * (tokens, credentials, the agent's own settings) stays out of the task's environment.
 */
export const inheritedVariables = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "LC_ALL",
  "LC_CTYPE",
  "LC_COLLATE",
  "LC_MESSAGES",
  "LC_NUMERIC",
  "LC_TIME",
  "TZ",
  "TMPDIR",
  // Windows needs these to start most programs.
  "SYSTEMROOT",
  "WINDIR",
  "COMSPEC",
  "PATHEXT",
] as const;

/** Docker's `PATH` for a container whose image sets none. */
const fallbackPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The {@link inheritedVariables} that are set in `env`. */
export function inheritedEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of inheritedVariables) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/**
 * A task's environment, built in this order, later steps winning:
 * 1. `base` (`PATH` defaulting to Docker's when absent);
 * 2. when the task runs as another user: `HOME`, `USER` and `LOGNAME` of that user;
 * 3. the spec's entries: `"NAME=value"` sets, a bare `"NAME"` removes (as the Docker engine does);
 * 4. `extra`: the executor's own variables (the secrets and configs directories).
 */
export function buildEnv(
  base: Readonly<Record<string, string | undefined>>,
  user: ProcessUser | undefined,
  entries: readonly string[],
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  if (process.platform !== "win32") env.PATH ??= fallbackPath;
  if (user) {
    env.HOME = user.home;
    if (user.name === undefined) {
      delete env.USER;
      delete env.LOGNAME;
    } else {
      env.USER = user.name;
      env.LOGNAME = user.name;
    }
  }
  for (const entry of entries) {
    const equals = entry.indexOf("=");
    if (equals === -1) delete env[entry];
    else env[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return Object.assign(env, extra);
}

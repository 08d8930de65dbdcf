import { ExecError } from "./errors.js";

/**
 * Stable codes of the errors raised when a task's secrets and configs are looked up. Match on
 * `error.code`; the messages keep the original's wording (`secret <id> not found`,
 * `task not authorized to access secret <id>`) and never contain a payload.
 */
export const DependencyErrorCode = {
  /** No secret with that id is stored. */
  SecretNotFound: "EXEC_SECRET_NOT_FOUND",
  /** No config with that id is stored. */
  ConfigNotFound: "EXEC_CONFIG_NOT_FOUND",
  /** The task's container spec does not reference that secret. */
  SecretNotAuthorized: "EXEC_SECRET_NOT_AUTHORIZED",
  /** The task's container spec does not reference that config. */
  ConfigNotAuthorized: "EXEC_CONFIG_NOT_AUTHORIZED",
} as const;

/** One of the codes in {@link DependencyErrorCode}. */
export type DependencyErrorCode = (typeof DependencyErrorCode)[keyof typeof DependencyErrorCode];

/** The two kinds of dependency a task reads by id. @internal */
export type DependencyKind = "secret" | "config";

/** `secret <id> not found` / `config <id> not found`. @internal */
export function notFoundError(kind: DependencyKind, id: string): ExecError {
  const code = kind === "secret" ? DependencyErrorCode.SecretNotFound : DependencyErrorCode.ConfigNotFound;
  return new ExecError(code, `${kind} ${id} not found`);
}

/** `task not authorized to access secret <id>` / `… config <id>`. @internal */
export function notAuthorizedError(kind: DependencyKind, id: string): ExecError {
  const code = kind === "secret" ? DependencyErrorCode.SecretNotAuthorized : DependencyErrorCode.ConfigNotAuthorized;
  return new ExecError(code, `task not authorized to access ${kind} ${id}`);
}

import { ExecError } from "../exec/errors.js";

/**
 * Stable error codes raised by the agent (`Worker`, `TaskManager`, the store). Match on
 * `error.code`, never on message text.
 */
export const AgentErrorCode = {
  /** The worker or task manager is closed; nothing more is accepted. */
  Closed: "EXEC_AGENT_CLOSED",
  /** A worker method other than `init` was called before `init` resolved. */
  NotInitialized: "EXEC_AGENT_NOT_INITIALIZED",
  /** Another process holds the state directory's database. */
  StateLocked: "EXEC_AGENT_STATE_LOCKED",
  /** The embedded database could not be loaded or opened. */
  StoreUnavailable: "EXEC_AGENT_STORE_UNAVAILABLE",
  /** Removing a task's runtime failed; the removal is retried. */
  RemoveFailed: "EXEC_AGENT_REMOVE_FAILED",
  /** A `TaskManager` was given a task whose id is not its own. */
  WrongTask: "EXEC_AGENT_WRONG_TASK",
} as const;

/** One of the codes in {@link AgentErrorCode}. */
export type AgentErrorCode = (typeof AgentErrorCode)[keyof typeof AgentErrorCode];

/**
 * The worker or task manager is closed. Message: `agent: closed` (the original's `ErrClosed`).
 */
export const ErrAgentClosed = new ExecError(AgentErrorCode.Closed, "agent: closed");

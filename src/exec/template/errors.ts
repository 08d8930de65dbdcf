import { ExecError } from "../errors.js";

/**
 * Stable codes of template errors. Match on `error.code`.
 *
 * A template error never quotes the template's text or any value it produced: it names the
 * field, function or variable it is about and where (line and column), so that a templated
 * secret cannot leak through its own error.
 */
export const TemplateErrorCode = {
  /** The template does not parse (an unclosed action, a stray `{{end}}`, a bad string…). */
  Syntax: "EXEC_TEMPLATE_SYNTAX",
  /** A field that the context does not have, e.g. `{{.NotExpanded}}`, or a missing map key. */
  UnknownField: "EXEC_TEMPLATE_UNKNOWN_FIELD",
  /** A function that is not defined where the template is expanded, e.g. `{{secret "x"}}` in an env value. */
  UnknownFunction: "EXEC_TEMPLATE_UNKNOWN_FUNCTION",
  /** A function failed, e.g. `{{secret "x"}}` when the task has no secret with target `x`. */
  CallFailed: "EXEC_TEMPLATE_CALL_FAILED",
  /** A value of the wrong kind, e.g. `range` over a string or a field of a string. */
  Type: "EXEC_TEMPLATE_TYPE",
  /** The template produced too much output or took too many steps. */
  Limit: "EXEC_TEMPLATE_LIMIT",
  /** A secret or config asks for a templating engine other than `"golang"`. */
  UnsupportedEngine: "EXEC_TEMPLATE_UNSUPPORTED_ENGINE",
} as const;

/** One of the codes in {@link TemplateErrorCode}. */
export type TemplateErrorCode = (typeof TemplateErrorCode)[keyof typeof TemplateErrorCode];

/** Where in a template an error is, as Go reports it: 1-based line, 0-based byte column. */
export interface TemplatePosition {
  /** The line, from 1. */
  line: number;
  /** The byte column, from 0. */
  column: number;
}

/** What a {@link TemplateError} is made of. */
export interface TemplateErrorDetails {
  /** The error's code. */
  code: TemplateErrorCode;
  /** What went wrong, without any template text, e.g. `unknown field .Service.Nope`. */
  reason: string;
  /** Where in the template, when known. */
  position?: TemplatePosition;
  /** The field, function or variable concerned, e.g. `.Service.Nope` or `secret`. */
  identifier?: string;
  /** Where the template sits, e.g. `spec.container.env[2]` or `secret s1`. */
  field?: string;
  /** Put before the rest of the message, e.g. `failed to expand templated secret s1`. */
  prefix?: string;
  /** The error that caused this one, if any. */
  cause?: unknown;
}

/**
 * A template could not be expanded. The message reads like Go's:
 * `[<prefix>: ]template: expansion:<line>:<column>: <reason>`, e.g.
 * `spec.container.env[2]: template: expansion:1:2: unknown field .NotExpanded`.
 */
export class TemplateError extends ExecError {
  /** Why it failed, without the prefix and position. */
  readonly reason: string;
  /** Where in the template, when known. */
  readonly position: TemplatePosition | undefined;
  /** The field, function or variable concerned, when there is one. */
  readonly identifier: string | undefined;
  /** Where the template sits (`spec.container.hostname`, `secret s1`, …), when known. */
  readonly field: string | undefined;

  /** @param details - see {@link TemplateErrorDetails} */
  constructor(details: TemplateErrorDetails) {
    const at = details.position ? `${details.position.line}:${details.position.column}: ` : " ";
    const core = `template: expansion:${at}${details.reason}`;
    super(details.code, details.prefix ? `${details.prefix}: ${core}` : core, { cause: details.cause });
    this.reason = details.reason;
    this.position = details.position;
    this.identifier = details.identifier;
    this.field = details.field;
  }

  /**
   * The same error, placed: `field` and `prefix` set, this error as the `cause`.
   *
   * @internal
   */
  placed(field: string, prefix: string): TemplateError {
    const details: TemplateErrorDetails = { code: this.code as TemplateErrorCode, reason: this.reason, field, prefix };
    if (this.position) details.position = this.position;
    if (this.identifier !== undefined) details.identifier = this.identifier;
    return new TemplateError({ ...details, cause: this });
  }
}
Object.defineProperty(TemplateError.prototype, "name", { value: "TemplateError", writable: true, configurable: true });

/**
 * Computes Go's position of `offset` in `source`: 1-based line and 0-based column in UTF-8 bytes.
 *
 * @internal
 */
export function positionOf(source: string, offset: number): TemplatePosition {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  let line = 1;
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) line++;
  return { line, column: new TextEncoder().encode(before.slice(lineStart)).byteLength };
}

/**
 * How parsing and evaluation fail inside the engine, before `expandTemplate` turns them into
 * `TemplateError`s with a position in the source.
 *
 * @module
 * @internal
 */

/** A parse error at an offset, naming the function or variable when there is one. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly pos: number,
    readonly unknownFunction?: string,
  ) {
    super(message);
  }
}

/** Thrown by a template function for bad arguments; the evaluator reports `error calling <name>: …`. */
export class CallError extends Error {}

/** How evaluation failed, before the caller adds the source position. */
export class EvaluationError extends Error {
  constructor(
    readonly kind: "unknownField" | "type" | "call" | "limit",
    message: string,
    readonly pos: number,
    readonly identifier?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Expands one template string: parse, evaluate, and report failures as `TemplateError`s that
 * carry Go's position and name the field or function concerned.
 *
 * @module
 * @internal
 */
import { positionOf, TemplateError, TemplateErrorCode } from "./errors.js";
import { evaluate } from "./evaluate.js";
import { EvaluationError, ParseError } from "./failures.js";
import { functionTable } from "./functions.js";
import { parse } from "./parser.js";
import type { EvalLimits, TemplateFunction, TemplateValue } from "./values.js";

/** The caps on one expansion: 4 Mi characters of output and a million evaluation steps. */
export const defaultLimits: EvalLimits = { maxOutput: 4 * 1024 * 1024, maxSteps: 1_000_000 };

const evalCodes = {
  unknownField: TemplateErrorCode.UnknownField,
  type: TemplateErrorCode.Type,
  call: TemplateErrorCode.CallFailed,
  limit: TemplateErrorCode.Limit,
} as const;

/**
 * `source` expanded with `data` as `.`, the built-in functions and `extra`. A string without
 * `{{` is returned as is.
 *
 * @throws TemplateError
 */
export function expandTemplate(
  source: string,
  data: TemplateValue,
  extra: Record<string, TemplateFunction> = {},
  limits: EvalLimits = defaultLimits,
): string {
  if (!source.includes("{{")) return source;
  const functions = functionTable(extra);
  try {
    return evaluate(parse(source, new Set(functions.keys())), data, functions, limits);
  } catch (err) {
    if (err instanceof ParseError) {
      const code = err.unknownFunction ? TemplateErrorCode.UnknownFunction : TemplateErrorCode.Syntax;
      const details = { code, reason: err.message, position: positionOf(source, err.pos) };
      throw new TemplateError(err.unknownFunction ? { ...details, identifier: err.unknownFunction } : details);
    }
    if (err instanceof EvaluationError) {
      const details = {
        code: evalCodes[err.kind],
        reason: err.message,
        position: positionOf(source, err.pos),
        cause: err.cause,
      };
      throw new TemplateError(err.identifier === undefined ? details : { ...details, identifier: err.identifier });
    }
    throw err;
  }
}

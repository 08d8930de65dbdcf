/**
 * Field access: `.A.B` on structs and maps, as Go's `text/template` does it with
 * `missingkey=error`. Only fields of a `TemplateStruct` and keys of a `Map` are reachable.
 *
 * @module
 * @internal
 */
import { EvaluationError } from "./failures.js";
import { kindOf, TemplateStruct, type TemplateValue } from "./values.js";

/** Follows `path` from `value`; `label` names the start in messages (`.A.B`, `$v.A`). */
export function followFields(value: TemplateValue, path: readonly string[], label: string, pos: number): TemplateValue {
  let current = value;
  let where = label;
  for (const name of path) {
    const next = `${where}.${name}`;
    if (current instanceof TemplateStruct) {
      if (!current.fields.has(name)) throw new EvaluationError("unknownField", `unknown field ${next}`, pos, next);
      current = current.fields.get(name) as TemplateValue;
    } else if (current instanceof Map) {
      const map = current as ReadonlyMap<string, TemplateValue>;
      if (!map.has(name))
        throw new EvaluationError("unknownField", `map has no entry for key "${name}" in ${where || "."}`, pos, next);
      current = map.get(name) as TemplateValue;
    } else if (current === null) {
      throw new EvaluationError("type", `nil pointer evaluating ${next}`, pos, next);
    } else {
      throw new EvaluationError("type", `can't evaluate field ${name} in type ${kindOf(current)}`, pos, next);
    }
    where = next;
  }
  return current;
}

/**
 * The values a template works with. There are no objects with methods or prototypes: a template
 * can reach only what is put into a {@link TemplateStruct} or a `Map`, never a JavaScript property.
 *
 * @module
 * @internal
 */

/** A fixed set of named fields, like a Go struct: `.Service`, `.Task`, … */
export class TemplateStruct {
  readonly fields: ReadonlyMap<string, TemplateValue>;

  constructor(fields: Record<string, TemplateValue>) {
    this.fields = new Map(Object.entries(fields));
  }
}

/** A value inside a template. A `Map` is a Go map (keys printed and iterated in sorted order). */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | TemplateStruct
  | ReadonlyMap<string, TemplateValue>
  | readonly TemplateValue[];

/** The kind of a value, as named in error messages. */
export function kindOf(value: TemplateValue): string {
  if (value === null) return "nil";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (value instanceof TemplateStruct) return "struct";
  if (value instanceof Map) return "map";
  return "list";
}

/** Whether a value counts as true in `if`, `with`, `and`, `or` and `not` (Go's rules: empty is false). */
export function isTrue(value: TemplateValue): boolean {
  if (value === null) return false;
  if (typeof value === "string") return value !== "";
  if (typeof value === "number") return value !== 0;
  if (typeof value === "boolean") return value;
  if (value instanceof TemplateStruct) return true;
  if (value instanceof Map) return value.size > 0;
  return (value as readonly TemplateValue[]).length > 0;
}

/** The keys of a map in the order Go iterates and prints them: sorted. */
export function sortedKeys(map: ReadonlyMap<string, TemplateValue>): string[] {
  return [...map.keys()].sort();
}

/** How a value prints, as Go's `fmt` prints it: `map[a:1 b:2]`, `[x y]`, `{x y}`. */
export function formatValue(value: TemplateValue): string {
  if (value === null) return "<no value>";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof TemplateStruct) return `{${[...value.fields.values()].map(formatNested).join(" ")}}`;
  if (value instanceof Map) {
    const map = value as ReadonlyMap<string, TemplateValue>;
    return `map[${sortedKeys(map)
      .map((key) => `${key}:${formatNested(map.get(key) as TemplateValue)}`)
      .join(" ")}]`;
  }
  return `[${(value as readonly TemplateValue[]).map(formatNested).join(" ")}]`;
}

function formatNested(value: TemplateValue): string {
  return value === null ? "<nil>" : formatValue(value);
}

/** A function a template may call. It throws a {@link CallError} (or any error) to fail the call. */
export type TemplateFunction = (...args: TemplateValue[]) => TemplateValue;

/** Caps on one evaluation. */
export interface EvalLimits {
  /** Most characters of output. */
  maxOutput: number;
  /** Most evaluation steps (nodes visited, operands evaluated, iterations). */
  maxSteps: number;
}

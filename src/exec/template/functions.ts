/**
 * The functions every template may call: SwarmKit's `join` and the pure built-ins of Go's
 * `text/template` that need no reflection (`and`, `or` are handled by the evaluator). `printf`,
 * `html`, `js`, `urlquery`, `slice` and `call` are not provided: calling them is an unknown-function error.
 *
 * @module
 * @internal
 */
import { CallError } from "./failures.js";
import { formatValue, isTrue, kindOf, type TemplateFunction, type TemplateValue } from "./values.js";

/** Checks that `args` has between `min` and `max` values. */
export function arity(name: string, args: readonly TemplateValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
    throw new CallError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
  }
}

/** The argument as a string, or a `CallError` naming its kind. */
export function stringArg(value: TemplateValue | undefined, position: number): string {
  if (typeof value !== "string") {
    throw new CallError(`wrong type for argument ${position}: expected string; got ${kindOf(value ?? null)}`);
  }
  return value;
}

const utf8 = new TextEncoder();

function compare(name: string, a: TemplateValue, b: TemplateValue): number {
  const comparable = (v: TemplateValue) => v === null || typeof v !== "object";
  if (!comparable(a) || !comparable(b) || kindOf(a) !== kindOf(b)) {
    throw new CallError(`${name}: incompatible types for comparison (${kindOf(a)} and ${kindOf(b)})`);
  }
  if (a === b) return 0;
  if (typeof a === "boolean" || a === null) return Number.NaN;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

function ordered(name: string, test: (order: number) => boolean): TemplateFunction {
  return (...args) => {
    arity(name, args, 2);
    const order = compare(name, args[0] as TemplateValue, args[1] as TemplateValue);
    if (Number.isNaN(order)) throw new CallError(`${name}: invalid type for comparison (${kindOf(args[0] ?? null)})`);
    return test(order);
  };
}

/** Go's `fmt.Sprint`: a space between two operands when neither is a string. */
function sprint(args: readonly TemplateValue[]): string {
  let out = "";
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += formatValue(arg);
  });
  return out;
}

const builtins: Record<string, TemplateFunction> = {
  join: (...args) => {
    arity("join", args, 1, Number.POSITIVE_INFINITY);
    const [separator, ...parts] = args.map((arg, i) => stringArg(arg, i + 1));
    return parts.join(separator);
  },
  not: (...args) => {
    arity("not", args, 1);
    return !isTrue(args[0] as TemplateValue);
  },
  eq: (...args) => {
    arity("eq", args, 2, Number.POSITIVE_INFINITY);
    const [first, ...others] = args as [TemplateValue, ...TemplateValue[]];
    return others.some((other) => compare("eq", first, other) === 0);
  },
  ne: (...args) => {
    arity("ne", args, 2);
    return compare("ne", args[0] as TemplateValue, args[1] as TemplateValue) !== 0;
  },
  lt: ordered("lt", (order) => order < 0),
  le: ordered("le", (order) => order <= 0),
  gt: ordered("gt", (order) => order > 0),
  ge: ordered("ge", (order) => order >= 0),
  len: (...args) => {
    arity("len", args, 1);
    const value = args[0] as TemplateValue;
    if (typeof value === "string") return utf8.encode(value).byteLength;
    if (value instanceof Map) return value.size;
    if (Array.isArray(value)) return value.length;
    throw new CallError(`len of ${kindOf(value)}`);
  },
  index: (...args) => {
    arity("index", args, 1, Number.POSITIVE_INFINITY);
    let [current, ...keys] = args as [TemplateValue, ...TemplateValue[]];
    for (const key of keys) current = indexOnce(current, key);
    return current;
  },
  print: (...args) => sprint(args),
  println: (...args) => `${args.map(formatValue).join(" ")}\n`,
};

function indexOnce(value: TemplateValue, key: TemplateValue): TemplateValue {
  if (value instanceof Map) {
    if (typeof key !== "string") throw new CallError(`index of map with ${kindOf(key)} key`);
    return (value as ReadonlyMap<string, TemplateValue>).get(key) ?? "";
  }
  if (Array.isArray(value)) {
    if (typeof key !== "number" || !Number.isInteger(key)) throw new CallError(`index of list with ${kindOf(key)} key`);
    if (key < 0 || key >= value.length) throw new CallError(`index out of range: ${key}`);
    return value[key] as TemplateValue;
  }
  throw new CallError(`can't index item of type ${kindOf(value)}`);
}

/** The names handled by the evaluator itself. */
const logical = ["and", "or"] as const;

/** The functions available in every template, plus `extra` (which may not replace one). */
export function functionTable(extra: Record<string, TemplateFunction> = {}): ReadonlyMap<string, TemplateFunction> {
  const table = new Map<string, TemplateFunction>(Object.entries(builtins));
  for (const name of logical) table.set(name, () => null);
  for (const [name, fn] of Object.entries(extra)) {
    if (table.has(name)) throw new TypeError(`template function ${name} is already defined`);
    table.set(name, fn);
  }
  return table;
}

import { z } from "zod";

// How taskwright checks the option objects its constructors and functions take: a strict zod
// schema per option object (an unknown option is an error, so a typo is never silently ignored)
// whose rules say in words what they expect. `checkOptions` turns every problem into one line of
// a TypeError that names the option's path.

/**
 * A rule for one optional option: `test` decides, `expected` says what it wants in words
 * (e.g. `"a positive number of milliseconds"`). `undefined` passes: the default applies.
 *
 * @internal
 */
export function rule(test: (value: unknown) => boolean, expected: string) {
  return z.custom<unknown>(test, { error: `expected ${expected}` }).optional();
}

const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Reusable option rules. @internal */
export const rules = {
  boolean: () => rule((v) => typeof v === "boolean", "true or false"),
  nonEmptyString: () => rule((v) => typeof v === "string" && v !== "", "a non-empty string"),
  string: () => rule((v) => typeof v === "string", "a string"),
  function: () => rule((v) => typeof v === "function", "a function"),
  /** Milliseconds, more than 0. */
  positiveMs: () => rule((v) => isFiniteNumber(v) && v > 0, "a positive number of milliseconds"),
  /** Milliseconds, 0 or more. */
  nonNegativeMs: () => rule((v) => isFiniteNumber(v) && v >= 0, "a number of milliseconds, 0 or more"),
  positiveInteger: () => rule((v) => Number.isInteger(v) && (v as number) > 0, "a positive integer"),
  /** A positive integer or `Infinity` (no limit). */
  limit: () =>
    rule(
      (v) => v === Number.POSITIVE_INFINITY || (Number.isInteger(v) && (v as number) > 0),
      "a positive integer or Infinity",
    ),
  /** An object with the given methods, e.g. a `SecretsManager`. */
  methods: (what: string, names: readonly string[]) =>
    rule(
      (v) =>
        typeof v === "object" &&
        v !== null &&
        names.every((name) => typeof (v as Record<string, unknown>)[name] === "function"),
      `${what} (an object with ${names.join(", ")})`,
    ),
  /** Any non-null object. */
  object: (what: string) => rule((v) => typeof v === "object" && v !== null && !Array.isArray(v), what),
  oneOf: (values: readonly string[]) =>
    rule((v) => typeof v === "string" && values.includes(v), `one of ${values.map((x) => `"${x}"`).join(", ")}`),
};

/**
 * Checks `options` against `schema` (a strict object schema built from {@link rules}).
 *
 * @param owner - who takes the options, for messages (e.g. `"DockerExecutor"`)
 * @param root - the name of the options in messages (default `"options"`)
 * @throws TypeError listing every problem, one per option path, e.g.
 *   `DockerExecutor options.requestTimeout: expected a positive number of milliseconds, got "abc"`
 *   or `DockerExecutor options: unknown option "network" (did you mean "networkMode"?)`
 * @internal
 */
export function checkOptions(owner: string, schema: z.ZodType, options: unknown, root = "options"): void {
  const result = schema.safeParse(options, { reportInput: true });
  if (result.success) return;
  const lines = result.error.issues.flatMap((issue) => describeIssue(schema, issue, `${owner} ${root}`));
  throw new TypeError(lines.join("; "));
}

function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, base: string): string[] {
  const where = pathText(base, issue.path);
  if (issue.code === "unrecognized_keys") {
    const known = keysAt(schema, issue.path);
    return issue.keys.map((key) => `${where}: unknown option "${key}"${hint(key, known)}`);
  }
  if (issue.code === "invalid_type" && issue.expected === "object") {
    return [`${where}: expected an object, got ${shown(issue.input)}`];
  }
  const message = issue.message.replace(/^Invalid input: /, "");
  return [`${where}: ${message}, got ${shown(issue.input)}`];
}

function pathText(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === "number" ? `${text}[${segment}]` : `${text}.${String(segment)}`),
    base,
  );
}

/** The option names an object schema knows at `path`. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const segment of [...path, undefined]) {
    while (current instanceof z.ZodOptional) current = current.unwrap();
    if (!(current instanceof z.ZodObject)) return [];
    if (segment === undefined) return Object.keys(current.shape);
    current = current.shape[String(segment)];
  }
  return [];
}

/** ` (did you mean "x"?)` for the known name closest to `key`, or nothing when none is close. */
function hint(key: string, known: readonly string[]): string {
  const lower = key.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const other = name.toLowerCase();
    const shared = commonPrefix(lower, other);
    const related = shared >= 4 && shared >= Math.min(lower.length, other.length) - 1;
    const distance = related ? 0 : editDistance(lower, other);
    if (distance <= Math.max(1, Math.floor(name.length / 3)) && (!best || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best ? ` (did you mean "${best.name}"?)` : "";
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/** A short, safe rendering of a rejected value: strings quoted (cut at 40 characters), objects by kind. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  if (typeof value === "bigint") return `${value}n`;
  return String(value);
}

/**
 * Runs a parsed template against a value, with Go's semantics for fields (a missing field or map
 * key is an error: `missingkey=error`), `if`/`with`/`range` and variables. Bounded: output length
 * and evaluation steps are capped.
 *
 * @module
 * @internal
 */
import type { BlockNode, Command, Node, Operand, Pipeline } from "./ast.js";
import { EvaluationError } from "./failures.js";
import { followFields } from "./fields.js";
import {
  type EvalLimits,
  formatValue,
  isTrue,
  kindOf,
  sortedKeys,
  type TemplateFunction,
  type TemplateValue,
} from "./values.js";

/** Evaluates `nodes` with `data` as `.` and `$`; returns the output. @throws EvaluationError */
export function evaluate(
  nodes: readonly Node[],
  data: TemplateValue,
  functions: ReadonlyMap<string, TemplateFunction>,
  limits: EvalLimits,
): string {
  const run = new Run(functions, limits, data);
  run.walk(nodes, data);
  return run.out.join("");
}

class Run {
  readonly out: string[] = [];
  #length = 0;
  #steps = 0;
  readonly #vars: { name: string; value: TemplateValue }[];

  constructor(
    readonly functions: ReadonlyMap<string, TemplateFunction>,
    readonly limits: EvalLimits,
    data: TemplateValue,
  ) {
    this.#vars = [{ name: "$", value: data }];
  }

  walk(nodes: readonly Node[], dot: TemplateValue): void {
    for (const node of nodes) {
      this.#step(0);
      if (node.type === "text") this.#write(node.text, 0);
      else if (node.type === "action") {
        const value = this.pipeline(node.pipeline, dot);
        if (node.pipeline.declare.length === 0) this.#write(formatValue(value), node.pos);
      } else this.block(node, dot);
    }
  }

  block(node: BlockNode, dot: TemplateValue): void {
    const scope = this.#vars.length;
    const value = this.pipeline(node.pipeline, dot, node.type === "range");
    if (node.type === "range") this.range(node, value, dot);
    else if (isTrue(value)) this.#scoped(() => this.walk(node.list, node.type === "with" ? value : dot));
    else this.#scoped(() => this.walk(node.elseList, dot));
    this.#vars.length = scope;
  }

  range(node: BlockNode, value: TemplateValue, dot: TemplateValue): void {
    let entries: [TemplateValue, TemplateValue][];
    if (value instanceof Map) {
      const map = value as ReadonlyMap<string, TemplateValue>;
      entries = sortedKeys(map).map((key) => [key, map.get(key) as TemplateValue]);
    } else if (Array.isArray(value)) entries = value.map((element, index) => [index, element]);
    else if (value === null) entries = [];
    else throw new EvaluationError("type", `range can't iterate over ${kindOf(value)}`, node.pos);
    if (entries.length === 0) {
      this.#scoped(() => this.walk(node.elseList, dot));
      return;
    }
    const [first, second] = node.pipeline.declare;
    for (const [key, element] of entries) {
      this.#step(node.pos);
      this.#scoped(() => {
        if (second !== undefined)
          this.#vars.push({ name: first as string, value: key }, { name: second, value: element });
        else if (first !== undefined) this.#vars.push({ name: first, value: element });
        this.walk(node.list, element);
      });
    }
  }

  /** Runs a pipeline; with `forRange`, its declared variables are left for the iterations to set. */
  pipeline(pipeline: Pipeline, dot: TemplateValue, forRange = false): TemplateValue {
    let value: TemplateValue | undefined;
    for (const command of pipeline.commands) value = this.command(command, dot, value);
    const result = value as TemplateValue;
    if (pipeline.assign) this.#assign(pipeline.declare[0] as string, result);
    else if (!forRange) for (const name of pipeline.declare) this.#vars.push({ name, value: result });
    return result;
  }

  command(command: Command, dot: TemplateValue, piped: TemplateValue | undefined): TemplateValue {
    const [head, ...rest] = command.operands as [Operand, ...Operand[]];
    if (head.type !== "function") return this.operand(head, dot);
    if (head.name === "and" || head.name === "or") return this.#logical(head, rest, dot, piped);
    const args = rest.map((operand) => this.operand(operand, dot));
    if (piped !== undefined) args.push(piped);
    return this.call(head.name, args, head.pos);
  }

  call(name: string, args: TemplateValue[], pos: number): TemplateValue {
    const fn = this.functions.get(name) as TemplateFunction;
    try {
      return fn(...args);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new EvaluationError("call", `error calling ${name}: ${reason}`, pos, name, { cause: err });
    }
  }

  operand(operand: Operand, dot: TemplateValue): TemplateValue {
    this.#step(operand.pos);
    switch (operand.type) {
      case "dot":
        return dot;
      case "literal":
        return operand.value;
      case "function":
        return this.call(operand.name, [], operand.pos);
      case "field":
        return followFields(dot, operand.path, "", operand.pos);
      case "var":
        return followFields(this.#lookup(operand.name), operand.path, operand.name, operand.pos);
      case "pipeline":
        return followFields(this.pipeline(operand.pipeline, dot), operand.path, "(…)", operand.pos);
    }
  }

  /** `and`/`or`: evaluate arguments only until the result is known, as Go does. */
  #logical(
    head: Operand & { type: "function" },
    rest: Operand[],
    dot: TemplateValue,
    piped: TemplateValue | undefined,
  ) {
    const count = rest.length + (piped === undefined ? 0 : 1);
    if (count === 0)
      throw new EvaluationError(
        "call",
        `wrong number of args for ${head.name}: want at least 1 got 0`,
        head.pos,
        head.name,
      );
    let value: TemplateValue = null;
    for (let i = 0; i < count; i++) {
      value = i < rest.length ? this.operand(rest[i] as Operand, dot) : (piped as TemplateValue);
      if (isTrue(value) === (head.name === "or")) return value;
    }
    return value;
  }

  #lookup(name: string): TemplateValue {
    for (let i = this.#vars.length - 1; i >= 0; i--) {
      const entry = this.#vars[i] as { name: string; value: TemplateValue };
      if (entry.name === name) return entry.value;
    }
    return null;
  }

  #assign(name: string, value: TemplateValue): void {
    for (let i = this.#vars.length - 1; i >= 0; i--) {
      const entry = this.#vars[i] as { name: string; value: TemplateValue };
      if (entry.name === name) {
        entry.value = value;
        return;
      }
    }
  }

  #scoped(fn: () => void): void {
    const scope = this.#vars.length;
    fn();
    this.#vars.length = scope;
  }

  #write(text: string, pos: number): void {
    this.#length += text.length;
    if (this.#length > this.limits.maxOutput) {
      throw new EvaluationError("limit", `output longer than ${this.limits.maxOutput} characters`, pos);
    }
    this.out.push(text);
  }

  #step(pos: number): void {
    if (++this.#steps > this.limits.maxSteps) {
      throw new EvaluationError("limit", `more than ${this.limits.maxSteps} evaluation steps`, pos);
    }
  }
}

/**
 * Parses a template into a tree: text, actions and the `if`, `with` and `range` blocks, with
 * pipelines, variables and function calls as in Go's `text/template`. Unknown functions and
 * undefined variables are rejected here, as Go rejects them at parse time.
 *
 * @module
 * @internal
 */
import type { Command, Node, Operand, Pipeline } from "./ast.js";
import { TokenCursor } from "./cursor.js";
import { ParseError } from "./failures.js";
import { LexError, lex, type Token } from "./lexer.js";

const unsupported = new Set(["define", "template", "block", "break", "continue"]);
const maxDepth = 50;

/** Parses `source`; `functions` are the names a template may call. @throws ParseError */
export function parse(source: string, functions: ReadonlySet<string>): Node[] {
  let tokens: Token[];
  try {
    tokens = lex(source);
  } catch (err) {
    if (err instanceof LexError) throw new ParseError(err.message, err.pos);
    throw err;
  }
  return new Parser(tokens, functions, source.length).document();
}

class Parser extends TokenCursor {
  #depth = 0;
  readonly #vars = ["$"];

  constructor(
    tokens: Token[],
    readonly functions: ReadonlySet<string>,
    end: number,
  ) {
    super(tokens, end);
  }

  document(): Node[] {
    const { nodes, stop } = this.list();
    if (stop) throw new ParseError(`unexpected {{${stop.value}}}`, stop.pos);
    return nodes;
  }

  /** Nodes up to `{{end}}`, `{{else…}}` (returned as `stop`, positioned after the keyword) or the end. */
  list(): { nodes: Node[]; stop?: Token } {
    const nodes: Node[] = [];
    for (let token = this.next(); token; token = this.next()) {
      if (token.type === "text") {
        nodes.push({ type: "text", text: token.value });
        continue;
      }
      const first = this.peek();
      if (first?.type === "ident" && (first.value === "end" || first.value === "else")) {
        this.at++;
        return { nodes, stop: first };
      }
      nodes.push(this.action(token.pos));
    }
    return { nodes };
  }

  action(pos: number): Node {
    const first = this.expectSome();
    if (first.type === "ident" && unsupported.has(first.value)) {
      throw new ParseError(`unsupported action "${first.value}"`, first.pos);
    }
    if (first.type === "ident" && (first.value === "if" || first.value === "with" || first.value === "range")) {
      this.at++;
      return this.block(first.value, first.pos);
    }
    const pipeline = this.pipeline(1, false);
    this.expect("close");
    return { type: "action", pos, pipeline };
  }

  /** The rest of an `if`/`with`/`range` block, up to and including its `{{end}}`. */
  block(type: "if" | "with" | "range", pos: number): Node {
    if (++this.#depth > maxDepth) throw new ParseError("blocks nested too deeply", pos);
    const scope = this.#vars.length;
    const pipeline = this.pipeline(type === "range" ? 2 : 1, false);
    this.expect("close");
    const inner = this.#vars.length;
    const body = this.list();
    this.#vars.length = inner;
    let elseList: Node[] = [];
    if (body.stop?.value === "else") {
      const chained = this.peek();
      if (type === "if" && chained?.type === "ident" && chained.value === "if") {
        this.at++;
        elseList = [this.block("if", chained.pos)];
      } else {
        this.expect("close");
        const otherwise = this.list();
        if (otherwise.stop?.value !== "end") throw this.#missingEnd(type, pos, otherwise.stop);
        this.expect("close");
        elseList = otherwise.nodes;
      }
    } else if (body.stop?.value === "end") this.expect("close");
    else throw this.#missingEnd(type, pos, body.stop);
    this.#vars.length = scope;
    this.#depth--;
    return { type, pos, pipeline, list: body.nodes, elseList };
  }

  /** `[decl] command ('|' command)*`, declaring at most `maxVars` variables. */
  pipeline(maxVars: number, nested: boolean): Pipeline {
    const pos = this.expectSome().pos;
    const { names, assign } = this.declaration(maxVars);
    const commands: Command[] = [];
    for (;;) {
      commands.push(this.command(commands.length + 1));
      if (this.peek()?.type !== "pipe") break;
      this.at++;
    }
    const after = this.peek();
    if (after && after.type !== (nested ? "rparen" : "close"))
      throw new ParseError("unexpected token in pipeline", after.pos);
    if (!assign) this.#vars.push(...names);
    return { pos, declare: names, assign, commands };
  }

  declaration(maxVars: number): { names: string[]; assign: boolean } {
    const names: string[] = [];
    for (let j = this.at; this.tokens[j]?.type === "var"; j += 2) {
      names.push((this.tokens[j] as Token).value);
      const op = this.tokens[j + 1];
      if (op?.type === "comma" && maxVars > 1 && names.length < maxVars) continue;
      if (op?.type === "declare" || (op?.type === "assign" && names.length === 1)) {
        if (op.type === "assign") this.#checkVar(names[0] as string, this.tokens[j] as Token);
        this.at = j + 2;
        return { names, assign: op.type === "assign" };
      }
      break;
    }
    return { names: [], assign: false };
  }

  command(stage: number): Command {
    const pos = this.expectSome().pos;
    const operands: Operand[] = [];
    for (let t = this.peek(); t && t.type !== "pipe" && t.type !== "close" && t.type !== "rparen"; t = this.peek()) {
      operands.push(this.operand());
    }
    const head = operands[0];
    if (!head) throw new ParseError("missing value for command", pos);
    if (head.type !== "function" && operands.length > 1)
      throw new ParseError("can't give argument to non-function", pos);
    if (head.type !== "function" && stage > 1)
      throw new ParseError(`non executable command in pipeline stage ${stage}`, pos);
    return { pos, operands };
  }

  operand(): Operand {
    const t = this.expectSome();
    this.at++;
    switch (t.type) {
      case "field":
        return { type: "field", pos: t.pos, path: [t.value, ...this.#chain()] };
      case "dot":
        return { type: "dot", pos: t.pos };
      case "var":
        this.#checkVar(t.value, t);
        return { type: "var", pos: t.pos, name: t.value, path: this.#chain() };
      case "string":
        return { type: "literal", pos: t.pos, value: t.value };
      case "number": {
        const value = Number(t.value.replaceAll("_", ""));
        if (Number.isNaN(value)) throw new ParseError("bad number syntax", t.pos);
        return { type: "literal", pos: t.pos, value };
      }
      case "lparen": {
        const pipeline = this.pipeline(1, true);
        this.expect("rparen");
        return { type: "pipeline", pos: t.pos, pipeline, path: this.#chain() };
      }
      case "ident":
        return this.#identifier(t);
      default:
        throw new ParseError("unexpected token in operand", t.pos);
    }
  }

  #identifier(t: Token): Operand {
    if (t.value === "true" || t.value === "false") return { type: "literal", pos: t.pos, value: t.value === "true" };
    if (t.value === "nil") return { type: "literal", pos: t.pos, value: null };
    if (!this.functions.has(t.value)) throw new ParseError(`function "${t.value}" not defined`, t.pos, t.value);
    return { type: "function", pos: t.pos, name: t.value };
  }

  /** Field names written right after an operand, without a space: `.A.B`, `$x.A`, `(…).A`. */
  #chain(): string[] {
    const path: string[] = [];
    for (let t = this.peek(); t?.type === "field" && !t.spaced; t = this.peek()) {
      path.push(t.value);
      this.at++;
    }
    return path;
  }

  #checkVar(name: string, t: Token): void {
    if (!this.#vars.includes(name)) throw new ParseError(`undefined variable "${name}"`, t.pos);
  }

  #missingEnd(type: string, pos: number, stop: Token | undefined): ParseError {
    return stop
      ? new ParseError(`unexpected {{${stop.value}}} in ${type}`, stop.pos)
      : new ParseError(`missing {{end}} for ${type}`, pos);
  }
}

/**
 * Splits a template into text and the tokens of its actions, with Go's `text/template` syntax:
 * `{{ }}` actions, `{{- ` / ` -}}` trim markers and comment actions (slash-star … star-slash).
 *
 * @module
 * @internal
 */

/** The kinds of token. Keywords (`range`, `end`, …), `true`, `false` and `nil` are `ident`s. */
export type TokenType =
  | "text"
  | "open"
  | "close"
  | "field"
  | "dot"
  | "var"
  | "ident"
  | "string"
  | "number"
  | "pipe"
  | "lparen"
  | "rparen"
  | "declare"
  | "assign"
  | "comma";

/** One token: `value` is the text (a string literal's decoded value), `pos` its offset. */
export interface Token {
  type: TokenType;
  value: string;
  pos: number;
  /** Whitespace came right before it: `.A .B` is two operands, `.A.B` one. */
  spaced: boolean;
}

/** A lexing error at an offset; the parser turns it into a `TemplateError`. */
export class LexError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const identifier = /[A-Za-z_][A-Za-z0-9_]*/y;
const numberLiteral = /[+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/y;
const punctuation: Record<string, TokenType> = {
  "|": "pipe",
  "(": "lparen",
  ")": "rparen",
  ",": "comma",
  "=": "assign",
};
const escapes: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";

/** The tokens of `source`, in order. @throws LexError */
export function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNext = false;
  for (;;) {
    const open = source.indexOf("{{", pos);
    let text = source.slice(pos, open === -1 ? source.length : open);
    if (trimNext) text = text.trimStart();
    const trimLeft = open !== -1 && source[open + 2] === "-" && isSpace(source[open + 3]);
    if (trimLeft) text = text.trimEnd();
    if (text !== "") tokens.push({ type: "text", value: text, pos, spaced: false });
    if (open === -1) return tokens;
    const end = lexAction(source, open, open + (trimLeft ? 3 : 2), tokens);
    trimNext = end.trim;
    pos = end.pos;
  }
}

/** Lexes one action (or comment) starting at `from`; returns where the text after it starts. */
function lexAction(source: string, open: number, from: number, tokens: Token[]): { pos: number; trim: boolean } {
  let p = from;
  while (isSpace(source[p])) p++;
  if (source.startsWith("/*", p)) return lexComment(source, p);
  tokens.push({ type: "open", value: "{{", pos: open, spaced: false });
  for (;;) {
    const before = p;
    while (isSpace(source[p])) p++;
    const spaced = p > before || p === from;
    if (p >= source.length) throw new LexError("unclosed action", open);
    if (source.startsWith("}}", p)) {
      tokens.push({ type: "close", value: "}}", pos: p, spaced });
      return { pos: p + 2, trim: false };
    }
    if (spaced && source.startsWith("-}}", p)) {
      tokens.push({ type: "close", value: "}}", pos: p, spaced });
      return { pos: p + 3, trim: true };
    }
    p = lexToken(source, p, spaced, tokens);
  }
}

function lexComment(source: string, start: number): { pos: number; trim: boolean } {
  const end = source.indexOf("*/", start + 2);
  if (end === -1) throw new LexError("unclosed comment", start);
  const after = end + 2;
  if (source.startsWith("}}", after)) return { pos: after + 2, trim: false };
  if (isSpace(source[after]) && source.startsWith("-}}", after + 1)) return { pos: after + 4, trim: true };
  throw new LexError("comment ends before closing delimiter", after);
}

/** Lexes the token at `p` (not whitespace, not a delimiter); returns the offset after it. */
function lexToken(source: string, p: number, spaced: boolean, tokens: Token[]): number {
  const c = source[p] as string;
  const push = (type: TokenType, value: string, end: number) => {
    tokens.push({ type, value, pos: p, spaced });
    return end;
  };
  if (c === ":" && source[p + 1] === "=") return push("declare", ":=", p + 2);
  if (c in punctuation) return push(punctuation[c] as TokenType, c, p + 1);
  if (c === '"') return lexQuoted(source, p, (value, end) => push("string", value, end));
  if (c === "`") {
    const end = source.indexOf("`", p + 1);
    if (end === -1) throw new LexError("unterminated raw quoted string", p);
    return push("string", source.slice(p + 1, end), end + 1);
  }
  if (c === "." || c === "$") {
    const name = matchAt(identifier, source, p + 1);
    if (c === "$") return push("var", `$${name ?? ""}`, p + 1 + (name?.length ?? 0));
    if (name !== undefined) return push("field", name, p + 1 + name.length);
    if (!/\d/.test(source[p + 1] ?? "")) return push("dot", ".", p + 1);
  }
  const number = matchAt(numberLiteral, source, p);
  if (number !== undefined) return push("number", number, p + number.length);
  const name = matchAt(identifier, source, p);
  if (name !== undefined) return push("ident", name, p + name.length);
  throw new LexError(c === "'" ? "character constants are not supported" : "unexpected character in action", p);
}

function lexQuoted(source: string, start: number, done: (value: string, end: number) => number): number {
  let value = "";
  for (let p = start + 1; p < source.length; p++) {
    const c = source[p] as string;
    if (c === '"') return done(value, p + 1);
    if (c === "\n") break;
    if (c !== "\\") {
      value += c;
      continue;
    }
    const e = source[++p] ?? "";
    const hexLength = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (e in escapes) value += escapes[e];
    else if (hexLength > 0 && /^[0-9a-fA-F]+$/.test(source.slice(p + 1, p + 1 + hexLength))) {
      const code = Number.parseInt(source.slice(p + 1, p + 1 + hexLength), 16);
      if (code > 0x10ffff) throw new LexError("invalid escape in quoted string", p - 1);
      value += String.fromCodePoint(code);
      p += hexLength;
    } else throw new LexError("invalid escape in quoted string", p - 1);
  }
  throw new LexError("unterminated quoted string", start);
}

function matchAt(pattern: RegExp, source: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0];
}

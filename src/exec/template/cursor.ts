/**
 * Reading a token list one token at a time, for the parser.
 *
 * @module
 * @internal
 */
import { ParseError } from "./failures.js";
import type { Token } from "./lexer.js";

/** A position in a token list, with the reads the parser needs. */
export class TokenCursor {
  /** Index of the next token. */
  at = 0;

  /** @param end - the source length, where "unexpected end" is reported */
  constructor(
    readonly tokens: Token[],
    readonly end: number,
  ) {}

  /** The next token, consumed. */
  next(): Token | undefined {
    return this.tokens[this.at++];
  }

  /** The next token, not consumed. */
  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  /** The next token, not consumed; a `ParseError` at the end of the template. */
  expectSome(): Token {
    const t = this.peek();
    if (!t) throw new ParseError("unexpected end of template", this.end);
    return t;
  }

  /** The next token, consumed, which must be of `type`. */
  expect(type: Token["type"]): Token {
    const t = this.expectSome();
    if (t.type !== type) {
      throw new ParseError(type === "close" ? "unexpected token before }}" : `expected ${type}`, t.pos);
    }
    this.at++;
    return t;
  }
}

import {
  childPath,
  locator,
  type ParsedSource,
  type Position,
  positionOf,
  SourceSyntaxError,
} from "./source-position.js";

/**
 * Parses a JSON task file. `JSON.parse` makes the value; a small scanner finds where each field
 * is, and where a syntax error is (`JSON.parse` of Node.js 20 does not always say). A key
 * written twice in one object is an error, as in YAML.
 *
 * @throws SourceSyntaxError with the line and column of the first error
 */
export function parseJsonSource(text: string): ParsedSource {
  const scanner = new JsonScanner(text);
  const positions = scanner.scan();
  const value: unknown = JSON.parse(text);
  return { value, locate: locator(positions, (offset) => positionOf(text, offset)) };
}

const whitespace = /[ \t\n\r]*/y;
const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonScanner {
  readonly #text: string;
  readonly #positions = new Map<string, number>();
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  /** The offset of every field by path; throws at the first syntax error. */
  scan(): Map<string, number> {
    this.#value("");
    this.#skipWhitespace();
    if (this.#at < this.#text.length) this.#fail("unexpected text after the end of the document");
    return this.#positions;
  }

  #value(path: string): void {
    this.#skipWhitespace();
    const char = this.#text[this.#at];
    if (char === "{") this.#object(path);
    else if (char === "[") this.#array(path);
    else if (char === '"') this.#string();
    else if (char === undefined) this.#fail("unexpected end of the document: expected a value");
    else if (!this.#literal() && !this.#match(number)) this.#fail(`unexpected ${describe(char)}: expected a value`);
  }

  #object(path: string): void {
    this.#at++;
    const keys = new Set<string>();
    if (this.#next() === "}") return void this.#at++;
    for (;;) {
      if (this.#next() === "}") this.#fail("a comma before '}': JSON allows no trailing comma");
      if (this.#next() !== '"') this.#fail(`expected a property name in double quotes, found ${this.#found()}`);
      const start = this.#at;
      const key = JSON.parse(this.#string()) as string;
      if (keys.has(key)) this.#fail(`property "${key}" is written twice`, start);
      keys.add(key);
      this.#positions.set(childPath(path, key), start);
      if (this.#next() !== ":") this.#fail(`expected ':' after property "${key}", found ${this.#found()}`);
      this.#at++;
      this.#value(childPath(path, key));
      if (this.#closes("}")) return;
    }
  }

  #array(path: string): void {
    this.#at++;
    if (this.#next() === "]") return void this.#at++;
    for (let index = 0; ; index++) {
      if (this.#next() === "]") this.#fail("a comma before ']': JSON allows no trailing comma");
      this.#positions.set(childPath(path, index), this.#at);
      this.#value(childPath(path, index));
      if (this.#closes("]")) return;
    }
  }

  /** After a member: `,` (another follows) or the closing bracket. */
  #closes(close: "}" | "]"): boolean {
    const char = this.#next();
    this.#at++;
    if (char === close) return true;
    if (char === ",") return false;
    this.#at--;
    const what = close === "}" ? "property" : "element";
    return this.#fail(`expected ',' or '${close}' after an ${what}, found ${this.#found()}`);
  }

  /** Scans a string and returns its source text, quotes included. */
  #string(): string {
    const start = this.#at++;
    for (;;) {
      const char = this.#text[this.#at];
      if (char === undefined) this.#fail("unterminated string", start);
      if (char === '"') break;
      if (char < " ") this.#fail("control character in a string: write it as an escape such as \\n");
      if (char === "\\") {
        const escaped = this.#text[this.#at + 1] ?? "";
        if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(this.#text.slice(this.#at + 2, this.#at + 6))) this.#at += 4;
        else if (!'"\\/bfnrt'.includes(escaped) || escaped === "") this.#fail("invalid escape in a string");
        this.#at++;
      }
      this.#at++;
    }
    this.#at++;
    return this.#text.slice(start, this.#at);
  }

  #literal(): boolean {
    for (const word of ["true", "false", "null"]) {
      if (this.#text.startsWith(word, this.#at)) {
        this.#at += word.length;
        return true;
      }
    }
    return false;
  }

  #match(pattern: RegExp): boolean {
    pattern.lastIndex = this.#at;
    if (!pattern.test(this.#text)) return false;
    this.#at = pattern.lastIndex;
    return true;
  }

  #skipWhitespace(): void {
    this.#match(whitespace);
  }

  /** The next character after whitespace. */
  #next(): string | undefined {
    this.#skipWhitespace();
    return this.#text[this.#at];
  }

  #found(): string {
    const char = this.#text[this.#at];
    return char === undefined ? "the end of the document" : describe(char);
  }

  #fail(message: string, at = this.#at): never {
    const position: Position = positionOf(this.#text, at);
    throw new SourceSyntaxError(message, position);
  }
}

function describe(char: string): string {
  return /\s/.test(char) ? JSON.stringify(char) : `'${char}'`;
}

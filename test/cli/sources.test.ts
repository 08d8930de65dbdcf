import { describe, expect, it } from "vitest";
import { parseJsonSource } from "../../src/cli/json-source.js";
import { SourceSyntaxError } from "../../src/cli/source-position.js";
import { parseYamlSource } from "../../src/cli/yaml-source.js";

const syntaxError = (parse: () => unknown) => {
  try {
    parse();
  } catch (err) {
    if (err instanceof SourceSyntaxError) return { message: err.message, ...err.position };
    throw err;
  }
  throw new Error("parsed without an error");
};

describe("parseJsonSource", () => {
  const text = '{\n  "id": "x",\n  "spec": {\n    "container": { "env": ["A=1", "B=2"] }\n  }\n}\n';

  it("returns the value and locates fields, items and, for an absent field, its closest parent", () => {
    const source = parseJsonSource(text);
    expect(source.value).toEqual({ id: "x", spec: { container: { env: ["A=1", "B=2"] } } });
    expect(source.locate("id")).toEqual({ line: 2, column: 3 });
    expect(source.locate("spec.container")).toEqual({ line: 4, column: 5 });
    expect(source.locate("spec.container.env[1]")).toEqual({ line: 4, column: 35 });
    expect(source.locate("spec.container.image")).toEqual({ line: 4, column: 5 });
    expect(source.locate("(task)")).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', "a comma before '}': JSON allows no trailing comma", 1, 9],
    ["[1, 2,\n]", "a comma before ']': JSON allows no trailing comma", 2, 1],
    ['{"a" 1}', "expected ':' after property \"a\", found '1'", 1, 6],
    ['{"a": 1 "b": 2}', "expected ',' or '}' after an property, found '\"'", 1, 9],
    ['{"a": tru}', "unexpected 't': expected a value", 1, 7],
    ["{'a': 1}", "expected a property name in double quotes, found '''", 1, 2],
    ['{"a": "x', "unterminated string", 1, 7],
    ['{"a": "\\q"}', "invalid escape in a string", 1, 8],
    ['{"a": 1, "a": 2}', 'property "a" is written twice', 1, 10],
    ['{"a": 1}\n{}', "unexpected text after the end of the document", 2, 1],
    ["", "unexpected end of the document: expected a value", 1, 1],
  ])("%j: %s at %i:%i", (source, message, line, column) => {
    expect(syntaxError(() => parseJsonSource(source))).toEqual({ message, line, column });
  });

  it("accepts what JSON.parse accepts", () => {
    const text = '{"s": "a\\u00e9\\n\\"", "n": [-1.5e3, 0, true, false, null], "o": {}}';
    expect(parseJsonSource(text).value).toEqual(JSON.parse(text));
  });
});

describe("parseYamlSource", () => {
  it("returns the value (YAML 1.2: 0o400 is a number) and locates keys and items", () => {
    const source = parseYamlSource("spec:\n  container:\n    command: [sh, -c, x]\n    mode: 0o400\n");
    expect(source.value).toEqual({ spec: { container: { command: ["sh", "-c", "x"], mode: 256 } } });
    expect(source.locate("spec.container.mode")).toEqual({ line: 4, column: 5 });
    expect(source.locate("spec.container.command[2]")).toEqual({ line: 3, column: 23 });
    expect(source.locate("spec.container.image")).toEqual({ line: 2, column: 3 });
  });

  it.each([
    ["a: [1, 2\nb: 1\n", /^Flow sequence in block collection/, 2, 1],
    ["a: 1\na: 2\n", /^Map keys must be unique/, 2, 1],
    ["a: 1\n---\nb: 2\n", /^Source contains multiple documents/, 2, 1],
  ])("%j fails at its line and column", (source, message, line, column) => {
    const error = syntaxError(() => parseYamlSource(source));
    expect(error.message).toMatch(message);
    expect(error).toMatchObject({ line, column });
  });

  it("reports an unresolved alias", () => {
    expect(syntaxError(() => parseYamlSource("a: *nothing\n")).message).toMatch(/Unresolved alias/);
  });
});

import { describe, expect, it } from "vitest";
import { expandTaskTemplate, TemplateError } from "../../../src/index.js";
import { thrown } from "../../support/dependencies.js";
import { templateNode, templateTask } from "../../support/template-tasks.js";

const task = templateTask({ env: ["foo=bar"] });
const expand = (template: string) => expandTaskTemplate(template, task, templateNode());

describe("template syntax (Go text/template)", () => {
  it.each([
    ["trim markers", "a  {{- .Task.ID -}}  \n b", "ataskIDb"],
    ["a comment", "x{{/* a comment */}}y{{- /* trimmed */ -}} z", "xyz"],
    ["string escapes", '{{"tab\\tquote\\"\\u00e9\\x41"}}', 'tab\tquote"éA'],
    ["a raw string", "{{`{{.Task.ID}}\\n`}}", "{{.Task.ID}}\\n"],
    ["numbers, booleans", "{{1}} {{-2}} {{0x10}} {{1.5}} {{true}} {{false}}", "1 -2 16 1.5 true false"],
    [
      "printing a map sorts its keys",
      "{{.Service.Labels}}",
      "map[ServiceLabelOneKey:service-label-one-value ServiceLabelTwoKey:service-label-two-value com.example.ServiceLabelThreeKey:service-label-three-value]",
    ],
    ["printing a struct", "{{.Node.Platform}}", "{x86_64 linux}"],
    ["a map key as a field", "{{.Service.Labels.ServiceLabelOneKey}}", "service-label-one-value"],
    ["if / else if / else", '{{if eq .Task.Slot "1"}}one{{else if eq .Task.Slot "10"}}ten{{else}}other{{end}}', "ten"],
    ["if on an empty string", "{{if .Node.Hostname}}yes{{else}}no{{end}}|{{if ``}}yes{{else}}no{{end}}", "yes|no"],
    ["with sets the dot", "{{with .Node.Platform}}{{.OS}}/{{.Architecture}}{{end}}", "linux/x86_64"],
    ["with else keeps the dot", '{{with ""}}x{{else}}{{.Task.ID}}{{end}}', "taskID"],
    [
      "range over a map: one variable is the value",
      "{{range $v := .Service.Labels}}{{$v}};{{end}}",
      "service-label-one-value;service-label-two-value;service-label-three-value;",
    ],
    [
      "range sets the dot",
      "{{range .Service.Labels}}[{{.}}]{{end}}",
      "[service-label-one-value][service-label-two-value][service-label-three-value]",
    ],
    ["range else on nothing", "{{range .Node.Platform.Nope}}x{{end}}", null],
    [
      "variables and assignment",
      '{{$x := "a"}}{{$x}}{{$x = "b"}}{{$x}}{{$.Task}}',
      "ab{taskID serviceName.10.taskID 10}",
    ],
    ["$ is the root inside with", "{{with .Node}}{{$.Task.ID}}{{end}}", "taskID"],
    ["pipelines pass the last argument", '{{.Task.ID | print "id:"}}', "id:taskID"],
    [
      "parenthesised pipelines and chained fields",
      '{{(index .Service.Labels "ServiceLabelOneKey")}} {{(.Node.Platform).OS}}',
      "service-label-one-value linux",
    ],
    ["join (SwarmKit's: separator first)", '{{join "," "a" "b" .Task.ID}}', "a,b,taskID"],
    ["and / or return an operand", '{{and 1 "x"}} {{or "" "y"}} {{and "" 2}} {{or 0 ""}}', "x y  "],
    [
      "and / or stop early, as Go's do",
      "{{and false .Service.Labels.missing}} {{or true .Service.Labels.missing}}",
      "false true",
    ],
    [
      "not, ne, lt, le, gt, ge",
      '{{not ""}} {{ne 1 2}} {{lt 1 2}} {{le "b" "a"}} {{gt 2 1}} {{ge 2 2}}',
      "true true true false true true",
    ],
    ["eq with several operands", '{{eq .Task.Slot "1" "10"}}', "true"],
    ["len counts bytes, entries, items", '{{len "é"}} {{len .Service.Labels}}', "2 3"],
    ["index of a missing key is empty", '[{{index .Service.Labels "nope"}}]', "[]"],
    ["print and println", '{{print 1 2 "a" 3}}|{{println "a" 1}}', "1 2a3|a 1\n"],
    ["variables are scoped to their block", "{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "21"],
  ])("%s", (_name, template, expected) => {
    if (expected === null) {
      expect(() => expand(template as string)).toThrow(TemplateError);
      return;
    }
    expect(expand(template as string)).toBe(expected);
  });
});

describe("template errors name what is wrong, and where", () => {
  it.each([
    ["{{.Nope}}", "EXEC_TEMPLATE_UNKNOWN_FIELD", "template: expansion:1:2: unknown field .Nope"],
    [
      "{{.Task.ID.Length}}",
      "EXEC_TEMPLATE_TYPE",
      "template: expansion:1:2: can't evaluate field Length in type string",
    ],
    ["{{range .Task.ID}}{{end}}", "EXEC_TEMPLATE_TYPE", "template: expansion:1:2: range can't iterate over string"],
    [
      '{{printf "%s" .Task.ID}}',
      "EXEC_TEMPLATE_UNKNOWN_FUNCTION",
      'template: expansion:1:2: function "printf" not defined',
    ],
    [
      "{{if false}}{{nope}}{{end}}",
      "EXEC_TEMPLATE_UNKNOWN_FUNCTION",
      'template: expansion:1:14: function "nope" not defined',
    ],
    ["{{.Task.ID", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:0: unclosed action"],
    ["{{/* x }}", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:2: unclosed comment"],
    ["{{end}}", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:2: unexpected {{end}}"],
    ["{{else}}", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:2: unexpected {{else}}"],
    ["{{if 1}}x", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:2: missing {{end}} for if"],
    [
      "{{range 1}}{{else}}{{else}}{{end}}",
      "EXEC_TEMPLATE_SYNTAX",
      "template: expansion:1:21: unexpected {{else}} in range",
    ],
    ['{{"abc}}', "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:2: unterminated quoted string"],
    ['{{"\\q"}}', "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:3: invalid escape in quoted string"],
    ["{{$nope}}", "EXEC_TEMPLATE_SYNTAX", 'template: expansion:1:2: undefined variable "$nope"'],
    ["{{.Task.ID 1}}", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:2: can't give argument to non-function"],
    [
      '{{"a" | .Task.ID}}',
      "EXEC_TEMPLATE_SYNTAX",
      "template: expansion:1:8: non executable command in pipeline stage 2",
    ],
    ["{{}}", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:2: missing value for command"],
    ["{{.Task.ID )}}", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:11: unexpected token in pipeline"],
    ['{{define "x"}}{{end}}', "EXEC_TEMPLATE_SYNTAX", 'template: expansion:1:2: unsupported action "define"'],
    ["{{(.Task.ID}}", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:11: unexpected token in pipeline"],
    ["{{'a'}}", "EXEC_TEMPLATE_SYNTAX", "template: expansion:1:2: character constants are not supported"],
    [
      "{{join}}",
      "EXEC_TEMPLATE_CALL_FAILED",
      "template: expansion:1:2: error calling join: wrong number of args for join: want at least 1 got 0",
    ],
    [
      "{{join 1 2}}",
      "EXEC_TEMPLATE_CALL_FAILED",
      "template: expansion:1:2: error calling join: wrong type for argument 1: expected string; got number",
    ],
    [
      '{{eq .Service.Labels "a"}}',
      "EXEC_TEMPLATE_CALL_FAILED",
      "template: expansion:1:2: error calling eq: eq: incompatible types for comparison (map and string)",
    ],
    ["{{len 3}}", "EXEC_TEMPLATE_CALL_FAILED", "template: expansion:1:2: error calling len: len of number"],
    [
      "{{and}}",
      "EXEC_TEMPLATE_CALL_FAILED",
      "template: expansion:1:2: wrong number of args for and: want at least 1 got 0",
    ],
  ])("%s", (template, code, message) => {
    const err = thrown(() => expand(template));
    expect(err).toBeInstanceOf(TemplateError);
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
  });

  it("reports Go's position: 1-based line, 0-based byte column", () => {
    const err = thrown(() => expand("line one\nline two\n  é {{.Task.ID}} {{.Nope}}")) as TemplateError;
    expect(err.position).toStrictEqual({ line: 3, column: 20 });
    expect(err.identifier).toBe(".Nope");
  });

  it("reaches nothing but the documented context: no JavaScript properties", () => {
    for (const template of [
      "{{.constructor}}",
      "{{.__proto__}}",
      "{{.Service.Labels.constructor}}",
      "{{.Task.toString}}",
      "{{.Service.hasOwnProperty}}",
    ]) {
      expect(thrown(() => expand(template)).code).toBe("EXEC_TEMPLATE_UNKNOWN_FIELD");
    }
    for (const template of ["{{.Task.ID.length}}", "{{$.Task.ID.constructor}}"]) {
      expect(thrown(() => expand(template)).code).toBe("EXEC_TEMPLATE_TYPE");
    }
    for (const template of ["{{constructor}}", "{{toString}}", "{{eval}}", "{{require}}"]) {
      expect(thrown(() => expand(template)).code).toBe("EXEC_TEMPLATE_UNKNOWN_FUNCTION");
    }
  });

  it("caps the work a template can make: steps and output", () => {
    const labels = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "v".repeat(1000)]));
    const wide = { ...templateTask(), serviceAnnotations: { name: "s", labels } };
    const nest = (depth: number, body: string) =>
      "{{range $.Service.Labels}}".repeat(depth) + body + "{{end}}".repeat(depth);
    const steps = thrown(() => expandTaskTemplate(nest(7, ""), wide));
    expect(steps).toMatchObject({ code: "EXEC_TEMPLATE_LIMIT", message: expect.stringContaining("evaluation steps") });
    const output = thrown(() => expandTaskTemplate(`{{range $v := .Service.Labels}}${nest(3, "{{$v}}")}{{end}}`, wide));
    expect(output).toMatchObject({
      code: "EXEC_TEMPLATE_LIMIT",
      message: expect.stringContaining("output longer than"),
    });
    expect(thrown(() => expandTaskTemplate("{{if 1}}".repeat(60) + "{{end}}".repeat(60), wide)).message).toContain(
      "nested too deeply",
    );
  });
});

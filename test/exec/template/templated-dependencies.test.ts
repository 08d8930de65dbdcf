import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  type ContainerSpec,
  createDependencyManager,
  restrict,
  SecretBytes,
  TemplateError,
  templatedDependencies,
} from "../../../src/index.js";
import { config, configRef, secret, secretRef, text, thrown } from "../../support/dependencies.js";
import { templateNode, templateTask } from "../../support/template-tasks.js";

const golang = { name: "golang" };
const contextTemplate =
  "SERVICE_ID={{.Service.ID}}\nSERVICE_NAME={{.Service.Name}}\nTASK_ID={{.Task.ID}}\nTASK_NAME={{.Task.Name}}\nNODE_ID={{.Node.ID}}\n";
const contextExpanded =
  "SERVICE_ID=serviceID\nSERVICE_NAME=serviceName\nTASK_ID=taskID\nTASK_NAME=serviceName.10.taskID\nNODE_ID=nodeID\n";

interface Case {
  desc: string;
  template: string;
  container: ContainerSpec;
  expected?: string;
  expectedErr?: string;
  sensitive?: boolean;
}

/** The original's TestTemplatedSecret cases. */
const secretCases: Case[] = [
  {
    desc: "Test expansion of task context",
    template: contextTemplate,
    container: { secrets: [secretRef("templatedsecret")] },
    expected: contextExpanded,
  },
  {
    desc: "Test expansion of secret, by target",
    template: 'SECRET_VAL={{secret "referencedsecrettarget"}}\n',
    container: { secrets: [secretRef("templatedsecret"), secretRef("referencedsecret", "referencedsecrettarget")] },
    expected: "SECRET_VAL=mysecret\n",
  },
  {
    desc: "Test expansion of config, by target",
    template: 'CONFIG_VAL={{config "referencedconfigtarget"}}\n',
    container: {
      secrets: [secretRef("templatedsecret")],
      configs: [configRef("referencedconfig", "referencedconfigtarget")],
    },
    expected: "CONFIG_VAL=myconfig\n",
  },
  {
    desc: "Test expansion of secret not available to task",
    template: 'SECRET_VAL={{secret "unknowntarget"}}\n',
    container: { secrets: [secretRef("templatedsecret")] },
    expectedErr:
      "failed to expand templated secret templatedsecret: template: expansion:1:13: error calling secret: secret target unknowntarget not found",
  },
  {
    desc: "Test expansion of config not available to task",
    template: 'CONFIG_VAL={{config "unknowntarget"}}\n',
    container: { secrets: [secretRef("templatedsecret")] },
    expectedErr:
      "failed to expand templated secret templatedsecret: template: expansion:1:13: error calling config: config target unknowntarget not found",
  },
  {
    desc: "Test that expansion of the same secret avoids recursion",
    template: 'SECRET_VAL={{secret "templatedsecrettarget"}}\n',
    container: { secrets: [secretRef("templatedsecret", "templatedsecrettarget")] },
    expected: 'SECRET_VAL=SECRET_VAL={{secret "templatedsecrettarget"}}\n\n',
  },
  {
    desc: "Test env",
    template: 'ENV VALUE={{env "foo"}}\nDOES NOT EXIST={{env "badname"}}\n',
    container: { secrets: [secretRef("templatedsecret")], env: ["foo=bar"] },
    expected: "ENV VALUE=bar\nDOES NOT EXIST=\n",
  },
];

/** The original's TestTemplatedConfig cases. */
const configCases: Case[] = [
  {
    desc: "Test expansion of task context",
    template: contextTemplate,
    container: { configs: [configRef("templatedconfig")] },
    expected: contextExpanded,
    sensitive: false,
  },
  {
    desc: "Test expansion of secret, by target",
    template: 'SECRET_VAL={{secret "referencedsecrettarget"}}\n',
    container: {
      secrets: [secretRef("referencedsecret", "referencedsecrettarget")],
      configs: [configRef("templatedconfig")],
    },
    expected: "SECRET_VAL=mysecret\n",
    sensitive: true,
  },
  {
    desc: "Test expansion of config, by target",
    template: 'CONFIG_VAL={{config "referencedconfigtarget"}}\n',
    container: { configs: [configRef("templatedconfig"), configRef("referencedconfig", "referencedconfigtarget")] },
    expected: "CONFIG_VAL=myconfig\n",
    sensitive: false,
  },
  {
    desc: "Test expansion of secret not available to task",
    template: 'SECRET_VAL={{secret "unknowntarget"}}\n',
    container: { configs: [configRef("templatedconfig")] },
    expectedErr:
      "failed to expand templated config templatedconfig: template: expansion:1:13: error calling secret: secret target unknowntarget not found",
  },
  {
    desc: "Test expansion of config not available to task",
    template: 'CONFIG_VAL={{config "unknowntarget"}}\n',
    container: { configs: [configRef("templatedconfig")] },
    expectedErr:
      "failed to expand templated config templatedconfig: template: expansion:1:13: error calling config: config target unknowntarget not found",
  },
  {
    desc: "Test that expansion of the same config avoids recursion",
    template: 'CONFIG_VAL={{config "templatedconfigtarget"}}\n',
    container: { configs: [configRef("templatedconfig", "templatedconfigtarget")] },
    expected: 'CONFIG_VAL=CONFIG_VAL={{config "templatedconfigtarget"}}\n\n',
    sensitive: false,
  },
  {
    desc: "Test env",
    template: 'ENV VALUE={{env "foo"}}\nDOES NOT EXIST={{env "badname"}}\n',
    container: { configs: [configRef("templatedconfig")], env: ["foo=bar"] },
    expected: "ENV VALUE=bar\nDOES NOT EXIST=\n",
    sensitive: false,
  },
];

/** A dependency manager holding the original's fixtures, and the task's templated, restricted view. */
function setup(container: ContainerSpec, templated: { secret?: string; config?: string }) {
  const deps = createDependencyManager();
  deps.secrets.add(secret("referencedsecret", "mysecret"));
  deps.configs.add(config("referencedconfig", "myconfig"));
  if (templated.secret !== undefined) deps.secrets.add(secret("templatedsecret", templated.secret, golang));
  if (templated.config !== undefined) deps.configs.add(config("templatedconfig", templated.config, golang));
  const task = templateTask(container);
  return { deps, task, view: templatedDependencies(restrict(deps, task), task, templateNode()) };
}

describe("templatedDependencies: secrets (the original's TestTemplatedSecret)", () => {
  it.each(secretCases)("$desc", ({ template, container, expected, expectedErr }) => {
    const { view } = setup(container, { secret: template });
    if (expectedErr) {
      const err = thrown(() => view.secrets.get("templatedsecret"));
      expect(err).toBeInstanceOf(TemplateError);
      expect(err.message).toBe(expectedErr);
      expect(err.code).toBe("EXEC_TEMPLATE_CALL_FAILED");
    } else {
      const expanded = view.secrets.get("templatedsecret");
      expect(text(expanded.spec.data)).toBe(expected);
      expect(expanded.spec.data).toBeInstanceOf(SecretBytes);
    }
  });
});

describe("templatedDependencies: configs (the original's TestTemplatedConfig)", () => {
  it.each(configCases)("$desc", ({ template, container, expected, expectedErr, sensitive }) => {
    const { view } = setup(container, { config: template });
    if (expectedErr) {
      const err = thrown(() => view.configs.get("templatedconfig"));
      expect(err).toBeInstanceOf(TemplateError);
      expect(err.message).toBe(expectedErr);
      expect(() => view.configs.getWithSensitivity("templatedconfig")).toThrow(expectedErr);
    } else {
      expect(text(view.configs.get("templatedconfig").spec.data)).toBe(expected);
      const flagged = view.configs.getWithSensitivity("templatedconfig");
      expect(text(flagged.config.spec.data)).toBe(expected);
      expect(flagged.sensitive).toBe(sensitive);
      expect(flagged.config.spec.data instanceof SecretBytes).toBe(sensitive);
    }
  });
});

describe("templatedDependencies", () => {
  it("returns untemplated items as the underlying getter does, and never expands them", () => {
    const { deps, task } = setup({ secrets: [secretRef("plain")], configs: [configRef("plainconfig")] }, {});
    deps.secrets.add(secret("plain", "{{.Task.ID}}"));
    deps.configs.add(config("plainconfig", "{{.Task.ID}}"));
    const view = templatedDependencies(restrict(deps, task), task);
    expect(text(view.secrets.get("plain").spec.data)).toBe("{{.Task.ID}}");
    expect(view.configs.getWithSensitivity("plainconfig")).toMatchObject({ sensitive: false });
    expect(text(view.configs.get("plainconfig").spec.data)).toBe("{{.Task.ID}}");
  });

  it("passes the restricted view's errors through", () => {
    const { view } = setup({ secrets: [secretRef("missing")] }, {});
    expect(() => view.secrets.get("referencedsecret")).toThrow("task not authorized to access secret referencedsecret");
    expect(() => view.secrets.get("missing")).toThrow("secret missing not found");
    expect(() => view.configs.get("referencedconfig")).toThrow("task not authorized to access config referencedconfig");
  });

  it("cannot pull in a secret the task does not reference, even by naming a target of another task", () => {
    const { view } = setup(
      { secrets: [secretRef("templatedsecret")] },
      { secret: '{{secret "referencedsecrettarget"}}' },
    );
    expect(() => view.secrets.get("templatedsecret")).toThrow("secret target referencedsecrettarget not found");
  });

  it("reads a referenced secret through the restricted view, so a target whose id is not served fails", () => {
    const deps = createDependencyManager();
    deps.secrets.add(secret("templatedsecret", '{{secret "t"}}', golang), secret("referencedsecret", "mysecret"));
    const task = templateTask({ secrets: [secretRef("templatedsecret"), secretRef("referencedsecret", "t")] });
    const narrower = restrict(deps, templateTask({ secrets: [secretRef("templatedsecret")] }));
    const err = thrown(() => templatedDependencies(narrower, task).secrets.get("templatedsecret"));
    expect(err.message).toBe(
      "failed to expand templated secret templatedsecret: template: expansion:1:2: error calling secret: task not authorized to access secret referencedsecret",
    );
    expect((err.cause as Error).cause).toMatchObject({ code: "EXEC_SECRET_NOT_AUTHORIZED" });
  });

  it("refuses a templating engine other than golang", () => {
    const deps = createDependencyManager();
    deps.secrets.add(secret("s1", "x", { name: "jinja" }));
    const task = templateTask({ secrets: [secretRef("s1")] });
    const err = thrown(() => templatedDependencies(restrict(deps, task), task).secrets.get("s1"));
    expect(err).toMatchObject({ code: "EXEC_TEMPLATE_UNSUPPORTED_ENGINE", field: "secret s1" });
    expect(err.message).toBe(
      'failed to expand templated secret s1: template: expansion: unrecognized template type "jinja"',
    );
  });

  it("refuses a payload that is not UTF-8 text", () => {
    const deps = createDependencyManager();
    deps.configs.add({ id: "c1", spec: { data: new Uint8Array([0x7b, 0x7b, 0xff, 0x7d, 0x7d]), templating: golang } });
    const task = templateTask({ configs: [configRef("c1")] });
    expect(() => templatedDependencies(restrict(deps, task), task).configs.get("c1")).toThrow(
      expect.objectContaining({ code: "EXEC_TEMPLATE_SYNTAX", message: expect.stringContaining("not valid UTF-8") }),
    );
  });

  it("never puts a payload, or a secret it pulled in, into an error, a log line or serialised output", () => {
    const password = "hunter2-do-not-print";
    const deps = createDependencyManager();
    deps.secrets.add(
      secret("db", password),
      secret("bad", `user=admin password=${password} {{.Task.Nope}}`, golang),
      secret("good", `user=admin {{secret "db"}}`, golang),
    );
    deps.configs.add(
      config("cfg", `password={{secret "db"}} {{config "nope"}}`, golang),
      config("okcfg", `pw={{secret "db"}}`, golang),
    );
    const task = templateTask({
      secrets: [secretRef("db", "db"), secretRef("bad"), secretRef("good")],
      configs: [configRef("cfg"), configRef("okcfg")],
    });
    const view = templatedDependencies(restrict(deps, task), task);
    const failures = [thrown(() => view.secrets.get("bad")), thrown(() => view.configs.get("cfg"))];
    for (const err of failures) {
      expect(err.message).not.toContain(password);
      expect(err.message).not.toContain("admin");
      expect(inspect(err, { depth: 10 })).not.toContain(password);
    }
    const good = view.secrets.get("good");
    const flagged = view.configs.getWithSensitivity("okcfg");
    expect(text(good.spec.data)).toBe(`user=admin ${password}`);
    expect(text(flagged.config.spec.data)).toBe(`pw=${password}`);
    for (const output of [
      JSON.stringify(good),
      inspect(good),
      JSON.stringify(flagged),
      inspect(flagged),
      `${good.spec.data}`,
    ]) {
      expect(output).not.toContain(password);
      expect(output).toContain("redacted");
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  type ContainerSpec,
  ExecError,
  expandContainerSpec,
  expandTaskTemplate,
  type NodeDescription,
  TemplateError,
} from "../../../src/index.js";
import { templatedFields, templateNode, templateTask } from "../../support/template-tasks.js";

describe("expandContainerSpec (the original's TestTemplateContext)", () => {
  const cases: { test: string; spec: ContainerSpec; node: NodeDescription; expected: ContainerSpec }[] = [
    {
      test: "Identity",
      spec: { env: ["NOTOUCH=dont"], mounts: [{ type: "bind", target: "foo", source: "bar" }] },
      node: templateNode(),
      expected: { env: ["NOTOUCH=dont"], mounts: [{ type: "bind", target: "foo", source: "bar" }] },
    },
    {
      test: "Env",
      spec: {
        labels: { ContainerLabel: "should-NOT-end-up-as-task" },
        env: [
          "MYENV=notemplate",
          "{{.NotExpanded}}=foo",
          "SERVICE_ID={{.Service.ID}}",
          "SERVICE_NAME={{.Service.Name}}",
          "TASK_ID={{.Task.ID}}",
          "TASK_NAME={{.Task.Name}}",
          "NODE_ID={{.Node.ID}}",
          "SERVICE_LABELS={{range $k, $v := .Service.Labels}}{{$k}}={{$v}},{{end}}",
        ],
      },
      node: templateNode(),
      expected: {
        labels: { ContainerLabel: "should-NOT-end-up-as-task" },
        env: [
          "MYENV=notemplate",
          "{{.NotExpanded}}=foo",
          "SERVICE_ID=serviceID",
          "SERVICE_NAME=serviceName",
          "TASK_ID=taskID",
          "TASK_NAME=serviceName.10.taskID",
          "NODE_ID=nodeID",
          "SERVICE_LABELS=ServiceLabelOneKey=service-label-one-value,ServiceLabelTwoKey=service-label-two-value,com.example.ServiceLabelThreeKey=service-label-three-value,",
        ],
      },
    },
    {
      test: "Mount",
      spec: {
        mounts: [
          { type: "bind", source: "bar-{{.Node.ID}}-{{.Task.Name}}", target: "foo-{{.Service.ID}}-{{.Service.Name}}" },
          { type: "bind", source: "bar-{{.Node.ID}}-{{.Service.Name}}", target: "foo-{{.Task.Slot}}-{{.Task.ID}}" },
        ],
      },
      node: templateNode(),
      expected: {
        mounts: [
          { type: "bind", source: "bar-nodeID-serviceName.10.taskID", target: "foo-serviceID-serviceName" },
          { type: "bind", source: "bar-nodeID-serviceName", target: "foo-10-taskID" },
        ],
      },
    },
    {
      test: "Hostname",
      spec: { hostname: "myhost-{{.Task.Slot}}" },
      node: templateNode(),
      expected: { hostname: "myhost-10" },
    },
    {
      test: "Node hostname",
      spec: { hostname: "myservice-{{.Node.Hostname}}" },
      node: templateNode({ hostname: "mynode" }),
      expected: { hostname: "myservice-mynode" },
    },
    {
      test: "Node architecture",
      spec: { hostname: "{{.Node.Hostname}}-{{.Node.Platform.OS}}-{{.Node.Platform.Architecture}}" },
      node: templateNode({ hostname: "mynode", architecture: "myarchitecture", os: "myos" }),
      expected: { hostname: "mynode-myos-myarchitecture" },
    },
  ];

  it.each(cases)("$test", ({ spec, node, expected }) => {
    const task = templateTask(spec);
    const expanded = expandContainerSpec(task, node);
    expect(expanded).toStrictEqual(expected);
    for (const [key, value] of Object.entries(task.annotations?.labels ?? {})) {
      for (const field of templatedFields(expanded)) {
        expect(field).not.toContain(key);
        expect(field).not.toContain(value);
      }
    }
  });
});

describe("expandContainerSpec", () => {
  it("returns a new spec and leaves the task untouched", () => {
    const spec: ContainerSpec = {
      env: ["A={{.Task.ID}}"],
      hostname: "{{.Task.ID}}",
      mounts: [
        { type: "volume", source: "v-{{.Task.ID}}", target: "/data", volumeOptions: { labels: { l: "{{.Task.ID}}" } } },
      ],
    };
    const task = templateTask(spec);
    const before = structuredClone(task);
    const expanded = expandContainerSpec(task);
    expect(task).toStrictEqual(before);
    expect(expanded).not.toBe(spec);
    expect(expanded.mounts?.[0]).not.toBe(spec.mounts?.[0]);
  });

  it("expands volume labels and driver options, and nothing else", () => {
    const spec: ContainerSpec = {
      image: "img-{{.Task.ID}}",
      command: ["{{.Task.ID}}"],
      args: ["{{.Task.ID}}"],
      labels: { l: "{{.Task.ID}}" },
      dir: "/{{.Task.ID}}",
      env: ["NOVALUE{{.Task.ID}}"],
      mounts: [
        {
          type: "volume",
          source: "vol-{{.Task.Slot}}",
          target: "/data",
          volumeOptions: {
            labels: { owner: "{{.Service.Name}}" },
            driverConfig: { name: "{{.Task.ID}}", options: { device: "/dev/{{.Task.Slot}}" } },
          },
        },
      ],
    };
    expect(expandContainerSpec(templateTask(spec))).toStrictEqual({
      ...spec,
      mounts: [
        {
          type: "volume",
          source: "vol-10",
          target: "/data",
          volumeOptions: {
            labels: { owner: "serviceName" },
            driverConfig: { name: "{{.Task.ID}}", options: { device: "/dev/10" } },
          },
        },
      ],
    });
  });

  it("uses empty node fields without a node description, and the node id as slot for global tasks", () => {
    const task = {
      ...templateTask({ hostname: "[{{.Node.Hostname}}|{{.Node.Platform.OS}}]-{{.Task.Slot}}-{{.Task.Name}}" }),
      slot: 0,
    };
    expect(expandContainerSpec(task).hostname).toBe("[|]-nodeID-serviceName.nodeID.taskID");
  });

  it("names the task by its annotation name when it has one", () => {
    const task = templateTask({ hostname: "{{.Task.Name}}" });
    task.annotations = { ...task.annotations, name: "custom-name" };
    expect(expandContainerSpec(task).hostname).toBe("custom-name");
  });

  it("throws for a task without a container spec", () => {
    expect(() => expandContainerSpec(templateTask())).toThrow(
      expect.objectContaining({ code: "EXEC_RUNTIME_UNSUPPORTED", message: "task missing ContainerSpec to expand" }),
    );
  });

  it.each([
    [
      { env: ["A=1", "B=2", "C={{.NotExpanded}}"] },
      "spec.container.env[2]",
      "EXEC_TEMPLATE_UNKNOWN_FIELD",
      ".NotExpanded",
      "spec.container.env[2]: template: expansion:1:2: unknown field .NotExpanded",
    ],
    [
      { hostname: "x-{{.Service.Labels.missing}}" },
      "spec.container.hostname",
      "EXEC_TEMPLATE_UNKNOWN_FIELD",
      ".Service.Labels.missing",
      'spec.container.hostname: template: expansion:1:4: map has no entry for key "missing" in .Service.Labels',
    ],
    [
      { mounts: [{ type: "bind" as const, source: '/{{secret "db"}}', target: "/t" }] },
      "spec.container.mounts[0].source",
      "EXEC_TEMPLATE_UNKNOWN_FUNCTION",
      "secret",
      'spec.container.mounts[0].source: template: expansion:1:3: function "secret" not defined',
    ],
    [
      { mounts: [{ type: "bind" as const, source: "/s", target: "/{{.Task.ID" }] },
      "spec.container.mounts[0].target",
      "EXEC_TEMPLATE_SYNTAX",
      undefined,
      "spec.container.mounts[0].target: template: expansion:1:1: unclosed action",
    ],
    [
      { mounts: [{ type: "volume" as const, target: "/t", volumeOptions: { labels: { a: '{{env "HOME"}}' } } }] },
      "spec.container.mounts[0].volumeOptions.labels.a",
      "EXEC_TEMPLATE_UNKNOWN_FUNCTION",
      "env",
      'spec.container.mounts[0].volumeOptions.labels.a: template: expansion:1:2: function "env" not defined',
    ],
    [
      {
        mounts: [
          {
            type: "volume" as const,
            target: "/t",
            volumeOptions: { driverConfig: { name: "d", options: { o: "{{.Task.Nope}}" } } },
          },
        ],
      },
      "spec.container.mounts[0].volumeOptions.driverConfig.options.o",
      "EXEC_TEMPLATE_UNKNOWN_FIELD",
      ".Task.Nope",
      "spec.container.mounts[0].volumeOptions.driverConfig.options.o: template: expansion:1:2: unknown field .Task.Nope",
    ],
  ])("a bad template in %j names %s", (spec, field, code, identifier, message) => {
    let err: unknown;
    try {
      expandContainerSpec(templateTask(spec), templateNode());
    } catch (caught) {
      err = caught;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect(err).toBeInstanceOf(ExecError);
    expect(err).toMatchObject({ code, field, identifier, message });
    expect((err as TemplateError).cause).toBeInstanceOf(TemplateError);
  });

  it("does not expose task labels or annotations", () => {
    expect(() => expandContainerSpec(templateTask({ hostname: "{{.Task.Labels}}" }))).toThrow(
      "unknown field .Task.Labels",
    );
    expect(() => expandContainerSpec(templateTask({ hostname: "{{.Task.Annotations}}" }))).toThrow(
      "unknown field .Task.Annotations",
    );
  });
});

describe("expandTaskTemplate", () => {
  it("expands one string with the task context", () => {
    expect(expandTaskTemplate("{{.Service.Name}}-{{.Task.Slot}}", templateTask(), templateNode())).toBe(
      "serviceName-10",
    );
    expect(expandTaskTemplate("plain", templateTask())).toBe("plain");
  });
});

// The original's container mapping tests (container_test.go), and what this port adds.
import { describe, expect, it } from "vitest";
import { containerConfig, containerLabels, containerName, taskName } from "../../src/docker/index.js";
import type { ContainerSpec, Mount, Task } from "../../src/index.js";
import { TaskState } from "../../src/index.js";

function taskWith(container: Partial<ContainerSpec>, extra: Partial<Task> = {}): Task {
  return {
    id: "t1",
    spec: { container: { image: "img:1", ...container } },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
    ...extra,
  };
}

const config = (task: Task) => containerConfig(task, { labelPrefix: "taskwright", portBindingHostIp: "" });
const hostConfig = (container: Partial<ContainerSpec>, extra: Partial<Task> = {}) =>
  config(taskWith(container, extra)).HostConfig;

describe("TestVolumesAndBinds: one engine mount per spec mount, no Volumes", () => {
  const cases: Array<[string, Mount, Record<string, unknown>]> = [
    [
      "simple bind",
      { type: "bind", source: "/banana", target: "/kerfluffle" },
      { Type: "bind", Source: "/banana", Target: "/kerfluffle" },
    ],
    [
      "bind with propagation",
      { type: "bind", source: "/banana", target: "/kerfluffle", bindOptions: { propagation: "rprivate" } },
      { Type: "bind", Source: "/banana", Target: "/kerfluffle", BindOptions: { Propagation: "rprivate" } },
    ],
    [
      "named volume",
      { type: "volume", source: "banana", target: "/kerfluffle" },
      { Type: "volume", Source: "banana", Target: "/kerfluffle" },
    ],
    [
      "volume with nocopy",
      { type: "volume", source: "banana", target: "/kerfluffle", volumeOptions: { noCopy: true } },
      { Type: "volume", Source: "banana", Target: "/kerfluffle", VolumeOptions: { NoCopy: true } },
    ],
    ["volume without source", { type: "volume", target: "/kerfluffle" }, { Type: "volume", Target: "/kerfluffle" }],
    [
      "named pipe, Windows form",
      { type: "npipe", source: "\\\\.\\pipe\\foo", target: "\\\\.\\pipe\\foo" },
      { Type: "npipe", Source: "\\\\.\\pipe\\foo", Target: "\\\\.\\pipe\\foo" },
    ],
    [
      "named pipe, Unix form",
      { type: "npipe", source: "//./pipe/foo", target: "//./pipe/foo" },
      { Type: "npipe", Source: "//./pipe/foo", Target: "//./pipe/foo" },
    ],
  ];
  it.each(cases)("%s", (_name, mount, expected) => {
    const body = config(taskWith({ mounts: [mount] }));
    expect(body.Volumes).toBeUndefined();
    expect(body.HostConfig.Mounts).toEqual([expected]);
  });

  it("volume labels and driver, read-only and consistency are passed on", () => {
    const mounts = hostConfig({
      mounts: [
        {
          type: "volume",
          source: "v",
          target: "/v",
          readOnly: true,
          consistency: "cached",
          volumeOptions: { labels: { a: "b" }, driverConfig: { name: "local", options: { type: "tmpfs" } } },
        },
      ],
    }).Mounts;
    expect(mounts).toEqual([
      {
        Type: "volume",
        Source: "v",
        Target: "/v",
        ReadOnly: true,
        Consistency: "cached",
        VolumeOptions: { Labels: { a: "b" }, DriverConfig: { Name: "local", Options: { type: "tmpfs" } } },
      },
    ]);
  });
});

describe("TestTmpfsOptions", () => {
  it.each(["exec", "noexec"])('options "%s" pass through', (options) => {
    const hc = hostConfig({ mounts: [{ type: "tmpfs", target: "/kerfluffle", tmpfsOptions: { options } }] });
    expect(hc.Tmpfs).toEqual({ "/kerfluffle": options });
    expect(hc.Mounts).toBeUndefined();
  });

  it("read-only, mode and size (largest unit that divides it) come first", () => {
    const hc = hostConfig({
      mounts: [
        {
          type: "tmpfs",
          target: "/t",
          readOnly: true,
          tmpfsOptions: { mode: 0o1777, sizeBytes: 64 * 2 ** 20, options: "NOEXEC, nosuid" },
        },
        { type: "tmpfs", target: "/u", tmpfsOptions: { sizeBytes: 1000 } },
      ],
    });
    expect(hc.Tmpfs).toEqual({ "/t": "ro,mode=1777,size=64m,noexec,nosuid", "/u": "size=1000" });
  });
});

describe("other fields", () => {
  it("TestHealthcheck: durations become nanoseconds", () => {
    const body = config(
      taskWith({
        healthcheck: {
          test: ["a", "b", "c"],
          interval: 1000,
          timeout: 60_000,
          retries: 10,
          startPeriod: 60_000,
          startInterval: 60_000,
        },
      }),
    );
    expect(body.Healthcheck).toEqual({
      Test: ["a", "b", "c"],
      Interval: 1e9,
      Timeout: 60e9,
      Retries: 10,
      StartPeriod: 60e9,
      StartInterval: 60e9,
    });
  });

  it("TestExtraHosts: host:IP, in order, aliases kept", () => {
    const hc = hostConfig({ hosts: ["1.2.3.4 example.com", "5.6.7.8 example.org", "127.0.0.1 mylocal other"] });
    expect(hc.ExtraHosts).toEqual([
      "example.com:1.2.3.4",
      "example.org:5.6.7.8",
      "mylocal:127.0.0.1",
      "other:127.0.0.1",
    ]);
  });

  it("TestPidLimit", () => expect(hostConfig({ pidsLimit: 10 }).PidsLimit).toBe(10));
  it("TestStopSignal", () => expect(config(taskWith({ stopSignal: "SIGWINCH" })).StopSignal).toBe("SIGWINCH"));
  it("TestInit", () => {
    expect(hostConfig({}).Init).toBeUndefined();
    expect(hostConfig({ init: true }).Init).toBe(true);
  });
  it("TestIsolation", () => expect(hostConfig({ isolation: "hyperv" }).Isolation).toBe("hyperv"));
  it("TestCapabilityAdd / TestCapabilityDrop", () => {
    expect(hostConfig({ capabilityAdd: ["CAP_NET_RAW", "CAP_SYS_CHROOT"] }).CapAdd).toEqual([
      "CAP_NET_RAW",
      "CAP_SYS_CHROOT",
    ]);
    expect(hostConfig({ capabilityDrop: ["CAP_KILL"] }).CapDrop).toEqual(["CAP_KILL"]);
  });
  it("TestUlimits", () => {
    expect(hostConfig({ ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }] }).Ulimits).toEqual([
      { Name: "nofile", Soft: 1024, Hard: 2048 },
    ]);
  });

  it("command replaces the entrypoint and args become Cmd; args alone replace Cmd", () => {
    expect(config(taskWith({ command: ["sh", "-c"], args: ["echo hi"] }))).toMatchObject({
      Entrypoint: ["sh", "-c"],
      Cmd: ["echo hi"],
    });
    const argsOnly = config(taskWith({ args: ["echo", "hi"] }));
    expect(argsOnly.Entrypoint).toBeUndefined();
    expect(argsOnly.Cmd).toEqual(["echo", "hi"]);
  });

  it("maps env, user, dir, hostname, tty, stdin, read-only root, sysctls, DNS, privileges and the stop timeout", () => {
    const body = config(
      taskWith({
        env: ["A=1"],
        user: "1000:1000",
        groups: ["audio"],
        dir: "/work",
        hostname: "h",
        tty: true,
        openStdin: true,
        readOnly: true,
        sysctls: { "net.core.somaxconn": "1024" },
        dnsConfig: { nameservers: ["1.1.1.1"], search: ["example.com"], options: ["ndots:2"] },
        privileges: { noNewPrivileges: true, seccomp: { mode: "unconfined" }, appArmor: { mode: "disabled" } },
        oomScoreAdj: 100,
        stopGracePeriod: 2500,
      }),
    );
    expect(body).toMatchObject({
      Env: ["A=1"],
      User: "1000:1000",
      WorkingDir: "/work",
      Hostname: "h",
      Tty: true,
      OpenStdin: true,
      StopTimeout: 3,
    });
    expect(body.HostConfig).toMatchObject({
      GroupAdd: ["audio"],
      ReadonlyRootfs: true,
      Sysctls: { "net.core.somaxconn": "1024" },
      Dns: ["1.1.1.1"],
      DnsSearch: ["example.com"],
      DnsOptions: ["ndots:2"],
      SecurityOpt: ["seccomp=unconfined", "apparmor=unconfined", "no-new-privileges=true"],
      OomScoreAdj: 100,
    });
  });

  it("resources: memory, NanoCpus, swap, swappiness; log driver; network mode", () => {
    const task = taskWith(
      {},
      {
        spec: {
          container: { image: "i:1" },
          resources: { limits: { memoryBytes: 2 ** 26, nanoCpus: 5e8 }, swapBytes: 2 ** 27, memorySwappiness: 0 },
          logDriver: { name: "json-file", options: { "max-size": "1m" } },
        },
      },
    );
    const hc = containerConfig(task, { labelPrefix: "p", portBindingHostIp: "", networkMode: "none" }).HostConfig;
    expect(hc).toMatchObject({
      Memory: 2 ** 26,
      NanoCpus: 5e8,
      MemorySwap: 2 ** 27,
      MemorySwappiness: 0,
      NetworkMode: "none",
      LogConfig: { Type: "json-file", Config: { "max-size": "1m" } },
    });
  });

  it("publishes only host-mode ports, on the configured host address", () => {
    const task = taskWith(
      {},
      {
        endpoint: {
          ports: [
            { targetPort: 80, publishedPort: 8080, publishMode: "host" },
            { targetPort: 53, protocol: "udp", publishMode: "host" },
            { targetPort: 443, publishedPort: 443 },
          ],
        },
      },
    );
    const body = containerConfig(task, { labelPrefix: "p", portBindingHostIp: "127.0.0.1" });
    expect(body.ExposedPorts).toEqual({ "80/tcp": {}, "53/udp": {} });
    expect(body.HostConfig.PortBindings).toEqual({
      "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }],
      "53/udp": [{ HostIp: "127.0.0.1", HostPort: "" }],
    });
  });

  it("extra mounts (secret files) are added read-only", () => {
    const extra = [{ Type: "bind" as const, Source: "/dev/shm/x", Target: "/run/secrets/a", ReadOnly: true }];
    const body = containerConfig(taskWith({}), { labelPrefix: "p", portBindingHostIp: "", extraMounts: extra });
    expect(body.HostConfig.Mounts).toEqual(extra);
  });
});

describe("names and labels", () => {
  const base = taskWith({ labels: { "taskwright.task.id": "forged", mine: "spec", both: "spec" } });

  it("labels: spec, overridden by task annotations, overridden by the executor's own (prefix configurable)", () => {
    const task = { ...base, annotations: { labels: { both: "annotation" } }, nodeId: "n1", serviceId: "s1" };
    expect(containerLabels(task, "taskwright")).toEqual({
      mine: "spec",
      both: "annotation",
      "taskwright.task": "",
      "taskwright.task.id": "t1",
      "taskwright.task.name": "n1.t1",
      "taskwright.node.id": "n1",
      "taskwright.service.id": "s1",
    });
    expect(containerLabels(task, "com.example")["com.example.task.id"]).toBe("t1");
  });

  it("name: the annotation name, else <service>.<slot or node>.<id>, made safe for Docker", () => {
    expect(taskName({ ...base, annotations: { name: "given" } })).toBe("given");
    expect(taskName({ ...base, serviceAnnotations: { name: "web" }, slot: 3, nodeId: "n" })).toBe("web.3.t1");
    expect(taskName({ ...base, serviceAnnotations: { name: "web" }, nodeId: "n" })).toBe("web.n.t1");
    expect(containerName(base)).toBe("t1");
    expect(containerName({ ...base, annotations: { name: "..my task/1" } })).toBe("my_task_1");
  });
});

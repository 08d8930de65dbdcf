import Dockerode from "dockerode";

const docker = new Dockerode();
const image = "taskwright-test/busybox:1";
async function t<T>(name: string, acc: Record<string, number>, f: () => Promise<T>): Promise<T> {
  const s = performance.now();
  const r = await f();
  acc[name] = (acc[name] ?? 0) + performance.now() - s;
  return r;
}
const A: Record<string, number> = {},
  B: Record<string, number> = {};
const N = 10;
for (let i = 0; i < N; i++) {
  const c = await t("create", A, () =>
    docker.createContainer({ Image: image, Cmd: ["true"], HostConfig: { NetworkMode: "none" } }),
  );
  await t("start", A, () => c.start());
  await t("wait", A, () => c.wait());
  await t("remove", A, () => c.remove());
  const c2 = await t("create", B, () =>
    docker.createContainer({ Image: image, Cmd: ["true"], HostConfig: { NetworkMode: "none" } }),
  );
  await t("start", B, () => c2.start());
  await t("wait-nr", B, () => c2.wait({ condition: "not-running" } as any));
  await t("inspect", B, () => c2.inspect());
  await t("remove-fv", B, () => c2.remove({ force: true, v: true }));
}
for (const [k, v] of Object.entries(A)) console.log("A", k, (v / N).toFixed(1));
for (const [k, v] of Object.entries(B)) console.log("B", k, (v / N).toFixed(1));

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A dockerd of the tests' own, so that a test can stop and restart an engine without touching the
 * shared one: its own data root, exec root, pid file and socket, live restore on (containers
 * outlive the daemon), no bridge and no iptables (its containers have no network). Needs root.
 */
export class PrivateEngine {
  private process: ChildProcess | undefined;
  root = "";

  get socket(): string {
    return join(this.root, "docker.sock");
  }

  get host(): string {
    return `unix://${this.socket}`;
  }

  /** Starts the daemon (creating its directories the first time) and waits until it answers. */
  async start(): Promise<void> {
    if (!this.root) this.root = await mkdtemp("/tmp/tw-dockerd-");
    const log = openSync(join(this.root, "dockerd.log"), "a");
    this.process = spawn(
      "dockerd",
      [
        `--data-root=${join(this.root, "data")}`,
        `--exec-root=${join(this.root, "exec")}`,
        `--pidfile=${join(this.root, "dockerd.pid")}`,
        `--host=${this.host}`,
        "--live-restore",
        "--bridge=none",
        "--iptables=false",
        "--ip-masq=false",
      ],
      { stdio: ["ignore", log, log] },
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.process.exitCode !== null) throw new Error(`private dockerd exited: ${await this.log()}`);
      try {
        await run("docker", ["--host", this.host, "version"], { timeout: 5_000 });
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`private dockerd did not answer: ${await this.log()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** Stops the daemon (SIGTERM, then SIGKILL after 30 s); with live restore its containers keep running. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** Removes every container, stops the daemon and its container processes, and deletes its files. */
  async destroy(): Promise<void> {
    if (!this.root) return;
    if (this.process) {
      const { stdout } = await run("docker", ["--host", this.host, "ps", "-aq"]).catch(() => ({ stdout: "" }));
      const ids = stdout.split("\n").filter(Boolean);
      if (ids.length > 0) await run("docker", ["--host", this.host, "rm", "-f", "-v", ...ids]).catch(() => {});
    }
    await this.stop();
    await this.killLeftovers();
    await run("umount", ["-R", "-l", join(this.root, "data")]).catch(() => {});
    await run("umount", ["-R", "-l", join(this.root, "exec")]).catch(() => {});
    await rm(this.root, { recursive: true, force: true });
    this.root = "";
  }

  /** Kills processes that still belong to this engine (its containerd and container shims). */
  private async killLeftovers(): Promise<void> {
    for (const pid of await readdir("/proc").catch(() => [] as string[])) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
      if (cmdline.includes(this.root)) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {}
      }
    }
  }

  private async log(): Promise<string> {
    const text = await readFile(join(this.root, "dockerd.log"), "utf8").catch(() => "");
    return text.split("\n").slice(-10).join("\n");
  }
}

import { Readable, Writable } from "node:stream";
import Docker from "dockerode";
import { demuxDockerLogs } from "../src/index.js";
import { compare } from "./support/measure.js";

/** A deterministic pseudo-random generator (mulberry32), so every run decodes the same input. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What Docker's logs endpoint sends with `timestamps=true`: frames of one timestamped line each,
 * 20–200 characters, one in ten on stderr, cut into `chunkSize`-byte chunks as a socket delivers them.
 */
function dockerLogInput(totalBytes: number, chunkSize: number): Buffer[] {
  const next = random(42);
  const frames: Buffer[] = [];
  let size = 0;
  let nanos = 1_714_564_800_000_000_000n;
  while (size < totalBytes) {
    nanos += BigInt(Math.floor(next() * 5_000_000));
    const ms = Number(nanos / 1_000_000n);
    const stamp = `${new Date(ms).toISOString().slice(0, 19)}.${(nanos % 1_000_000_000n).toString().padStart(9, "0")}Z`;
    const line = `${stamp} ${"x".repeat(20 + Math.floor(next() * 180))}\n`;
    const payload = Buffer.from(line);
    const header = Buffer.alloc(8);
    header[0] = next() < 0.1 ? 2 : 1;
    header.writeUInt32BE(payload.length, 4);
    frames.push(header, payload);
    size += 8 + payload.length;
  }
  const all = Buffer.concat(frames);
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length; at += chunkSize) chunks.push(Buffer.from(all.subarray(at, at + chunkSize)));
  return chunks;
}

function counter(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.bytes += chunk.length;
      callback();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** dockerode's `modem.demuxStream` into two counting sinks; resolves with the input size. */
function viaDockerode(modem: { demuxStream: Docker["modem"]["demuxStream"] }, chunks: Buffer[], input: number) {
  return new Promise<number>((resolve, reject) => {
    const source = Readable.from(chunks);
    const stdout = counter();
    const stderr = counter();
    modem.demuxStream(source, stdout, stderr);
    source.on("error", reject);
    source.on("end", () => {
      if (stdout.bytes + stderr.bytes === 0) reject(new Error("dockerode decoded nothing"));
      else resolve(input);
    });
  });
}

/** taskwright's `demuxDockerLogs` (lines, and timestamps when asked); resolves with the input size. */
async function viaTaskwright(chunks: Buffer[], input: number, timestamps: boolean): Promise<number> {
  let bytes = 0;
  for await (const message of demuxDockerLogs(Readable.from(chunks), { context: { taskId: "bench" }, timestamps })) {
    bytes += message.data.length;
  }
  if (bytes === 0) throw new Error("taskwright decoded nothing");
  return input;
}

/** Demultiplexing throughput of `demuxDockerLogs` against dockerode's `modem.demuxStream`, same input, same run. */
export async function benchDemux(): Promise<void> {
  const modem = new Docker({ socketPath: "/nonexistent/docker.sock" }).modem;
  const megabytes = 8;
  for (const chunkSize of [4 * 1024, 16 * 1024, 64 * 1024]) {
    const chunks = dockerLogInput(megabytes * 1024 * 1024, chunkSize);
    const input = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const baseline = "dockerode modem.demuxStream";
    const subject = "demuxDockerLogs, timestamps";
    const timings = await compare(
      {
        [baseline]: () => viaDockerode(modem, chunks, input),
        [subject]: () => viaTaskwright(chunks, input, true),
        "demuxDockerLogs, no timestamps": () => viaTaskwright(chunks, input, false),
      },
      { rounds: 7, warmupRounds: 2 },
    );
    const mbPerSecond = (nsPerByte: number) => 1e9 / nsPerByte / (1024 * 1024);
    const base = timings.find((t) => t.name === baseline)?.nsPerOp ?? Number.NaN;
    const subjectNs = timings.find((t) => t.name === subject)?.nsPerOp ?? Number.NaN;
    console.log(
      `\nDocker log demultiplexing (${megabytes} MiB of timestamped lines in ${chunkSize / 1024} KiB chunks; median of 7)`,
    );
    for (const { name, nsPerOp } of timings) {
      const ratio = base / nsPerOp;
      console.log(
        `  ${name.padEnd(32)} ${mbPerSecond(nsPerOp).toFixed(1).padStart(8)} MB/s   ${ratio.toFixed(2)}× dockerode`,
      );
    }
    const ratio = base / subjectNs;
    console.log(`  target: ${subject} ≥ 1.5× dockerode: ${ratio >= 1.5 ? "met" : "NOT met"} (${ratio.toFixed(2)}×)`);
  }
}

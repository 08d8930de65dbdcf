// Runs the benchmarks: `npm run bench` for all, `npm run bench -- do` for some.
import { benchAgent } from "./agent.bench.js";
import { benchDemux } from "./demux.bench.js";
import { benchDo } from "./do.bench.js";
import { benchDocker } from "./docker.bench.js";

const benchmarks: Record<string, () => Promise<void>> = {
  do: benchDo,
  agent: benchAgent,
  demux: benchDemux,
  docker: benchDocker,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(benchmarks).join(", ")}`);
  process.exit(2);
}
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
for (const [name, run] of Object.entries(benchmarks)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  try {
    await run();
  } catch (err) {
    // Named, and the run ends with exit code 1: no uncaught rejection, no later benchmark.
    console.error(`\nbenchmark "${name}" failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
    break;
  }
}

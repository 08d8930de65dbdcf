/** Result of timing one contender. */
export interface Timing {
  name: string;
  /** Median nanoseconds per operation over the rounds. */
  nsPerOp: number;
}

/**
 * Times contenders against each other: after a warm-up, runs `rounds` rounds in which every
 * contender runs `opsPerRound` operations, alternating their order each round so that neither
 * always runs first, and reports each one's median time per operation.
 */
export async function compare(
  contenders: Record<string, () => Promise<number>>,
  options: { rounds: number; warmupRounds: number },
): Promise<Timing[]> {
  const names = Object.keys(contenders);
  const samples = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const started = process.hrtime.bigint();
      const ops = await (contenders[name] as () => Promise<number>)();
      const elapsed = Number(process.hrtime.bigint() - started);
      if (round >= options.warmupRounds) samples.get(name)?.push(elapsed / ops);
    }
  }
  return names.map((name) => ({ name, nsPerOp: median(samples.get(name) ?? []) }));
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Formats a duration in nanoseconds with a sensible unit. */
export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** Prints a table of timings, the ratio of each to the baseline, and whether `target.subject` met its target ratio. */
export function report(
  title: string,
  timings: Timing[],
  baseline: string,
  target?: { subject: string; ratio: number },
): void {
  const base = timings.find((t) => t.name === baseline);
  console.log(`\n${title}`);
  for (const timing of timings) {
    const ratio = base ? timing.nsPerOp / base.nsPerOp : Number.NaN;
    console.log(
      `  ${timing.name.padEnd(32)} ${formatNs(timing.nsPerOp).padStart(12)}   ${ratio.toFixed(2)}× ${baseline}`,
    );
  }
  const subject = timings.find((t) => t.name === target?.subject);
  if (target && base && subject) {
    const ratio = subject.nsPerOp / base.nsPerOp;
    console.log(
      `  target: ${target.subject} ≤ ${target.ratio}× baseline: ${ratio <= target.ratio ? "met" : "NOT met"} (${ratio.toFixed(2)}×)`,
    );
  }
}

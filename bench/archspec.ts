/**
 * archspec detection cost: module load (embedded data string), the first call (lazy
 * table build) and the median per detection over archspec's 42 samples.
 *
 * The cold numbers (what one `extract` pays) are medians over fresh processes.
 *
 *   bun bench/archspec.ts [rounds] [processes]   (also: deno run --allow-read --allow-run bench/archspec.ts)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dir = path.join(repo, "fixtures", "archspec");
const cold = process.argv[2] === "--cold";
const rounds = cold ? 0 : Number(process.argv[2] ?? 200);
const processes = Number(process.argv[3] ?? 30);

const samples = fs.readFileSync(path.join(dir, "cpuinfo-samples.tsv"), "utf8").trimEnd().split("\n").slice(1)
  .map((row) => row.split("\t"))
  .map(([sample, machine, target]) => ({
    text: fs.readFileSync(path.join(dir, "cpuinfo-samples", sample!), "utf8"),
    machine: machine!,
    target: target!,
  }));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

let t0 = performance.now();
const { detectTarget } = await import("../src/archspec/mod.ts");
const loadMs = performance.now() - t0;

t0 = performance.now();
const first = detectTarget(samples[0]!.text, samples[0]!.machine);
const firstMs = performance.now() - t0;
if (first?.name !== samples[0]!.target) throw new Error(`wrong answer for the first sample: ${first?.name}`);
if (cold) {
  console.log(JSON.stringify({ loadMs, firstMs }));
  process.exit(0);
}

// Cold cost in fresh processes: module load (JSON import) + first detection (table build).
const self = path.join(repo, "bench", "archspec.ts");
const argv = "Deno" in globalThis ? ["run", "--allow-read", self, "--cold"] : [self, "--cold"];
const loads: number[] = [];
const firsts: number[] = [];
for (let i = 0; i < processes; i++) {
  const r = spawnSync(process.execPath, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as { loadMs: number; firstMs: number };
  loads.push(m.loadMs);
  firsts.push(m.firstMs);
}

// Per detection: each sample timed on its own, `rounds` times, interleaved.
const per: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const s of samples) {
    const t = performance.now();
    const got = detectTarget(s.text, s.machine);
    per.push(performance.now() - t);
    if (got?.name !== s.target) throw new Error(`wrong answer: ${got?.name} for ${s.target}`);
  }
}
const sorted = [...per].sort((a, b) => a - b);

console.log(`archspec detection (${samples.length} samples × ${rounds} rounds)`);
console.log(`  cold, median of ${processes} fresh processes:`);
console.log(`    module load (incl. embedded data):${median(loads).toFixed(3)} ms`);
console.log(`    first detection (builds table): ${median(firsts).toFixed(3)} ms`);
console.log(`  warm:`);
console.log(`    per detection, median:           ${(median(per) * 1000).toFixed(1)} µs`);
console.log(`    per detection, p99:              ${(sorted[Math.floor(sorted.length * 0.99)]! * 1000).toFixed(1)} µs`);
console.log(`    per detection, max:              ${(sorted.at(-1)! * 1000).toFixed(1)} µs`);

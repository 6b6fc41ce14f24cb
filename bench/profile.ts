/**
 * CPU profiles of the benchmarks (issue 13: profile before changing anything),
 * taken of a compiled binary built as the shipped one but with names kept
 * (`BUN_OPTIONS=--cpu-prof`, so bytecode and JIT settings are the shipped ones), and summarised: the functions with the most
 * self time and the most total time. Short runs (extract, version) are profiled
 * many times at a fine interval and the profiles added up.
 *
 *   bun bench/profile.ts LABEL [--quick] [--only extract|version|create|check]
 *
 * Writes bench/results/profiles/LABEL.md (e.g. LABEL = before, after).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildInfo, compile } from "../build.ts";
import { parse } from "yaml";
import { epycNodeText, fillNodeDir, machineLine } from "./lib.ts";
import { TEN_RULES } from "./ten_rules.ts";

const repo = path.resolve(import.meta.dir, "..");
const label = process.argv[2];
if (!label || label.startsWith("--")) throw new Error("usage: bun bench/profile.ts LABEL [--quick]");
const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-profile-"));
// The shipped build, except that names are kept (a profile of renamed functions says nothing).
const bin = path.join(work, "compspec");
await compile(bin, { build: await buildInfo(), keepNames: true });

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total microseconds per function (name and place), added over `profiles`. */
function summarise(profiles: CpuProfile[]): { self: Map<string, number>; total: Map<string, number>; sampled: number } {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampled = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const key = (n: ProfileNode) => {
      const f = n.callFrame;
      const where = f.url === "" ? "native" : f.url.includes("$bunfs") ? `bundle:${f.lineNumber + 1}` : `${f.url}:${f.lineNumber + 1}`;
      return `\`${f.functionName || "(anonymous)"}\` ${where}`;
    };
    // A sample's time is the delta to the next one.
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i + 1] ?? 0;
      sampled += dt;
      let id: number | undefined = p.samples[i]!;
      const leaf = byId.get(id)!;
      if (leaf.callFrame.functionName === "(root)" || leaf.callFrame.functionName === "(program)") continue;
      self.set(key(leaf), (self.get(key(leaf)) ?? 0) + dt);
      const seen = new Set<string>();
      while (id !== undefined) {
        const n = byId.get(id)!;
        const k = key(n);
        if (!seen.has(k) && n.callFrame.functionName !== "(root)") {
          seen.add(k);
          total.set(k, (total.get(k) ?? 0) + dt);
        }
        id = parent.get(id);
      }
    }
  }
  return { self, total, sampled };
}

function top(m: Map<string, number>, sampled: number, n: number): string[] {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, us]) => `| ${(us / 1000).toFixed(1)} | ${((100 * us) / sampled).toFixed(1)}% | ${k} |`);
}

/** Profile `runs` runs of `args` at `intervalUs`, and summarise them as Markdown. */
function profile(title: string, args: string[], runs: number, intervalUs: number): string {
  if (only !== undefined && args[0] !== only) return "";
  const dir = fs.mkdtempSync(path.join(work, "prof-"));
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(bin, args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, BUN_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=${intervalUs}` },
    });
    if (r.status !== 0) throw new Error(`${title}: exit ${r.status}: ${r.stderr}`);
  }
  const profiles = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CpuProfile);
  const { self, total, sampled } = summarise(profiles);
  const text = [
    `## ${title}`,
    ``,
    `\`compspec ${args.map((a) => (a.startsWith(work) ? path.basename(a) : a)).join(" ")}\`: ${runs} run${runs > 1 ? "s" : ""}, ` +
    `sampled every ${intervalUs} µs, ${(sampled / 1000 / runs).toFixed(1)} ms sampled per run.`,
    ``,
    `Most self time:`,
    ``,
    `| ms (all runs) | share | function |`,
    `|---|---|---|`,
    ...top(self, sampled, Number(process.env.TOP ?? 25)),
    ``,
    `Most total time (the function and what it calls):`,
    ``,
    `| ms (all runs) | share | function |`,
    `|---|---|---|`,
    ...top(total, sampled, Number(process.env.TOP ?? 25)),
    ``,
  ].join("\n");
  console.log(text);
  return text;
}

const epycRoot = path.join(work, "epyc");
const epycText = epycNodeText(bin, epycRoot);
const nodes = path.join(work, "epyc-10k");
if (only === undefined || only === "create") fillNodeDir(nodes, quick ? 1000 : 10_000, epycText, (i) => `epyc${String(i).padStart(5, "0")}`);
const out = path.join(work, "graph.json");
const create = (...extra: string[]) => ["create", "nodes", "--cluster-name", "bench", "--node-dir", nodes, "-o", out, "--force", ...extra];
const seedLine = ["--name", "library", "--name", "nfd[cpu,memory,network,storage,system]", "--name", "system[cpu,processor,arch,memory]"];
const tenYaml = path.join(work, "ten-rules.yaml");
fs.writeFileSync(tenYaml, TEN_RULES);
const tenJson = path.join(work, "ten-rules.json");
fs.writeFileSync(tenJson, JSON.stringify(parse(TEN_RULES), null, 2));
const parts = [
  `# CPU profiles: ${label}`,
  ``,
  `Machine: ${machineLine()}. \`bun bench/profile.ts ${label}\`: the compiled binary under \`BUN_OPTIONS=--cpu-prof\`.`,
  `Sampling profiles: a function's share is what fraction of samples were in it (self) or under it (total);`,
  `time outside JavaScript (GC, the kernel) is in the native entries that caused it.`,
  ``,
  profile("create nodes, rainbow", create(), 1, 500),
  profile("create nodes, rainbow --pus", create("--pus"), 1, 500),
  profile("create nodes, fluxion", create("--format", "fluxion"), 1, 500),
  profile("create nodes, flux-r", create("--format", "flux-r"), 1, 500),
  profile("extract, the seed's line (this machine)", ["extract", ...seedLine], quick ? 5 : 40, 50),
  profile("version (start-up)", ["version"], quick ? 5 : 40, 50),
  profile("check, 10 NFD rules as JSON (this machine)", ["check", "--artifact", tenJson], quick ? 5 : 40, 50),
  profile("check, 10 NFD rules as YAML (this machine)", ["check", "--artifact", tenYaml], quick ? 5 : 40, 50),
];
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(repo, "bench/results/profiles"), { recursive: true });
fs.writeFileSync(path.join(repo, "bench/results/profiles", `${label}.md`), parts.filter((p) => p !== "").join("\n"));

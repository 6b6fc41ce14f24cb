/**
 * `create subsystem` against `create nodes` over the same 10,000 node files, in
 * one run (issue 19: within 1.5× its time and memory): median wall time
 * (hyperfine) and median peak RSS (GNU time), compiled binary, each run writing
 * new files.
 *
 *   bun bench/create_subsystem.ts [--runs N] [--nodes N]   (needs dist/compspec: npm run build)
 *
 * Node file: issue 13's EPYC node (`compspec extract --root` of the saved
 * 2-socket, 48-core AMD EPYC 7451, every extractor, NFD sections included), so
 * the subsystems are the six families and one per NFD element the node has.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { epycNodeText, fillNodeDir, machineLine, measure, type Measurement } from "./lib.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg("--runs", 5);
const count = arg("--nodes", 10_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-subsystem-"));
const dir = path.join(work, "nodes");
fillNodeDir(dir, count, epycNodeText(bin, path.join(work, "epyc")), (i) => `epyc${String(i).padStart(5, "0")}`);

const graph = path.join(work, "graph.json");
const subsystems = path.join(work, "subsystems");
const nodesArgv = [bin, "create", "nodes", "--cluster-name", "bench", "--node-dir", dir, "--out", graph];
const subsystemArgv = [bin, "create", "subsystem", "--cluster-name", "bench", "--node-dir", dir, "--out", `${subsystems}/`];
// Sizes of what each writes.
for (const argv of [nodesArgv, subsystemArgv]) {
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr}`);
}
const files = fs.readdirSync(subsystems);
const subsystemBytes = files.reduce((n, f) => n + fs.statSync(path.join(subsystems, f)).size, 0);
const largest = Math.max(...files.map((f) => fs.statSync(path.join(subsystems, f)).size));
const graphBytes = fs.statSync(graph).size;

const [n, s] = measure([
  { label: "create nodes", argv: nodesArgv, prepare: ["rm", "-f", graph] },
  { label: "create subsystem", argv: subsystemArgv, prepare: ["rm", "-rf", subsystems] },
], runs, 1) as [Measurement, Measurement];
fs.rmSync(work, { recursive: true, force: true });

const mib = (b: number) => (b / 2 ** 20).toFixed(1);
const row = (m: Measurement) =>
  `| ${m.label} | ${m.wallMsMedian.toFixed(0)} | ${m.wallMsMin.toFixed(0)} | ${(m.wallSpread * 100).toFixed(0)}% | ${m.maxRssMiBMedian.toFixed(0)} |`;
const report = [
  `# create subsystem benchmark`,
  ``,
  `Machine: ${machineLine()}. Compiled binary; ${count} EPYC node files (48 cores, NFD sections);`,
  `median of ${runs} runs after 1 warm-up (hyperfine -N), median peak RSS (GNU time); each run writes new files.`,
  `"spread": standard deviation over mean (a shared VM: read the ratios).`,
  ``,
  `| command | median ms | min ms | spread | peak RSS MiB |`,
  `|---|---|---|---|---|`,
  row(n),
  row(s),
  ``,
  `**create subsystem / create nodes: ${(s.wallMsMedian / n.wallMsMedian).toFixed(2)}× time, ${(s.maxRssMiBMedian / n.maxRssMiBMedian).toFixed(2)}× peak RSS** (target ≤ 1.5× both).`,
  ``,
  `Output: the cluster graph ${mib(graphBytes)} MiB; ${files.length} subsystem files, ${mib(subsystemBytes)} MiB in all ` +
    `(${(subsystemBytes / count / files.length).toFixed(0)} bytes per node per subsystem, ${(subsystemBytes / count).toFixed(0)} bytes per node), ` +
    `the largest ${mib(largest)} MiB (rainbow's limit: 4 MiB per file).`,
  ``,
].join("\n");
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
if (count === 10_000) fs.writeFileSync(path.join(repo, "bench/results/create_subsystem.md"), report);
console.log(report);

/**
 * `create nodes` at cluster scale (issues 4 and 13): wall time and peak memory of
 * the compiled binary against the I/O floor measured in the same run: `cat` of
 * every node file plus `cat` of the graph written into a new file (what any merge
 * must at least do), per output, since each format and option writes its own size.
 *
 *   bun bench/create_nodes.ts [--quick | --full] [--runs N]   (needs dist/compspec: npm run build)
 *
 * Workloads (hostnames varied, every file otherwise the same, as on a real cluster):
 *  - epyc-1k / epyc-10k / epyc-100k: issue 13's node, `compspec extract --root` of
 *    the saved 2-socket, 48-core, 96-PU AMD EPYC 7451 (fixtures/lscpu), 8.4 KB each;
 *  - go-10k: compspec-go's own node file (fixtures/compspec-go);
 *  - real-10k: a node with 128 PUs, 4 NUMA nodes and 4 GPUs from our extractor
 *    over bench/make_realistic_root.ts's machine.
 * --quick: epyc-10k, rainbow with and without --pus. Default: epyc-1k and -10k in
 * every format with and without --pus, go-10k and real-10k. --full adds epyc-100k
 * (time linear in nodes? peak memory ≤ 400 MiB?; about 12 GB of disk).
 * Each compspec run writes a new file, as the floor's `cat` does.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Contender, epycNodeText, fillNodeDir, machineLine, measure, type Measurement } from "./lib.ts";
import { realisticNodeText } from "./make_realistic_root.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const quick = process.argv.includes("--quick");
const full = process.argv.includes("--full");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : quick ? 3 : 5;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-nodes-"));

const epycText = epycNodeText(bin, path.join(work, "epyc"));
const host = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, "0")}`;

interface Workload {
  name: string;
  dir: string;
  configs: string[][];
}
const ALL = [[], ["--pus"], ["--format", "fluxion"], ["--format", "fluxion", "--pus"], ["--format", "flux-r"], ["--format", "flux-r", "--pus"]];
const workloads: Workload[] = [];
const epyc = (n: number, configs: string[][]) => {
  const name = `epyc-${n / 1000}k`;
  const dir = path.join(work, name);
  fillNodeDir(dir, n, epycText, (i) => host("epyc", i));
  workloads.push({ name, dir, configs });
};
if (quick) {
  epyc(10_000, [[], ["--pus"]]);
} else {
  epyc(1_000, ALL);
  epyc(10_000, ALL);
  const goText = fs.readFileSync(path.join(repo, "fixtures/compspec-go/node-extract-example.json"), "utf8");
  // compspec-go's file has no hostname: the file name names the node.
  fillNodeDir(path.join(work, "go-10k"), 10_000, goText, (i) => `node-${i}`);
  workloads.push({ name: "go-10k", dir: path.join(work, "go-10k"), configs: [[], ["--pus"]] });
  fillNodeDir(path.join(work, "real-10k"), 10_000, realisticNodeText(bin, work), (i) => host("gpu", i));
  workloads.push({ name: "real-10k", dir: path.join(work, "real-10k"), configs: [[], ["--pus"], ["--format", "fluxion", "--pus"]] });
  if (full) epyc(100_000, [[], ["--pus"], ["--format", "fluxion"]]);
}

const out = path.join(work, "graph.json");
const copy = path.join(work, "graph-copy.json");
const floorOut = path.join(work, "floor-input.json");
const sections: string[] = [
  `# create nodes benchmark`,
  ``,
  `Machine: ${machineLine()}. Compiled binary, output to a new file each run; median wall time from`,
  `\`hyperfine -N\` (${runs} runs after 1 warm-up), median peak RSS from GNU time. Floor, measured in the same run for`,
  `each output: \`cat\` of every node file to /dev/null plus \`cat\` of that graph into a new file. "spread": standard`,
  `deviation of the runs over their mean (this VM is shared: read ratios, not absolute times).`,
  `One EPYC node file is ${(epycText.length / 1024).toFixed(1)} KiB.`,
  ``,
];
const rows: string[] = [];
for (const w of workloads) {
  sections.push(`## ${w.name}`, ``);
  sections.push(
    `| options | compspec median ms | min ms | spread | peak RSS MiB | graph MiB | floor median ms | × floor |`,
    `|---|---|---|---|---|---|---|---|`,
  );
  for (const config of w.configs) {
    const argv = [bin, "create", "nodes", "--cluster-name", "bench", "--node-dir", w.dir, "--nodes-output", out, ...config];
    // The graph this configuration writes, kept for the floor's second cat.
    fs.rmSync(out, { force: true });
    const made = spawnSync(argv[0]!, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
    if (made.status !== 0) throw new Error(`${argv.join(" ")} failed: ${made.stderr}`);
    fs.renameSync(out, floorOut);
    const graphBytes = fs.statSync(floorOut).size;
    const contenders: Contender[] = [
      { label: "compspec", argv, prepare: ["rm", "-f", out] },
      {
        label: "floor",
        argv: ["sh", "-c", `find ${w.dir} -name '*.json' -exec cat {} + > /dev/null && cat ${floorOut} > ${copy}`],
        prepare: ["rm", "-f", copy],
      },
    ];
    const [c, f] = measure(contenders, w.name === "epyc-100k" ? Math.min(runs, 3) : runs, 1) as [Measurement, Measurement];
    const label = config.length === 0 ? "rainbow" : config.join(" ").replace("--format ", "");
    const row = `| ${label} | ${c.wallMsMedian.toFixed(0)} | ${c.wallMsMin.toFixed(0)} | ${(c.wallSpread * 100).toFixed(0)}% | ` +
      `${c.maxRssMiBMedian.toFixed(0)} | ${(graphBytes / 2 ** 20).toFixed(0)} | ${f.wallMsMedian.toFixed(0)} | ` +
      `**${(c.wallMsMedian / f.wallMsMedian).toFixed(2)}×** |`;
    sections.push(row);
    rows.push(`${w.name} ${row}`);
    console.log(`${w.name} ${row}`);
  }
  sections.push(``);
}
fs.rmSync(work, { recursive: true, force: true });
const report = sections.join("\n");
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
if (!quick) fs.writeFileSync(path.join(repo, "bench/results/create_nodes.md"), report);
console.log(report);

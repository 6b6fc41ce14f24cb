/**
 * `create nodes` at cluster scale (issue 4), wall time and peak memory of the
 * compiled binary, with an I/O floor measured in the same run as the peer
 * (`cat` of every node file, which any merge must at least read).
 *
 *   bun bench/create_nodes.ts [--quick]     (needs dist/compspec: npm run build)
 *
 * Workloads:
 *  - go-10k: 10,000 copies of compspec-go's own node file (fixtures/compspec-go);
 *  - real-1k / real-10k / real-50k: a realistic node extracted by our own extractor
 *    from a synthetic root (bench/make_realistic_root.ts: 2 sockets, 64 cores,
 *    128 PUs, 4 NUMA nodes, 4 GPUs), hostnames varied.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Contender, machineLine, measure, table } from "./lib.ts";
import { realisticNodeText, writeRealisticNodes } from "./make_realistic_root.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const quick = process.argv.includes("--quick");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-nodes-"));

function fill(dir: string, count: number, text: (i: number) => string, name: (i: number) => string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= count; i++) fs.writeFileSync(path.join(dir, name(i)), text(i));
}

const goText = fs.readFileSync(path.join(repo, "fixtures/compspec-go/node-extract-example.json"), "utf8");
fill(path.join(work, "go-10k"), 10_000, () => goText, (i) => `node-${i}.json`);

const realText = realisticNodeText(bin, work);
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 50_000];
for (const n of sizes) writeRealisticNodes(path.join(work, `real-${n / 1000}k`), n, realText);

const sections: string[] = [
  `# create nodes benchmark`,
  ``,
  `Machine: ${machineLine()}. Compiled binary, output to a file; median wall time from \`hyperfine -N\`, median peak RSS from GNU time.`,
  `Peer: \`cat\` of every node file (the I/O floor any merge pays), measured in the same run.`,
  `One realistic node file is ${(realText.length / 1024).toFixed(1)} KiB; compspec-go's example is ${(goText.length / 1024).toFixed(1)} KiB.`,
  ``,
];
const out = path.join(work, "graph.json");
for (const w of ["go-10k", ...sizes.map((n) => `real-${n / 1000}k`)]) {
  const dir = path.join(work, w);
  const runs = w === "real-50k" ? 3 : 5;
  const contenders: Contender[] = [
    { label: `compspec create nodes (${w})`, argv: [bin, "create", "nodes", "--cluster-name", "bench", "--node-dir", dir, "--nodes-output", out, "--force"] },
    { label: `compspec create nodes --pus (${w})`, argv: [bin, "create", "nodes", "--cluster-name", "bench", "--node-dir", dir, "--nodes-output", out, "--force", "--pus"] },
    { label: `cat all files (${w})`, argv: ["sh", "-c", `find ${dir} -name '*.json' -exec cat {} + > /dev/null`] },
  ];
  const ms = measure(contenders, runs, 1);
  const graphBytes = fs.statSync(out).size;
  sections.push(`## ${w}`, ``, table(ms, `cat all files (${w})`), ``, `Graph written: ${(graphBytes / 2 ** 20).toFixed(1)} MiB (--pus run).`, ``);
  console.log(sections.slice(-5).join("\n"));
}
fs.rmSync(work, { recursive: true, force: true });
const report = sections.join("\n");
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
fs.writeFileSync(path.join(repo, "bench/results/create_nodes.md"), report);
console.log(report);

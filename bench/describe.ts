/**
 * `describe` and `diff` at cluster scale (issue 12: 10,000 realistic node files
 * in < 2 s and < 400 MiB), wall time and peak memory of the compiled binary, with
 * an I/O floor measured in the same run as the peer (`cat` of every node file
 * read, which any reader of the folder must at least pay).
 *
 *   bun bench/describe.ts [--quick]     (needs dist/compspec: npm run build)
 *
 * Workloads: real-10k, a realistic node extracted by our own extractor from a
 * synthetic root (bench/make_realistic_root.ts: 2 sockets, 64 cores, 128 PUs,
 * 4 NUMA nodes, 4 GPUs), hostnames varied; real-10k-after, the same nodes with
 * 1 % changed (a DIMM or a GPU missing), for `diff` (20,000 files read).
 * `--quick` runs 1,000 nodes instead.
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
const count = quick ? 1_000 : 10_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-describe-"));

const realText = realisticNodeText(bin, work);

/** Node `i` after maintenance: every 100th node lost a DIMM (even) or a GPU (odd). */
function changed(i: number, text: string): string {
  if (i % 100 !== 0) return text;
  const f = JSON.parse(text);
  const sys = f.results.system.sections;
  if (i % 200 === 0) sys.memory.memtotal = `${Number(sys.memory.memtotal.split(" ")[0]) - 32 * 1024 * 1024} kB`;
  else {
    sys.gpu.count = String(Number(sys.gpu.count) - 1);
  }
  return JSON.stringify(f, null, 2);
}

const before = path.join(work, "before");
const after = path.join(work, "after");
writeRealisticNodes(before, count, realText);
writeRealisticNodes(after, count, realText, changed);

const label = `${count / 1000}k`;
const contenders: Contender[] = [
  { label: `compspec describe (${label})`, argv: [bin, "describe", "--node-dir", before] },
  { label: `compspec describe --format svg (${label})`, argv: [bin, "describe", "--node-dir", before, "--format", "svg"] },
  { label: `compspec describe --format slurm (${label})`, argv: [bin, "describe", "--node-dir", before, "--format", "slurm"] },
  // diff exits 1 when something changed: wrap it so the harness sees success.
  { label: `compspec diff (${label} vs ${label})`, argv: ["sh", "-c", `${bin} diff ${before} ${after} >/dev/null; test $? -eq 1`] },
  { label: `cat all files (${label})`, argv: ["sh", "-c", `find ${before} -name '*.json' -exec cat {} + > /dev/null`] },
  { label: `cat all files (2 × ${label})`, argv: ["sh", "-c", `find ${before} ${after} -name '*.json' -exec cat {} + > /dev/null`] },
];
const ms = measure(contenders, 5, 1);
const report = [
  `# describe and diff benchmark`,
  ``,
  `Machine: ${machineLine()}. Compiled binary, output to /dev/null; median wall time from \`hyperfine -N\`, median peak RSS from GNU time.`,
  `Peer: \`cat\` of every node file read (the I/O floor), measured in the same run. \`diff\` reads both folders (${2 * count} files);`,
  `its row runs under \`sh -c\` (exit 1 means "changed"), which adds a shell's start to it.`,
  `One realistic node file is ${(realText.length / 1024).toFixed(1)} KiB.`,
  ``,
  `## real-${label}`,
  ``,
  table(ms, `cat all files (${label})`),
  ``,
].join("\n");
fs.rmSync(work, { recursive: true, force: true });
if (!quick) {
  fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
  fs.writeFileSync(path.join(repo, "bench/results/describe.md"), report);
}
console.log(report);

/**
 * `extract` speed against lscpu and lstopo, measured in one interleaved run.
 *
 *   bun bench/extract.ts [runs]      (needs dist/compspec: npm run build)
 *
 * Peers: `lscpu -J` (util-linux) and `lstopo-no-graphics --of xml` (hwloc-nox),
 * both Debian packages. Results go to stdout and bench/results/extract.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { available, type Contender, machineLine, measure, table } from "./lib.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const runs = Number(process.argv[2] ?? 30);

const epycDir = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-"));
spawnSync("tar", ["xzf", path.join(repo, "fixtures/lscpu/x86_64-epyc_7451.tar.gz"), "-C", epycDir]);
const epyc = path.join(epycDir, "x86_64-epyc_7451");

const seedSystem = ["--name", "system[cpu,processor,arch,memory]"];
const seedLine = ["--name", "library", "--name", "nfd[cpu,memory,network,storage,system]", ...seedSystem];

const live: Contender[] = [
  { label: "compspec extract system[cpu,processor,arch,memory]", argv: [bin, "extract", ...seedSystem] },
  { label: "compspec extract (seed's line)", argv: [bin, "extract", ...seedLine] },
  { label: "compspec extract (all extractors)", argv: [bin, "extract"] },
  { label: "compspec version (process start only)", argv: [bin, "version"] },
];
if (available("lscpu")) live.push({ label: "lscpu -J", argv: ["lscpu", "-J"] });
if (available("lstopo-no-graphics")) {
  live.push({ label: "lstopo-no-graphics --of xml", argv: ["lstopo-no-graphics", "--of", "xml", "-"] });
}

const rooted: Contender[] = [
  { label: "compspec extract --root epyc_7451 system[cpu,processor,arch,memory] (memory absent in the dump)", argv: [bin, "extract", "--root", epyc, "--hostname", "epyc", "--allow-fail", ...seedSystem] },
  { label: "compspec extract --root epyc_7451 system (all sections)", argv: [bin, "extract", "--root", epyc, "--hostname", "epyc", "--allow-fail", "--name", "system"] },
];
if (available("lscpu")) rooted.push({ label: "lscpu -J --sysroot epyc_7451", argv: ["lscpu", "-J", "--sysroot", epyc] });

const a = measure(live, runs);
const b = measure(rooted, runs);
fs.rmSync(epycDir, { recursive: true, force: true });

const report = [
  `# extract benchmark`,
  ``,
  `Machine: ${machineLine()}. ${runs} runs each after 2 warm-ups: wall time from \`hyperfine -N\``,
  `(no shell), peak RSS from GNU time (runs interleaved).`,
  ``,
  `## This machine (live /proc and /sys)`,
  ``,
  table(a, "lscpu -J"),
  ``,
  `## A saved 96-CPU root (AMD EPYC 7451 dump, 2 sockets, 8 NUMA nodes)`,
  ``,
  table(b, "lscpu -J --sysroot epyc_7451"),
  ``,
].join("\n");
console.log(report);
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
fs.writeFileSync(path.join(repo, "bench/results/extract.md"), report);

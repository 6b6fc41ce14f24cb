/**
 * `extract` speed (issue 13): the seed's line against lscpu and lstopo, start-up
 * against compiled Bun hello-worlds built the way compspec is, all in one run;
 * and, with valgrind installed, instructions counted by callgrind (the same on
 * every run, however busy the machine: the noise-free view of the same things).
 *
 *   bun bench/extract.ts [runs]      (needs dist/compspec: npm run build)
 *
 * "Work" is extract minus `compspec version` (start-up). compspec-go cannot be
 * built here: its figures (7.0 ms extract, 3.3 ms version on this project's
 * VM) come from issue 13 and are quoted, not measured.
 * Results go to stdout and bench/results/extract.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compile } from "../build.ts";
import { available, type Contender, machineLine, measure, type Measurement, table } from "./lib.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const runs = Number(process.argv[2] ?? 30);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-"));

// Hello-worlds compiled with compspec's own settings (bytecode, ES modules, JIT policy …).
const hellos: [string, string][] = [
  ["hello", `console.log("hello");`],
  ["hello-fs", `import * as fs from "node:fs";\nfs.writeSync(1, "hello\\n");`],
];
for (const [name, source] of hellos) {
  fs.writeFileSync(path.join(work, `${name}.ts`), source);
  await compile(path.join(work, name), { build: {}, entry: path.join(work, `${name}.ts`) });
}

spawnSync("tar", ["xzf", path.join(repo, "fixtures/lscpu/x86_64-epyc_7451.tar.gz"), "-C", work]);
const epyc = path.join(work, "x86_64-epyc_7451");

const seedSystem = ["--name", "system[cpu,processor,arch,memory]"];
const seedLine = ["--name", "library", "--name", "nfd[cpu,memory,network,storage,system]", ...seedSystem];

const SEED = "compspec extract (seed's line)";
const VERSION = "compspec version (start-up)";
const live: Contender[] = [
  { label: "compiled Bun hello-world (console.log)", argv: [path.join(work, "hello")] },
  { label: "compiled Bun hello-world with node:fs (fs.writeSync)", argv: [path.join(work, "hello-fs")] },
  { label: VERSION, argv: [bin, "version"] },
  { label: SEED, argv: [bin, "extract", ...seedLine] },
  { label: "compspec extract system[cpu,processor,arch,memory]", argv: [bin, "extract", ...seedSystem] },
  { label: "compspec extract (all extractors)", argv: [bin, "extract"] },
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

/** Instructions callgrind counts for `argv` (all threads), or undefined without valgrind. */
function instructions(argv: string[]): number | undefined {
  const r = spawnSync("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", ...argv], { encoding: "utf8" });
  const m = /refs:\s+([\d,]+)/.exec(r.stderr ?? "");
  return m ? Number(m[1]!.replaceAll(",", "")) : undefined;
}

const a = measure(live, runs);
const b = measure(rooted, runs);
const by = (ms: Measurement[], label: string) => ms.find((m) => m.label === label)!;
const workMs = by(a, SEED).wallMsMedian - by(a, VERSION).wallMsMedian;
const counted = available("valgrind")
  ? live.filter((c) => !c.label.startsWith("lscpu") && !c.label.startsWith("lstopo")).map((c) => [c.label, instructions(c.argv)] as const)
  : [];
fs.rmSync(work, { recursive: true, force: true });

const report = [
  `# extract benchmark`,
  ``,
  `Machine: ${machineLine()}. ${runs} runs each after 2 warm-ups: wall time from \`hyperfine -N\``,
  `(no shell), peak RSS from GNU time (runs interleaved). The machine is shared: read the ratios.`,
  ``,
  `## This machine (live /proc and /sys)`,
  ``,
  table(a, "lscpu -J"),
  ``,
  `Work after start-up (seed's line minus \`version\`): **${workMs.toFixed(1)} ms**; start-up above the compiled`,
  `hello-world: ${(by(a, VERSION).wallMsMedian - by(a, live[0]!.label).wallMsMedian).toFixed(1)} ms. compspec-go, from issue 13 (not buildable here):`,
  `7.0 ms extract, 3.3 ms version, so about 3.7 ms of work.`,
  ``,
  ...(counted.length > 0
    ? [
      `Instructions (callgrind, all threads; the same on every run):`,
      ``,
      `| command | instructions |`,
      `|---|---|`,
      ...counted.map(([label, n]) => `| ${label} | ${n === undefined ? "?" : `${(n / 1e6).toFixed(2)} M`} |`),
      ``,
    ]
    : []),
  `## A saved 96-CPU root (AMD EPYC 7451 dump, 2 sockets, 8 NUMA nodes)`,
  ``,
  table(b, "lscpu -J --sysroot epyc_7451"),
  ``,
].join("\n");
console.log(report);
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
fs.writeFileSync(path.join(repo, "bench/results/extract.md"), report);

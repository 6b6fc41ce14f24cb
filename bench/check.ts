/**
 * `check` speed (issue 9), wall time and peak memory of the compiled binary,
 * each with a peer measured in the same run:
 *
 *  - this machine, a 10-rule NFD artifact: `check` (extracts only the five
 *    nfd sections the rules use, in-process) against `extract` of the same
 *    sections alone — the target is within 5 ms — as YAML and as JSON; and
 *    the floor the YAML library sets: compiled programs that read the YAML
 *    file, one with `yaml`'s parse (what `check` needs of it) and one without;
 *  - `check --node-dir` over 1,000 and 10,000 (and 50,000 without --quick)
 *    realistic node files with the same artifact against `cat` of the same
 *    files — the target is < 1.5 s and < 300 MiB at 10,000, growing linearly.
 *
 *   bun bench/check.ts [--quick]     (needs dist/compspec: npm run build)
 *
 * The realistic node: bench/make_realistic_root.ts (2 sockets, 128 PUs, 4 NUMA
 * nodes, 4 GPUs) extracted by our own extractor with the seed's line.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { compile } from "../build.ts";
import { type Contender, machineLine, measure, table } from "./lib.ts";
import { realisticNodeText, writeRealisticNodes } from "./make_realistic_root.ts";
import { TEN_RULES } from "./ten_rules.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const quick = process.argv.includes("--quick");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-check-"));

const artifact = path.join(work, "ten-rules.yaml");
fs.writeFileSync(artifact, TEN_RULES);
// The same rules as JSON: JSON is parsed natively, YAML by the yaml library (costly in a cold process).
const artifactJson = path.join(work, "ten-rules.json");
fs.writeFileSync(artifactJson, JSON.stringify(parse(TEN_RULES), null, 2));
const sections = ["--name", "nfd[cpu,memory,network,storage,system]"];

// The realistic node file, by our own extractor.
const realText = realisticNodeText(bin, work);
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 50_000];
for (const n of sizes) writeRealisticNodes(path.join(work, `real-${n / 1000}k`), n, realText);
// Check once that the check works on this data (and says something).
const probe = spawnSync(bin, ["check", "--artifact", artifact, "--node-dir", path.join(work, "real-1k")], { encoding: "utf8" });
if (probe.status === 2 || probe.stderr !== "") throw new Error(`check failed: ${probe.stderr}`);

const sectionsOut: string[] = [
  `# check benchmark`,
  ``,
  `Machine: ${machineLine()}. Compiled binary; median wall time from \`hyperfine -N\`, median peak RSS from GNU time.`,
  `Artifact: 10 NFD rules over nfd[cpu,memory,network,storage,system] (bench/check.ts). One realistic node file is ${
    (realText.length / 1024).toFixed(1)
  } KiB.`,
  ``,
  `## This machine: check against extract of the same sections`,
  ``,
];
// The YAML library's own cost in a cold process, compiled as compspec is: load it, parse the
// artifact into a document with places (the options check uses), turn it into data.
const floors: [string, string][] = [
  ["read-file", `import * as fs from "node:fs";\nconst text = fs.readFileSync(process.argv[2]!, "utf8");\nfs.writeSync(1, String(text.length) + "\\n");\n`],
  [
    "yaml-parse",
    `import * as fs from "node:fs";\nconst text = fs.readFileSync(process.argv[2]!, "utf8");\n` +
    `const { LineCounter, parseDocument } = await import("yaml");\n` +
    `const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true, version: "1.1", prettyErrors: false });\n` +
    `fs.writeSync(1, String(Object.keys(doc.toJS({ maxAliasCount: 100 })).length) + "\\n");\n`,
  ],
];
// In the repository (bench/), so that `yaml` resolves; removed at the end.
const floorDir = fs.mkdtempSync(path.join(repo, "bench", ".floor-"));
for (const [name, source] of floors) {
  fs.writeFileSync(path.join(floorDir, `${name}.ts`), source);
  await compile(path.join(work, name), { build: {}, entry: path.join(floorDir, `${name}.ts`) });
}
fs.rmSync(floorDir, { recursive: true, force: true });
const READ_FILE = "compiled program: read ten-rules.yaml (node:fs)";
const YAML_PARSE = "compiled program: read ten-rules.yaml, yaml parseDocument + toJS";

const live: Contender[] = [
  { label: "compspec check --artifact ten-rules.yaml (this machine)", argv: [bin, "check", "--artifact", artifact] },
  { label: "compspec check --artifact ten-rules.json (this machine)", argv: [bin, "check", "--artifact", artifactJson] },
  { label: "compspec extract --name nfd[cpu,memory,network,storage,system]", argv: [bin, "extract", ...sections] },
  { label: READ_FILE, argv: [path.join(work, "read-file"), artifact] },
  { label: YAML_PARSE, argv: [path.join(work, "yaml-parse"), artifact] },
];
const liveMs = measure(live, quick ? 10 : 30);
const extractMs = liveMs[2]!.wallMsMedian;
sectionsOut.push(
  table(liveMs, live[2]!.label),
  ``,
  `check − extract: ${(liveMs[0]!.wallMsMedian - extractMs).toFixed(1)} ms with the YAML artifact, ${
    (liveMs[1]!.wallMsMedian - extractMs).toFixed(1)
  } ms with the same rules as JSON (target: within 5 ms).`,
  ``,
  `The YAML library alone, loaded and parsing this artifact in a cold process, costs ${
    (liveMs[4]!.wallMsMedian - liveMs[3]!.wallMsMedian).toFixed(1)
  } ms (the two compiled programs above).`,
  ``,
);
console.log(sectionsOut.slice(-6).join("\n"));

for (const n of sizes) {
  const w = `real-${n / 1000}k`;
  const dir = path.join(work, w);
  const contenders: Contender[] = [
    { label: `compspec check --node-dir (${w})`, argv: [bin, "check", "--artifact", artifact, "--node-dir", dir] },
    { label: `cat all files (${w})`, argv: ["sh", "-c", `find ${dir} -name '*.json' -exec cat {} + > /dev/null`] },
  ];
  const ms = measure(contenders, n >= 50_000 ? 3 : 5, 1);
  sectionsOut.push(`## ${w}`, ``, table(ms, contenders[1]!.label), ``);
  console.log(sectionsOut.slice(-4).join("\n"));
}
fs.rmSync(work, { recursive: true, force: true });
const report = sectionsOut.join("\n");
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
fs.writeFileSync(path.join(repo, "bench/results/check.md"), report);
console.log(report);

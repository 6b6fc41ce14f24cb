/**
 * `check` speed (issue 9), wall time and peak memory of the compiled binary,
 * each with a peer measured in the same run:
 *
 *  - this machine, a 10-rule NFD artifact: `check` (extracts only the five
 *    nfd sections the rules use, in-process) against `extract` of the same
 *    sections alone — the target is within 5 ms;
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
import { type Contender, machineLine, measure, table } from "./lib.ts";
import { realisticNodeText, writeRealisticNodes } from "./make_realistic_root.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const quick = process.argv.includes("--quick");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-check-"));

/**
 * Ten rules over the five sections of the seed's nfd line, as a site might
 * write them: nine in a preferred set, one in a fallback set that any x86 or
 * Arm machine passes (so `check` exits 0, which the measurement needs).
 */
const TEN_RULES = `version: v1alpha1
compatibilities:
- tag: avx512
  weight: 90
  description: "AVX-512 build for Intel Xeon on Rocky or RHEL 9"
  rules:
  - name: avx512
    matchFeatures:
    - feature: cpu.cpuid
      matchExpressions: {AVX512F: {op: Exists}, AVX512BW: {op: Exists}, AVX512VL: {op: Exists}}
  - name: intel
    matchFeatures:
    - feature: cpu.model
      matchExpressions: {vendor_id: {op: In, value: [Intel]}, family: {op: In, value: ["6"]}}
  - name: any avx512 extension
    matchFeatures:
    - feature: cpu.cpuid
      matchName: {op: InRegexp, value: ["^AVX512(VNNI|BF16|FP16)$"]}
  - name: two sockets or more
    matchFeatures:
    - feature: cpu.topology
      matchExpressions: {socket_count: {op: Ge, value: ["2"]}}
  - name: numa
    matchFeatures:
    - feature: memory.numa
      matchExpressions: {node_count: {op: GeLe, value: ["1", "16"]}}
  - name: el9
    matchFeatures:
    - feature: system.osrelease
      matchExpressions: {ID: {op: In, value: [rocky, rhel, almalinux]}, VERSION_ID.major: {op: Ge, value: ["9"]}}
  - name: not a desktop distribution
    matchFeatures:
    - feature: system.osrelease
      matchExpressions: {ID: {op: NotIn, value: [ubuntu, fedora]}}
  - name: a network link up
    matchAny:
    - matchFeatures:
      - feature: network.device
        matchExpressions: {operstate: {op: In, value: [up]}}
    - matchFeatures:
      - feature: network.virtual
        matchExpressions: {operstate: {op: In, value: [up, unknown]}}
  - name: local disk
    matchFeatures:
    - feature: storage.block
      matchExpressions: {name: {op: InRegexp, value: ["^(nvme|sd|vd)"]}}
- tag: generic
  description: "fallback build: any x86 or Arm CPU NFD can name"
  rules:
  - name: known cpu vendor
    matchFeatures:
    - feature: cpu.model
      matchExpressions: {vendor_id: {op: In, value: [Intel, AMD, ARM, Ampere, Fujitsu, NVIDIA]}}
`;
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
const live: Contender[] = [
  { label: "compspec check --artifact ten-rules.yaml (this machine)", argv: [bin, "check", "--artifact", artifact] },
  { label: "compspec check --artifact ten-rules.json (this machine)", argv: [bin, "check", "--artifact", artifactJson] },
  { label: "compspec extract --name nfd[cpu,memory,network,storage,system]", argv: [bin, "extract", ...sections] },
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
);
console.log(sectionsOut.slice(-4).join("\n"));

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

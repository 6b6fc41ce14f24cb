/**
 * rainbow's graph at the size of real clusters (issue 19 §6): bytes per node of
 * the full form and of `--compact` for typical nodes, how many such nodes fit
 * in one rainbow registration (4 MiB), and `create nodes` time for 10,000 EPYC
 * nodes in both forms — against a binary built before the change with `--base`.
 *
 *   bun bench/rainbow_compact.ts [--base OLD_BINARY] [--runs N]   (needs dist/compspec: npm run build)
 *
 * Nodes: 2 cores — `compspec extract --root` of the saved Dell E4310 laptop
 * (fixtures/lscpu); 48 cores — of the saved 2-socket AMD EPYC 7451 (issue 13's
 * node); 192 cores — that EPYC node's record with 2 sockets of 96 cores of 2 PUs
 * (no saved machine that large: the layout is what grows a graph). Bytes per
 * node are a 1,000-node cluster's bytes over 1,000.
 * Writes bench/results/rainbow_compact.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildGraph } from "../src/graph/mod.ts";
import { rainbowFit } from "../src/graph/rainbow_limit.ts";
import { parseNodeFile } from "../src/node/read_node_file.ts";
import type { NodeRecord } from "../src/node/record.ts";
import { type Contender, epycNodeText, extractText, fillNodeDir, machineLine, measure } from "./lib.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const base = arg("--base");
const runs = Number(arg("--runs") ?? 5);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-compact-"));

const epycText = epycNodeText(bin, path.join(work, "epyc"));
fs.mkdirSync(path.join(work, "dell"));
spawnSync("tar", ["xzf", path.join(repo, "fixtures/lscpu/x86_64-dell_e4310.tar.gz"), "-C", path.join(work, "dell")]);
const dellText = extractText(bin, path.join(work, "dell", "x86_64-dell_e4310"), []);

const record = (text: string, host: string): NodeRecord => parseNodeFile(`${host}.json`, text.replace("HOSTNAME_PLACEHOLDER", host), host);
const cluster = (one: (host: string) => NodeRecord, n: number) => Array.from({ length: n }, (_, i) => one(`node${String(i).padStart(4, "0")}`));
const big = (host: string): NodeRecord => {
  const r = record(epycText, host);
  let cpu = 0;
  const sockets = [0, 1].map(() => Array.from({ length: 96 }, () => [cpu++, cpu++]));
  return { ...r, sockets, attributes: { ...r.attributes, "org.supercontainers.hardware.cpu.cores": "192", "org.supercontainers.hardware.cpu.cpus": "384" } };
};
const shapes: [string, (host: string) => NodeRecord][] = [
  ["2 cores (Dell E4310)", (h) => record(dellText, h)],
  ["48 cores (EPYC 7451)", (h) => record(epycText, h)],
  ["192 cores (2 × 96)", big],
];

const N = 1000;
const lines: string[] = [
  "# rainbow graph: full form and --compact",
  "",
  `Machine: ${machineLine()}.`,
  "",
  `Bytes per node: a ${N}-node cluster's graph (compact JSON, \`create nodes --format rainbow\`) over ${N}; "fit": nodes of`,
  "that shape in one rainbow registration (4 MiB, gRPC's default, less 1 KiB for the message's other fields).",
  "",
  "| node | cores | full bytes/node | compact bytes/node | compact / full | full: nodes that fit | compact: nodes that fit |",
  "|---|---|---|---|---|---|---|",
];
for (const [name, one] of shapes) {
  const records = cluster(one, N);
  const opts = { pus: false, pretty: false };
  const full = new TextEncoder().encode(buildGraph("rainbow", "bench", records, opts)).length;
  const compact = new TextEncoder().encode(buildGraph("rainbow", "bench", records, { ...opts, compact: true })).length;
  const cores = records[0]!.sockets.reduce((n, s) => n + s.length, 0);
  lines.push(
    `| ${name} | ${cores} | ${(full / N).toFixed(0)} | ${(compact / N).toFixed(0)} | ${(compact / full).toFixed(2)} | ` +
      `${rainbowFit(full, N).nodesThatFit} | ${rainbowFit(compact, N).nodesThatFit} |`,
  );
}

// Time: 10,000 EPYC node files, each run writing a new file.
const dir = path.join(work, "epyc-10k");
fillNodeDir(dir, 10_000, epycText, (i) => `epyc${String(i).padStart(5, "0")}`);
const out = path.join(work, "graph.json");
const run = (b: string, extra: string[]) => [b, "create", "nodes", "--cluster-name", "bench", "--node-dir", dir, "--out", out, ...extra];
const contenders: Contender[] = [
  ...(base ? [{ label: "full form, before (--base)", argv: run(base, []), prepare: ["rm", "-f", out] }] : []),
  { label: "full form", argv: run(bin, []), prepare: ["rm", "-f", out] },
  { label: "--compact", argv: run(bin, ["--compact"]), prepare: ["rm", "-f", out] },
];
const sizes = contenders.map((c) => {
  fs.rmSync(out, { force: true });
  spawnSync(c.argv[0]!, c.argv.slice(1), { stdio: "ignore" });
  return fs.statSync(out).size;
});
let same = "";
if (base) {
  const a = path.join(work, "a.json"), b = path.join(work, "b.json");
  spawnSync(base, run(base, []).slice(1).map((x) => x === out ? a : x), { stdio: "ignore" });
  spawnSync(bin, run(bin, []).slice(1).map((x) => x === out ? b : x), { stdio: "ignore" });
  same = spawnSync("cmp", ["-s", a, b]).status === 0 ? "byte-identical" : "DIFFERENT";
}
const ms = measure(contenders, runs, 1);
lines.push(
  "",
  `## create nodes, 10,000 EPYC nodes (hyperfine -N, ${runs} runs, compiled binaries)`,
  "",
  "| form | median ms | min ms | spread | peak RSS MiB | graph MiB |",
  "|---|---|---|---|---|---|",
  ...ms.map((m, i) =>
    `| ${m.label} | ${m.wallMsMedian.toFixed(0)} | ${m.wallMsMin.toFixed(0)} | ${(m.wallSpread * 100).toFixed(0)}% | ${m.maxRssMiBMedian.toFixed(0)} | ${(sizes[i]! / 2 ** 20).toFixed(1)} |`
  ),
  "",
  ...(base ? [`Full form before and after the change: ${same}.`, ""] : []),
);
fs.rmSync(work, { recursive: true, force: true });
const report = lines.join("\n");
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
fs.writeFileSync(path.join(repo, "bench/results/rainbow_compact.md"), report);
console.log(report);

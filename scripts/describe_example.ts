/**
 * The example picture of docs/describe.md: `compspec describe --format svg` of
 * a made-up cluster of real node files (fixtures/), rendered to PNG by headless
 * Chromium.
 *
 *   bun scripts/describe_example.ts      writes docs/describe-example.svg and .png
 *
 * The cluster: 64 Sapphire Rapids nodes with 4 H100 each (fixtures/nodes/realistic),
 * one of them missing a GPU and one a DIMM; 32 Ice Lake H100 nodes
 * (fixtures/nodes/extracted); two login nodes described by compspec-go's files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeCluster } from "../src/describe/groups.ts";
import { summarizeNodeFile } from "../src/describe/node_summary.ts";
import { describeSvg } from "../src/describe/svg.ts";
import type { NodeFile } from "../src/node/schema.ts";
import { CHROMIUM, renderSvg, svgSize } from "../test/util/chromium.ts";

const repo = path.resolve(import.meta.dir, "..");
const read = (p: string) => fs.readFileSync(path.join(repo, p), "utf8");
const named = (text: string, hostname: string): NodeFile => {
  const f = JSON.parse(text) as NodeFile;
  f.compspec = { version: f.compspec?.version ?? "0.1.0", hostname };
  return f;
};
const spr = read("fixtures/nodes/realistic/gpu17.json");
const ice = read("fixtures/nodes/extracted/gpu5.json");
const go = read("fixtures/compspec-go/node-extract-example.json");

const files: NodeFile[] = [];
for (let i = 1; i <= 64; i++) {
  const f = named(spr, `gpu${String(i).padStart(3, "0")}`);
  const sys = f.results.system!.sections;
  if (i === 17) {
    sys.gpu!.count = "3";
    for (const k of Object.keys(sys.gpu!)) if (k.startsWith("3.")) delete sys.gpu![k];
  }
  if (i === 42) {
    // A 32 GiB DIMM short: 8 GiB less on each of the 4 NUMA nodes.
    const less = (key: string, kib: number) => (sys.memory![key] = `${Number(sys.memory![key]!.split(" ")[0]) - kib} kB`);
    less("memtotal", 32 * 1024 * 1024);
    for (let n = 0; n < 4; n++) less(`numa.${n}.memtotal`, 8 * 1024 * 1024);
  }
  files.push(f);
}
for (let i = 1; i <= 32; i++) files.push(named(ice, `ice${String(i).padStart(3, "0")}`));
for (let i = 1; i <= 2; i++) files.push(named(go, `login${i}`));

const svg = describeSvg(describeCluster(files.map((f) => summarizeNodeFile(f, "node"))), "example cluster");
const svgFile = path.join(repo, "docs/describe-example.svg");
fs.writeFileSync(svgFile, svg);
if (!CHROMIUM) throw new Error("chromium is needed to render the PNG (apt-get install chromium)");
const { width, height } = svgSize(svg);
fs.writeFileSync(path.join(repo, "docs/describe-example.png"), renderSvg(svgFile, width, height));
console.error(`wrote docs/describe-example.svg and .png (${width} × ${height})`);

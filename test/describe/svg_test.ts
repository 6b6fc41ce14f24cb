/**
 * `describe --format svg`: one self-contained file that a real browser draws.
 * Headless Chromium renders it to PNG; the render must have the SVG's size, not
 * be blank, and show lstopo's colours (packages, NUMA nodes, cores, GPUs).
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeCluster } from "../../src/describe/groups.ts";
import type { NodeSummary } from "../../src/describe/node_summary.ts";
import { describeSvg, MAX_DRAWN_GROUPS } from "../../src/describe/svg.ts";
import { CHROMIUM, renderSvg, svgSize } from "../util/chromium.ts";
import { REPO, tempDirsForFile } from "../util/fixtures.ts";
import { colourCounts, decodePng } from "../util/png.ts";
import { goFile, host, kernel, lessMemory, offline, realFile, summary, withoutGpu } from "./nodes.ts";

const GiB = 1024 * 1024;
const scratchDir = tempDirsForFile();

/** Eight groups of a 128-PU GPU node (plus compspec-go nodes): the "readable at 8 groups" case. */
function eightGroups(): NodeSummary[] {
  const out: NodeSummary[] = [];
  for (let i = 1; i <= 64; i++) out.push(summary(realFile(host(i))));
  out.push(summary(realFile(host(65), lessMemory(32 * GiB))));
  out.push(summary(realFile(host(66), withoutGpu(2))));
  out.push(summary(realFile(host(67), offline(3, 67))));
  for (let i = 1; i <= 8; i++) out.push(summary(realFile(host(i, "big"), lessMemory(256 * GiB))));
  for (let i = 1; i <= 4; i++) out.push(summary(realFile(host(i, "cpu"), withoutGpu(0), withoutGpu(0), withoutGpu(0), withoutGpu(0))));
  for (let i = 1; i <= 2; i++) out.push(summary(realFile(host(i, "old"), kernel("4.18.0"), (f) => void (f.results.system!.sections.os!.name = "Rocky Linux 8.9 (Green Obsidian)"))));
  out.push({ ...summary(goFile(), "login1"), hostname: "login1" });
  return out;
}

function write(svg: string): string {
  const d = scratchDir("compspec-svg-");
  const file = path.join(d, "cluster.svg");
  fs.writeFileSync(file, svg);
  return file;
}

describe("the SVG document", () => {
  const svg = describeSvg(describeCluster(eightGroups()), "test cluster");

  test("self-contained: no scripts, links, external fonts, images or styles", () => {
    expect(svg).toStartWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" ');
    for (const bad of ["<script", "href", "url(", "@import", "@font-face", "<image", "<foreignObject", "<style"]) expect(svg).not.toContain(bad);
    expect(svg.match(/https?:\/\/[^"\s<]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
  });

  test("8 groups, one drawing each, labelled with count and hostlist; text never below 9 px", () => {
    const d = describeCluster(eightGroups());
    expect(d.groups).toHaveLength(8);
    for (const g of d.groups) expect(svg).toContain(`>${g.hostlist} — ${g.nodes.length} node${g.nodes.length === 1 ? "" : "s"}</text>`);
    expect(Math.min(...[...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1])))).toBeGreaterThanOrEqual(9);
    // Every PU of a 128-PU node is drawn with its CPU number.
    for (const cpu of [0, 64, 127]) expect(svg).toContain(`>P#${cpu}</text>`);
    const { width } = svgSize(svg);
    expect(width).toBeLessThanOrEqual(2000);
  });

  test("50,000 nodes: a few hundred KB for a few groups, under 3 MB for a thousand distinct groups", () => {
    const base = summary(realFile("n"));
    const same = Array.from({ length: 50_000 }, (_, i) => ({ ...base, hostname: host(i + 1, "n", 5) }));
    const small = describeSvg(describeCluster(same));
    expect(small.length).toBeLessThan(300_000);
    // Every node different from its neighbour (1,000 OS images): 1,000 groups of 50 scattered nodes.
    const scattered = same.map((n, i) => ({ ...n, os: `Linux ${i % 1000}` }));
    const big = describeSvg(describeCluster(scattered));
    expect(big.length).toBeLessThan(3_000_000);
    expect(big.includes(`${1000 - MAX_DRAWN_GROUPS} more groups, not drawn:`)).toBe(true);
    expect(big.split("<text").length).toBeLessThan(MAX_DRAWN_GROUPS * 600);
  });
});

if (!CHROMIUM) console.log("svg_test: SKIP rendering in a browser: chromium not installed (apt-get install chromium)");

describe.skipIf(!CHROMIUM)("rendered by headless Chromium", () => {
  for (const [name, nodes] of [["one 128-PU node", () => [summary(realFile("gpu17"))]], ["8 groups", eightGroups]] as const) {
    test(`${name}: the PNG has the SVG's size, is not blank, and shows lstopo's colours`, () => {
      const svg = describeSvg(describeCluster(nodes()));
      const { width, height } = svgSize(svg);
      expect(width).toBeGreaterThan(500);
      const png = decodePng(renderSvg(write(svg), width, height));
      expect([png.width, png.height]).toEqual([width, height]);
      const colours = colourCounts(png);
      const white = colours.get("#ffffff") ?? 0;
      expect(white / (width * height)).toBeLessThan(0.8);
      expect(colours.size).toBeGreaterThan(20); // text antialiasing: real glyphs were drawn
      // Package, NUMA node, core and GPU fills, each a real area of the picture.
      for (const c of ["#dedede", "#efdfde", "#bebebe", "#dff0d8"]) expect(colours.get(c) ?? 0).toBeGreaterThan(2000);
    }, 120_000);
  }
});

test("the example in docs/ is a render of the SVG beside it (scripts/describe_example.ts)", () => {
  const svg = fs.readFileSync(path.join(REPO, "docs/describe-example.svg"), "utf8");
  const png = decodePng(fs.readFileSync(path.join(REPO, "docs/describe-example.png")));
  expect([png.width, png.height]).toEqual(Object.values(svgSize(svg)));
  expect(colourCounts(png).get("#bebebe") ?? 0).toBeGreaterThan(2000);
});

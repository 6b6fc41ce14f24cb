import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { RAINBOW_MESSAGE_LIMIT } from "../../src/graph/rainbow_limit.ts";
import { runInProcess } from "./run_in_process.ts";
import { FIXTURES, tempDirsForFile } from "../util/fixtures.ts";

const RED = path.join(FIXTURES, "nodes/rainbow-red");
const scratchDir = tempDirsForFile();

function create(dir: string, ...extra: string[]) {
  return runInProcess(["create", "nodes", "--cluster-name", "red", "--node-dir", dir, ...extra]);
}

/** A folder of `n` copies of one of rainbow's 12-CPU compspec-go node files (no hostname inside: the file name names the node). */
function copies(n: number): string {
  const d = scratchDir("compspec-compact-");
  const text = fs.readFileSync(path.join(RED, "node0.json"));
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(d, `n${i}.json`), text);
  return d;
}

describe("create nodes --compact and rainbow's 4 MiB limit (issue 19 §6)", () => {
  test("--compact writes the same vertices and contains edges in far fewer bytes; no warning below the limit", async () => {
    const full = await create(RED);
    const compact = await create(RED, "--compact");
    expect(compact.status).toBe(0);
    expect(compact.stderr).toBe("");
    expect(compact.stdout.length * 4).toBeLessThan(full.stdout.length);
    const f = JSON.parse(full.stdout).graph, c = JSON.parse(compact.stdout).graph;
    expect(Object.keys(c.nodes)).toEqual(Object.keys(f.nodes));
    expect(c.edges.length * 2).toBe(f.edges.length);
  });

  test("a graph over 4 MiB is written whole, with a warning naming its size, the limit and how many nodes fit", async () => {
    // Bytes per node of this shape, from a small folder; then a folder just over the limit in the full form.
    const perNode = Math.ceil((await create(copies(8))).stdout.length / 8);
    const n = Math.ceil(RAINBOW_MESSAGE_LIMIT / perNode) + 8;
    const dir = copies(n);
    const out = path.join(dir, "graph.json");
    const r = await create(dir, "--out", out);
    expect(r.status).toBe(0);
    const bytes = fs.statSync(out).size;
    expect(bytes).toBeGreaterThan(RAINBOW_MESSAGE_LIMIT);
    expect(Object.values(JSON.parse(fs.readFileSync(out, "utf8")).graph.nodes).filter((v) => (v as { metadata: { type: string } }).metadata.type === "node").length).toBe(n);
    expect(r.stderr).toContain(`compspec: warning: the rainbow graph is ${(bytes / 1048576).toFixed(1)} MiB (${bytes} bytes) for ${n} nodes`);
    expect(r.stderr).toContain("registration limit of 4.0 MiB (4194304 bytes)");
    const fit = Number(/about (\d+) nodes of this shape fit/.exec(r.stderr)?.[1]);
    expect(fit).toBeGreaterThan(n * 0.9);
    expect(fit).toBeLessThan(n);
    expect(r.stderr).toContain("--compact writes about a quarter of these bytes");
    fs.rmSync(out);
    // The same folder in the compact form fits: no warning.
    const c = await create(dir, "--compact");
    expect(c.status).toBe(0);
    expect(c.stdout.length).toBeLessThan(RAINBOW_MESSAGE_LIMIT);
    expect(c.stderr).toBe("");
    // And the count it gave does fit, without a warning.
    for (let i = fit; i < n; i++) fs.rmSync(path.join(dir, `n${i}.json`));
    const under = await create(dir);
    expect(under.stdout.length).toBeLessThan(RAINBOW_MESSAGE_LIMIT);
    expect(under.stderr).toBe("");
  });

  test("--compact is for rainbow only, and not with --labels (exit 2, nothing written)", async () => {
    const d = scratchDir("compspec-compact-out-");
    const out = path.join(d, "g.json");
    const flux = await create(RED, "--compact", "--format", "fluxion", "--out", out);
    expect(flux.status).toBe(2);
    expect(flux.stderr).toContain("--compact is for --format rainbow only, not fluxion");
    const labels = await create(RED, "--compact", "--labels", "--out", out);
    expect(labels.status).toBe(2);
    expect(labels.stderr).toContain("--compact leaves node facts out");
    expect(fs.readdirSync(d)).toEqual([]);
  });
});

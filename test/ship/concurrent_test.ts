/**
 * A 64-node cluster run, simulated on one machine: 64 concurrent
 * `extract --out DIR/ --hostname nodeNN` processes write into one shared folder
 * while `create nodes` reads it over and over. Every mid-run `create nodes` must
 * succeed with the complete files it sees (or, before the first file lands, say
 * the folder is empty): never a parse error from a half-written file. The final
 * graph has exactly 64 nodes, and no temporary file is left behind.
 *
 * Then 64 nodes start at once into a folder that does not exist yet (`--out
 * DIR/` creates it): every one succeeds.
 *
 * Uses the compiled binary (built when missing or stale), as a cluster would.
 */
import { describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { SEED_LINE, tempDir } from "../util/fixtures.ts";
import { ensureBinary } from "../util/binary.ts";

const NODES = 64;

interface Done {
  status: number | null;
  stdout: string;
  stderr: string;
  started: number;
  ended: number;
}

/** Run `binary args` asynchronously, collecting its output. */
function run(binary: string, args: string[]): Promise<Done> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(binary, args, { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (status) =>
      resolve({
        status,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        started,
        ended: performance.now(),
      }));
  });
}

/** Hostnames of the `node` vertices of a graph (rainbow: nodes keyed by label; fluxion: an array). */
function nodeNames(graphJson: string): string[] {
  const g = JSON.parse(graphJson).graph;
  const vertices: { metadata: { type: string; name: string } }[] = Array.isArray(g.nodes)
    ? g.nodes
    : Object.values(g.nodes);
  return vertices.filter((v) => v.metadata.type === "node").map((v) => v.metadata.name).sort();
}

const name = (i: number) => `node${String(i).padStart(2, "0")}`;

describe(`${NODES} nodes extracting into one folder`, () => {
  test("create nodes, run while they write, only ever sees complete files; the final graph has all 64", async () => {
    const binary = ensureBinary();
    const dir = tempDir("compspec-cluster-");
    const t0 = performance.now();
    let running = NODES;
    // Nodes start a little apart, as srun/flux launches do, so readers meet the folder at every stage.
    const extracts = Array.from({ length: NODES }, (_, i) =>
      new Promise<void>((r) => setTimeout(r, i * 15))
        .then(() => run(binary, ["extract", ...SEED_LINE, "--allow-fail", "--out", dir + "/", "--hostname", name(i)]))
        .then((d) => {
          running--;
          return d;
        }));

    // A half-written temporary file, as `extract --out DIR/` leaves while writing: readers must skip it.
    const partial = path.join(dir, `.${name(99)}.json.12345.abcdef.tmp`);
    fs.writeFileSync(partial, '{"compspec": {"hostname": "node99"}, "results": {"sys');

    // Read the folder over and over while the extracts are still writing.
    const reads: { done: Done; before: number; after: number; overlapped: boolean }[] = [];
    const countFiles = () => fs.readdirSync(dir).filter((f) => f.endsWith(".json") && !f.startsWith(".")).length;
    while (running > 0) {
      const overlapped = running > 0;
      const before = countFiles();
      const done = await run(binary, ["create", "nodes", "--cluster-name", "sim", "--node-dir", dir]);
      reads.push({ done, before, after: countFiles(), overlapped });
    }
    const finished = await Promise.all(extracts);
    const extractSecs = (Math.max(...finished.map((d) => d.ended)) - t0) / 1000;

    for (const [i, d] of finished.entries()) expect(d.status, `${name(i)}: ${d.stderr}`).toBe(0);
    for (const { done, before, after } of reads) {
      if (done.status !== 0) {
        // Only acceptable failure: nothing there yet.
        expect(before, done.stderr).toBe(0);
        expect(done.stderr).toContain("no node files");
        continue;
      }
      const seen = nodeNames(done.stdout);
      expect(seen.length).toBeGreaterThanOrEqual(Math.max(before, 1));
      expect(seen.length).toBeLessThanOrEqual(after);
      expect(done.stderr).not.toMatch(/not JSON|cannot be used|unexpected end/i);
    }
    const midRun = reads.filter((r) => r.overlapped && r.done.status === 0 && nodeNames(r.done.stdout).length < NODES);
    console.log(
      `concurrent_test: ${NODES} extracts in ${
        extractSecs.toFixed(1)
      }s; ${reads.length} create-nodes runs during them, ` +
        `${midRun.length} built a partial graph (node counts: ${
          reads.map((r) => r.done.status === 0 ? nodeNames(r.done.stdout).length : "empty").join(",")
        })`,
    );
    expect(reads.length).toBeGreaterThan(0);

    // Exactly the 64 node files, no temporary file left behind (but ours).
    fs.rmSync(partial);
    expect(fs.readdirSync(dir).sort()).toEqual(Array.from({ length: NODES }, (_, i) => `${name(i)}.json`));
    const final = await run(binary, ["create", "nodes", "--cluster-name", "sim", "--node-dir", dir]);
    expect(final.status, final.stderr).toBe(0);
    expect(nodeNames(final.stdout)).toEqual(Array.from({ length: NODES }, (_, i) => name(i)));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

describe(`${NODES} nodes writing into a shared folder that does not exist yet`, () => {
  test("--out DIR/ is created by whichever node comes first; none fails for the race", async () => {
    const binary = ensureBinary();
    const base = tempDir("compspec-fresh-");
    const nodes = path.join(base, "cluster", "nodes") + "/";
    const snaps = path.join(base, "cluster", "snapshots") + "/";
    // All at once, no stagger: the most processes racing to make the same folders (and their shared parent).
    const runs = Array.from({ length: NODES }, (_, i) =>
      i % 8 === 7
        // The snapshots all name this machine's one file: --force, or all but the first refuse it (#22 §5).
        ? run(binary, ["snapshot", "--allow-fail", "--force", "--out", snaps])
        : run(binary, ["extract", "--name", "system[cpu,os]", "--allow-fail", "--out", nodes, "--hostname", name(i)]));
    const done = await Promise.all(runs);
    for (const [i, d] of done.entries()) {
      expect(d.status, `${i}: ${d.stderr}`).toBe(0);
      expect(d.stderr).not.toContain("cannot create folder");
    }
    const extracted = Array.from({ length: NODES }, (_, i) => i).filter((i) => i % 8 !== 7).map((i) => `${name(i)}.json`);
    expect(fs.readdirSync(nodes).sort()).toEqual(extracted);
    // Every snapshot run wrote the same <hostname>.snapshot.json.gz in turn: one file, no temporary left.
    expect(fs.readdirSync(snaps)).toHaveLength(1);
    fs.rmSync(base, { recursive: true, force: true });
  }, 120_000);
});

import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { runInProcess } from "./run_in_process.ts";
import { FIXTURES, tempDirsForFile } from "../util/fixtures.ts";
import { host, lessMemory, nodeDir, realFile, withoutGpu } from "../describe/nodes.ts";

const GiB = 1024 * 1024;
const scratchDir = tempDirsForFile();

const cluster = [
  ...Array.from({ length: 12 }, (_, i) => realFile(host(i + 1))),
  realFile(host(13), lessMemory(32 * GiB)),
  realFile(host(14), withoutGpu(0)),
];

describe("compspec describe", () => {
  const dir = nodeDir(cluster, scratchDir);

  test("--node-dir: groups, totals and outliers as text; nothing on stderr", async () => {
    const r = await runInProcess(["describe", "--node-dir", dir]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toStartWith(`14 nodes in 3 groups (14 node files in ${dir})\n`);
    expect(r.stdout).toContain("\ngpu[001-012]  (12 nodes)\n");
    expect(r.stdout).toContain("  gpu013  memory 471 GiB, where gpu[001-012] (12 nodes) have 503 GiB\n");
    expect(r.stdout).toContain("  gpu014  GPUs 3 × NVIDIA H100 SXM5 80GB, where gpu[001-012] (12 nodes) have 4 × NVIDIA H100 SXM5 80GB\n");
  });

  test("--graph: the same groups from the graph create nodes made of the folder (rainbow and Fluxion)", async () => {
    const out = scratchDir("compspec-describe-graph-");
    const fromDir = JSON.parse((await runInProcess(["describe", "--node-dir", dir, "--format", "json"])).stdout);
    for (const format of ["rainbow", "fluxion"]) {
      const graph = path.join(out, `${format}.json`);
      expect((await runInProcess(["create", "nodes", "--cluster-name", "red", "--node-dir", dir, "--format", format, "--nodes-output", graph])).status).toBe(0);
      const r = await runInProcess(["describe", "--graph", graph, "--format", "json"]);
      expect(r.status).toBe(0);
      const fromGraph = JSON.parse(r.stdout);
      expect(fromGraph.source).toBe(`graph ${graph}, cluster red`);
      const shape = (d: { groups: { hostlist: string; layout: unknown; gpus: unknown; os: string; mpi: string }[] }) =>
        d.groups.map((g) => [g.hostlist, g.layout, g.gpus, g.os, g.mpi]);
      expect(shape(fromGraph)).toEqual(shape(fromDir));
    }
  });

  test("compspec-go node files (what they can tell)", async () => {
    const r = await runInProcess(["describe", "--node-dir", path.join(FIXTURES, "nodes/rainbow-red")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("node[0-2]  (3 nodes)\n");
    expect(r.stdout).toContain("  layout  1 socket × 12 cores × 1 thread = 12 PUs (CPU count only: threads per core unknown)\n");
  });

  test("every format, to stdout or atomically to --out", async () => {
    const out = scratchDir("compspec-describe-out-");
    for (const format of ["text", "markdown", "json", "svg", "slurm", "gres", "flux"]) {
      const r = await runInProcess(["describe", "--node-dir", dir, "--format", format]);
      expect(r.status).toBe(0);
      const file = path.join(out, `cluster.${format}`);
      expect((await runInProcess(["describe", "--node-dir", dir, "--format", format, "-o", file])).stdout).toBe("");
      expect(fs.readFileSync(file, "utf8")).toBe(r.stdout);
    }
    expect(fs.readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);
    expect(fs.readFileSync(path.join(out, "cluster.slurm"), "utf8")).toContain("NodeName=gpu[001-012] CPUs=128 ");
    expect(fs.readFileSync(path.join(out, "cluster.slurm"), "utf8")).not.toContain(" Name=gpu ");
    expect(fs.readFileSync(path.join(out, "cluster.gres"), "utf8")).toContain("NodeName=gpu[001-012] Name=gpu Type=");
    expect(fs.readFileSync(path.join(out, "cluster.flux"), "utf8")).toContain('hosts = "gpu[001-013]"'); // memory is no Flux resource
  });

  test("no arguments: this machine, extracted in-process, the same as describing its node file", async () => {
    const r = await runInProcess(["describe", "--format", "json"]);
    expect(r.status).toBe(0);
    const here = JSON.parse(r.stdout);
    expect(here.source).toBe("this machine");
    expect(here.totals.nodes).toBe(1);
    const folder = scratchDir("compspec-describe-self-");
    expect((await runInProcess(["extract", "--allow-fail", "--out", `${folder}/`])).status).toBe(0);
    const viaFile = JSON.parse((await runInProcess(["describe", "--node-dir", folder, "--format", "json"])).stdout);
    expect(here.groups).toEqual(viaFile.groups);
  });

  test("--root: a saved machine", async () => {
    const r = await runInProcess(["describe", "--root", path.join(FIXTURES, "machines/gpu-node")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toStartWith("1 node (--root ");
    expect(r.stdout).toMatch(/gpus {4}\d+ × /);
  });
});

describe("compspec describe: bad input and usage", () => {
  test("bad node files: the same messages and exit code as create nodes (one reader)", async () => {
    const dir = nodeDir({
      "a.json": realFile("a"),
      "b.json": "{not json",
      "c.json": JSON.stringify({ graph: { nodes: [] } }),
      "d.json": realFile("a"), // a second node named a
      "e.json": JSON.stringify({ results: { system: { sections: { cpu: { cores: 2 } } } } }),
    }, scratchDir);
    const create = await runInProcess(["create", "nodes", "--cluster-name", "x", "--node-dir", dir]);
    const desc = await runInProcess(["describe", "--node-dir", dir]);
    expect(create.status).toBe(1);
    expect(desc.status).toBe(create.status);
    expect(desc.stderr).toBe(create.stderr);
    expect(desc.stdout).toBe("");
    expect(desc.stderr).toContain("is a JGF cluster graph");
    const skip = await runInProcess(["describe", "--node-dir", dir, "--allow-fail"]);
    expect(skip.status).toBe(1); // a and d share a hostname: both skipped, nothing usable left
    const ok = await runInProcess(["describe", "--node-dir", nodeDir({ "a.json": realFile("a"), "b.json": "{" }, scratchDir), "--allow-fail"]);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain("compspec: warning: skipping ");
  });

  test("a missing folder, an empty folder, a graph that is not one", async () => {
    expect((await runInProcess(["describe", "--node-dir", "/nonexistent"])).stderr).toBe("compspec: error: --node-dir /nonexistent: no such file or folder\n");
    const empty = scratchDir();
    expect((await runInProcess(["describe", "--node-dir", empty])).stderr).toContain("no node files (*.json) in it");
    const notGraph = path.join(nodeDir({ "x.json": "[]" }, scratchDir), "x.json");
    const r = await runInProcess(["describe", "--graph", notGraph]);
    expect(r.status).toBe(1);
    expect(r.stderr).toStartWith(`compspec: error: --graph ${notGraph}: not a JGF graph`);
  });

  test("usage errors exit 2", async () => {
    for (const args of [["--format", "png"], ["--node-dir", "a", "--graph", "b"], ["--nmae"], ["extra"]]) {
      const r = await runInProcess(["describe", ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toStartWith("compspec: error: describe: ");
    }
  });

  test("--help and help describe", async () => {
    const r = await runInProcess(["describe", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toStartWith("Usage: compspec describe ");
    expect((await runInProcess(["help", "describe"])).stdout).toBe(r.stdout);
    expect((await runInProcess(["--help"])).stdout).toContain("  describe ");
  });
});

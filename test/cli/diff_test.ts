import { describe, expect, test } from "bun:test";
import * as path from "node:path";
import { runInProcess } from "./run_in_process.ts";
import { tempDirsForFile } from "../util/fixtures.ts";
import { host, kernel, lessMemory, nodeDir, offline, realFile, withoutGpu } from "../describe/nodes.ts";

const GiB = 1024 * 1024;
const scratchDir = tempDirsForFile();

const before = Array.from({ length: 10 }, (_, i) => realFile(host(i + 1)));
const after = [
  ...before.slice(0, 2),
  realFile(host(3), kernel("5.14.0-503.el9.x86_64")),
  realFile(host(4), kernel("5.14.0-503.el9.x86_64")),
  realFile(host(5), lessMemory(32 * GiB)),
  realFile(host(6), withoutGpu(2)),
  realFile(host(7), offline(5, 69)),
  ...before.slice(7, 9), // gpu010 removed
  realFile(host(11)),
];

describe("compspec diff", () => {
  const old = nodeDir(before, scratchDir);
  const now = nodeDir(after, scratchDir);

  test("exit 0 and 'no change' when nothing changed", async () => {
    const r = await runInProcess(["diff", old, old]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`old: 10 node files in ${old} (10 nodes)\nnew: 10 node files in ${old} (10 nodes)\nno change: the same 10 nodes\n`);
    expect(r.stderr).toBe("");
  });

  test("exit 1 with what changed: added, removed, and per node, grouped", async () => {
    const r = await runInProcess(["diff", old, now]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("1 added, 1 removed, 5 changed, 4 unchanged\n");
    expect(r.stdout).toContain("added: gpu011\n");
    expect(r.stdout).toContain("removed: gpu010\n");
    expect(r.stdout).toContain(
      [
        "changed:",
        "  gpu[003-004]  (2 nodes)",
        "    kernel 5.14.0-427.13.1.el9_4.x86_64 → 5.14.0-503.el9.x86_64",
        "  gpu005  (1 node)",
        "    memory 503 GiB → 471 GiB (−32 GiB)",
        "  gpu006  (1 node)",
        "    GPUs 4 × NVIDIA H100 SXM5 80GB → 3 × NVIDIA H100 SXM5 80GB (missing: 0000:99:00.0)",
        "  gpu007  (1 node)",
        "    CPU layout 2 sockets × 32 cores × 2 threads = 128 PUs → 2 sockets (31+32 cores), 63 cores, 126 PUs (CPUs 5,69 offline)",
      ].join("\n"),
    );
  });

  test("--json", async () => {
    const r = await runInProcess(["diff", old, now, "--json"]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.changed).toBe(true);
    expect(doc.changes.map((c: { hostlist: string }) => c.hostlist)).toEqual(["gpu[003-004]", "gpu005", "gpu006", "gpu007"]);
    expect(doc.changes[1].changes[0]).toEqual({ field: "memory", old: "503 GiB", new: "471 GiB", detail: "−32 GiB", text: "memory 503 GiB → 471 GiB (−32 GiB)" });
    expect(JSON.parse((await runInProcess(["diff", old, old, "--json"])).stdout).changed).toBe(false);
  });

  test("node files and graphs, in any mix", async () => {
    const graphs = scratchDir("compspec-diff-graph-");
    const graph = path.join(graphs, "before.json");
    expect((await runInProcess(["create", "nodes", "--cluster-name", "red", "--node-dir", old, "--nodes-output", graph])).status).toBe(0);
    // The graph of the same nodes: nothing changed (the graph has no kernel or architecture: not compared).
    expect((await runInProcess(["diff", graph, old])).status).toBe(0);
    const r = await runInProcess(["diff", graph, now]);
    expect(r.status).toBe(1);
    // The graph's memory is its NUMA vertices' sizes (whole GB today, exact MiB once the graph carries them).
    // (−31 GiB once exact: 31.99 GiB, rounded toward zero like every size shown).
    expect(r.stdout).toMatch(/\n {4}memory 50[34] GiB → 471 GiB \(−3[1-3] GiB\)\n/);
    expect(r.stdout).not.toContain("kernel");
    const one = path.join(old, "gpu005.json");
    const two = path.join(now, "gpu005.json");
    const files = await runInProcess(["diff", one, two]);
    expect(files.status).toBe(1);
    expect(files.stdout).toStartWith(`old: node file ${one} (1 node)\n`);
  });

  test("exit 2 for usage errors and input that cannot be read", async () => {
    for (const args of [[old], [old, now, now], ["--bogus", old, now]]) {
      const r = await runInProcess(["diff", ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toStartWith("compspec: error: diff: ");
    }
    const missing = await runInProcess(["diff", old, "/nonexistent"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("compspec: error: NEW /nonexistent: no such file or folder\n");
    const bad = nodeDir({ "a.json": realFile("a"), "b.json": "{" }, scratchDir);
    const r = await runInProcess(["diff", old, bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join(bad, "b.json")}: not JSON`);
    expect((await runInProcess(["diff", old, bad, "--allow-fail"])).status).toBe(1);
    const notNode = path.join(nodeDir({ "x.json": "[1]" }, scratchDir), "x.json");
    const nn = await runInProcess(["diff", notNode, old]);
    expect(nn.status).toBe(2);
    expect(nn.stderr).toContain(`OLD ${notNode}: not a node file`);
  });

  test("--help", async () => {
    const r = await runInProcess(["diff", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toStartWith("Usage: compspec diff OLD NEW");
  });
});

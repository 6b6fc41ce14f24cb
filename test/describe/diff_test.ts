import { describe, expect, test } from "bun:test";
import { changeText, diffNodes, hasChanges, nodeChanges } from "../../src/describe/diff.ts";
import { diffText } from "../../src/describe/diff_view.ts";
import { summarizeRecord } from "../../src/describe/node_summary.ts";
import { nodeRecord } from "../../src/node/record.ts";
import { goFile, host, kernel, lessMemory, mpi, offline, realFile, summary, withoutGpu } from "./nodes.ts";

const GiB = 1024 * 1024;
const changes = (a: ReturnType<typeof realFile>, b: ReturnType<typeof realFile>) => nodeChanges(summary(a), summary(b)).map(changeText);

describe("what changed on a node", () => {
  test("nothing", () => {
    expect(changes(realFile("n"), realFile("n"))).toEqual([]);
  });

  test("memory lost (a DIMM), but not a kernel's few MiB", () => {
    expect(changes(realFile("n"), realFile("n", lessMemory(32 * GiB)))).toEqual(["memory 503 GiB → 471 GiB (−32 GiB)"]);
    expect(changes(realFile("n"), realFile("n", lessMemory(40 * 1024)))).toEqual([]);
    // The difference of the exact sizes, rounded once: not 503 − 495 rounded down twice and again.
    expect(changes(realFile("n"), realFile("n", lessMemory(8 * GiB - 3 * 1024)))).toEqual(["memory 503 GiB → 495 GiB (−8 GiB)"]);
  });

  test("a GPU missing, named by its PCI address", () => {
    expect(changes(realFile("n"), realFile("n", withoutGpu(1)))).toEqual([
      "GPUs 4 × NVIDIA H100 SXM5 80GB → 3 × NVIDIA H100 SXM5 80GB (missing: 0000:3d:00.0)",
    ]);
  });

  test("a core offline (both its hardware threads), and back", () => {
    expect(changes(realFile("n"), realFile("n", offline(17, 81)))).toEqual([
      "CPU layout 2 sockets × 32 cores × 2 threads = 128 PUs → 2 sockets (31+32 cores), 63 cores, 126 PUs (CPUs 17,81 offline)",
    ]);
    expect(changes(realFile("n", offline(17, 81)), realFile("n"))).toEqual([
      "CPU layout 2 sockets (31+32 cores), 63 cores, 126 PUs → 2 sockets × 32 cores × 2 threads = 128 PUs (CPUs 17,81 online)",
    ]);
    // One thread of a core: the shape says 2 threads on most cores, 1 on one.
    expect(changes(realFile("n"), realFile("n", offline(81)))[0]).toEndWith("(CPU 81 offline)");
  });

  test("kernel and MPI upgrades", () => {
    expect(changes(realFile("n"), realFile("n", kernel("5.14.0-503.el9.x86_64"), mpi("OpenMPI", "5.0.3")))).toEqual([
      "kernel 5.14.0-427.13.1.el9_4.x86_64 → 5.14.0-503.el9.x86_64",
      "MPI OpenMPI 4.1.6 → OpenMPI 5.0.3",
    ]);
    const noMpi = realFile("n");
    delete noMpi.results.library;
    expect(changes(realFile("n"), noMpi)).toEqual(["MPI OpenMPI 4.1.6 → none found"]);
  });

  test("facts one side does not know are not compared (a graph has no kernel, a compspec-go file no layout)", () => {
    const file = summary(realFile("n"));
    const fromGraph = summarizeRecord(nodeRecord(realFile("n"), "n"));
    expect(fromGraph.kernel).toBeUndefined();
    expect(nodeChanges(file, fromGraph).map(changeText)).toEqual([]);
    const go = summary(goFile(), "n");
    expect(nodeChanges(go, { ...go, exact: true, layout: file.layout }).map((c) => c.field)).not.toContain("cpus");
  });
});

describe("what changed in a cluster", () => {
  const before = Array.from({ length: 20 }, (_, i) => realFile(host(i + 1)));
  const after = before.flatMap((f, i) => {
    const h = f.compspec!.hostname;
    if (i + 1 === 15) return []; // removed
    if (i + 1 === 3 || i + 1 === 4) return [realFile(h, kernel("5.14.0-503.el9.x86_64"))];
    if (i + 1 === 7) return [realFile(h, lessMemory(32 * GiB))];
    if (i + 1 === 9) return [realFile(h, withoutGpu(3))];
    return [realFile(h)];
  }).concat([realFile(host(21)), realFile(host(22))]);
  const d = diffNodes(before.map((f) => summary(f)), after.map((f) => summary(f)));

  test("added, removed, changed grouped by identical change, largest first", () => {
    expect(d.added.map((n) => n.hostname)).toEqual(["gpu021", "gpu022"]);
    expect(d.removed.map((n) => n.hostname)).toEqual(["gpu015"]);
    expect(d.changed.map((g) => [g.hostnames, g.changes.map(changeText)])).toEqual([
      [["gpu003", "gpu004"], ["kernel 5.14.0-427.13.1.el9_4.x86_64 → 5.14.0-503.el9.x86_64"]],
      [["gpu007"], ["memory 503 GiB → 471 GiB (−32 GiB)"]],
      [["gpu009"], ["GPUs 4 × NVIDIA H100 SXM5 80GB → 3 × NVIDIA H100 SXM5 80GB (missing: 0000:bd:00.0)"]],
    ]);
    expect(d.unchanged).toBe(15);
    expect(hasChanges(d)).toBe(true);
  });

  test("the text", () => {
    const t = diffText(d, "before/", "after/");
    expect(t).toStartWith("old: before/ (20 nodes)\nnew: after/ (21 nodes)\n2 added, 1 removed, 4 changed, 15 unchanged\n\n");
    expect(t).toContain(
      "added: gpu[021-022]\n  gpu[021-022]  (2 nodes)  2 sockets × 32 cores × 2 threads = 128 PUs, 503 GiB, GPUs: 4 × NVIDIA H100 SXM5 80GB, Rocky Linux 9.3 (Blue Onyx)\n",
    );
    expect(t).toContain("removed: gpu015\n");
    expect(t).toContain("changed:\n  gpu[003-004]  (2 nodes)\n    kernel 5.14.0-427.13.1.el9_4.x86_64 → 5.14.0-503.el9.x86_64\n  gpu007  (1 node)\n");
  });

  test("no change", () => {
    const same = diffNodes(before.map((f) => summary(f)), [...before].reverse().map((f) => summary(f)));
    expect(hasChanges(same)).toBe(false);
    expect(diffText(same, "a", "b")).toBe("old: a (20 nodes)\nnew: b (20 nodes)\nno change: the same 20 nodes\n");
  });
});

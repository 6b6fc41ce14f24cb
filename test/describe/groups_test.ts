import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { describeCluster } from "../../src/describe/groups.ts";
import { decodeLayout } from "../../src/describe/layout.ts";
import { summarizeRecord } from "../../src/describe/node_summary.ts";
import { describeMarkdown, describeText } from "../../src/describe/text.ts";
import { nodeRecord } from "../../src/node/record.ts";
import { goFile, host, kernel, lessMemory, mpi, offline, realFile, summary, withoutGpu } from "./nodes.ts";

const GiB = 1024 * 1024;

describe("node summaries", () => {
  test("the realistic node: layout by NUMA domain, MemTotal, GPUs with PCI addresses, kernel", () => {
    const s = summary(realFile("gpu17"));
    expect(s).toMatchObject({
      hostname: "gpu17",
      vendor: "GenuineIntel",
      model: "Intel(R) Xeon(R) Platinum 8462Y+",
      arch: "x86_64",
      target: "sapphirerapids",
      exact: true,
      cpuIds: true,
      memoryKib: 527939852,
      os: "Rocky Linux 9.3 (Blue Onyx)",
      mpi: "OpenMPI 4.1.6",
      kernel: "5.14.0-427.13.1.el9_4.x86_64",
    });
    expect(s.gpus.map((g) => [g.model, g.socket, g.pci])).toEqual([
      ["NVIDIA H100 SXM5 80GB", 0, "0000:17:00.0"],
      ["NVIDIA H100 SXM5 80GB", 0, "0000:3d:00.0"],
      ["NVIDIA H100 SXM5 80GB", 1, "0000:99:00.0"],
      ["NVIDIA H100 SXM5 80GB", 1, "0000:bd:00.0"],
    ]);
    // NUMA domains from the topology's node field: cores 0-15 (+ SMT siblings 64-79) on NUMA 0.
    const layout = decodeLayout(s.layout);
    expect(layout.map((sock) => sock.map((d) => [d.numa, d.cores.length]))).toEqual([[[0, 16], [1, 16]], [[2, 16], [3, 16]]]);
    expect(layout[0]![0]!.cores[0]).toEqual([0, 64]);
    expect(s.numa.map((n) => [n.id, n.socket])).toEqual([[0, 0], [1, 0], [2, 1], [3, 1]]);
  });

  test("a compspec-go node: CPU count only, no kernel, NUMA unknown", () => {
    const s = summary(goFile(), "node-1");
    expect(s.hostname).toBe("node-1");
    expect(s.exact).toBe(false);
    expect(s.kernel).toBeUndefined();
    expect(s.layout).toBe("0:0,1");
    expect(s.os).toBe("Debian GNU/Linux 12 (bookworm)");
  });

  test("a graph record without a socket level: its NUMA nodes are shared out over the sockets", () => {
    const rec = nodeRecord(realFile("g"), "g");
    const flat = { ...rec, memory: rec.memory.map((m) => ({ ...m, socket: -1 })), gpus: [] };
    const s = summarizeRecord(flat, { cpuIds: false });
    expect(decodeLayout(s.layout).map((sock) => sock.map((d) => [d.numa, d.cores.length]))).toEqual([[[0, 16], [1, 16]], [[2, 16], [3, 16]]]);
    expect(describeCluster([s]).groups[0]!.labels.numa).toBe("4 NUMA nodes (2 per socket)");
  });

  test("NUMA nodes are counted from the topology when the file has no meminfo", () => {
    const f = realFile("n");
    delete f.results.system!.sections.memory;
    expect(describeCluster([summary(f)]).groups[0]!.labels).toMatchObject({ numa: "4 NUMA nodes (2 per socket)", memory: "unknown" });
  });

  test("the same summary whether the topology was parsed before or not (memoised layouts)", () => {
    const a = summary(realFile("a"));
    const b = summary(realFile("b"));
    expect(b.layout).toBe(a.layout);
    const rec = nodeRecord(realFile("c"), "c");
    expect(rec.sockets[1]![31]).toEqual([63, 127]);
  });
});

describe("groups of identical nodes", () => {
  const nodes = [
    ...Array.from({ length: 128 }, (_, i) => realFile(host(i + 1))),
    realFile(host(130)),
  ].map((f) => summary(f));

  test("identical nodes are one group with a compressed hostlist in natural order", () => {
    const d = describeCluster([...nodes].reverse());
    expect(d.groups).toHaveLength(1);
    expect(d.groups[0]!.hostlist).toBe("gpu[001-128,130]");
    expect(d.groups[0]!.labels).toEqual({
      cpu: "Intel(R) Xeon(R) Platinum 8462Y+ (GenuineIntel)",
      target: "sapphirerapids",
      cpus: "2 sockets × 32 cores × 2 threads = 128 PUs",
      numa: "4 NUMA nodes (2 per socket)",
      memory: "503 GiB",
      gpus: "4 × NVIDIA H100 SXM5 80GB",
      os: "Rocky Linux 9.3 (Blue Onyx)",
      mpi: "OpenMPI 4.1.6",
    });
    expect(d.totals).toEqual({
      nodes: 129,
      sockets: 258,
      cores: 8256,
      pus: 16512,
      memoryKib: 129 * 527939852,
      gpus: [["NVIDIA H100 SXM5 80GB", 516]],
    });
    expect(d.outliers).toEqual([]);
  });

  test("memory within the tolerance is one group described by its smallest node; a DIMM short is another", () => {
    const d = describeCluster([
      summary(realFile("n1")),
      summary(realFile("n2", lessMemory(300 * 1024))),
      summary(realFile("n3")),
      summary(realFile("n4", lessMemory(32 * GiB))),
    ]);
    expect(d.groups.map((g) => [g.hostlist, g.memoryKib])).toEqual([
      ["n[1-3]", 527939852 - 300 * 1024],
      ["n4", 527939852 - 32 * GiB],
    ]);
  });

  test("zero padding is kept and several ranges share a prefix", () => {
    const names = ["node08", "node09", "node10", "node12", "login1", "node100"];
    const d = describeCluster(names.map((n) => summary(realFile(n))));
    expect(d.groups[0]!.hostlist).toBe("login1,node[08-10,12,100]");
  });

  test("outliers: a DIMM, a GPU, two CPUs missing; each differs from the large group in one value", () => {
    const files = Array.from({ length: 20 }, (_, i) => {
      const h = host(i + 1);
      if (i + 1 === 7) return realFile(h, lessMemory(32 * GiB));
      if (i + 1 === 9) return realFile(h, withoutGpu(1));
      if (i + 1 === 11) return realFile(h, offline(17, 81));
      if (i + 1 === 12) return realFile(h, withoutGpu(0), lessMemory(64 * GiB)); // two values: not an outlier
      if (i + 1 >= 15) return realFile(h, kernel("5.14.0-503.el9.x86_64")); // kernels do not split groups
      return realFile(h);
    });
    const d = describeCluster(files.map((f) => summary(f)));
    expect(d.groups[0]!.hostlist).toBe("gpu[001-006,008,010,013-020]");
    const text = d.outliers.map((o) => [d.groups[o.group]!.hostlist, o.field, d.groups[o.group]!.labels[o.field]]);
    expect(text).toEqual([
      ["gpu007", "memory", "471 GiB"],
      ["gpu009", "gpus", "3 × NVIDIA H100 SXM5 80GB"],
      ["gpu011", "cpus", "2 sockets (31+32 cores), 63 cores, 126 PUs"],
    ]);
    expect(d.groups.find((g) => g.hostlist === "gpu012")).toBeDefined();
  });

  test("no outlier between groups of similar size (two node types, not broken nodes)", () => {
    const files = Array.from({ length: 10 }, (_, i) => realFile(host(i + 1), ...(i < 4 ? [lessMemory(256 * GiB)] : [])));
    const d = describeCluster(files.map((f) => summary(f)));
    expect(d.groups.map((g) => g.nodes.length)).toEqual([6, 4]);
    expect(d.outliers).toEqual([]);
  });

  test("OS and MPI split groups", () => {
    const d = describeCluster([summary(realFile("a1")), summary(realFile("a2", mpi("mpich", "4.2.0")))]);
    expect(d.groups.map((g) => g.labels.mpi).sort()).toEqual(["OpenMPI 4.1.6", "mpich 4.2.0"]);
  });

  test("property: grouping does not depend on input order, and every node is in exactly one group", () => {
    const pool = [
      summary(realFile("x1")),
      summary(realFile("x2", lessMemory(32 * GiB))),
      summary(realFile("x3", withoutGpu(2))),
      summary(realFile("x4")),
      summary(realFile("x10", offline(5))),
      summary(goFile(), "go1"),
    ];
    fc.assert(fc.property(fc.shuffledSubarray(pool, { minLength: 1 }), fc.integer(), (subset, seed) => {
      const shuffled = [...subset].sort(() => (seed % 3) - 1);
      const a = describeCluster(subset);
      const b = describeCluster(shuffled);
      expect(b.groups.map((g) => g.hostlist)).toEqual(a.groups.map((g) => g.hostlist));
      expect(a.groups.reduce((s, g) => s + g.nodes.length, 0)).toBe(subset.length);
    }));
  });
});

describe("text and Markdown", () => {
  const d = describeCluster([
    ...Array.from({ length: 16 }, (_, i) => summary(realFile(host(i + 1)))),
    summary(realFile(host(17), lessMemory(32 * GiB))),
  ]);

  test("text: header with totals, one block per group, outliers", () => {
    const t = describeText(d, "test");
    expect(t).toStartWith(
      "17 nodes in 2 groups (test)\n  total: 34 sockets, 1,088 cores, 2,176 PUs, 8,527 GiB memory, 68 GPUs (68 × NVIDIA H100 SXM5 80GB)\n\n",
    );
    expect(t).toContain(
      [
        "gpu[001-016]  (16 nodes)",
        "  cpu     Intel(R) Xeon(R) Platinum 8462Y+ (GenuineIntel), x86_64, archspec sapphirerapids",
        "  layout  2 sockets × 32 cores × 2 threads = 128 PUs",
        "  numa    4 NUMA nodes (2 per socket)",
        "  memory  503 GiB (515,566 MiB)",
        "  gpus    4 × NVIDIA H100 SXM5 80GB",
        "  os      Rocky Linux 9.3 (Blue Onyx)",
        "  kernel  5.14.0-427.13.1.el9_4.x86_64",
        "  mpi     OpenMPI 4.1.6",
      ].join("\n"),
    );
    expect(t).toContain("outliers (nodes that differ from a larger group in one value only)\n  gpu017  memory 471 GiB, where gpu[001-016] (16 nodes) have 503 GiB\n");
  });

  test("one node: no totals line", () => {
    const t = describeText(describeCluster([summary(realFile("vm"))]), "this machine");
    expect(t).toStartWith("1 node (this machine)\n\nvm  (1 node)\n");
  });

  test("Markdown: a table row per group, pipes escaped", () => {
    const m = describeMarkdown(d);
    const rows = m.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toStartWith("| `gpu[001-016]` | 16 | Intel(R) Xeon(R) Platinum 8462Y+");
    expect(rows.every((r) => r.split(/(?<!\\)\|/).length === 12)).toBe(true);
    expect(m).toContain("## Outliers");
    // A '|' can no longer come in a hostname (#21: RFC 1123 host names only).
    expect(() => summary(realFile("n|1"))).toThrow('hostname "n|1" cannot');
  });
});

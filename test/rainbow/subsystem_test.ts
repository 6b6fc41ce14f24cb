import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { buildGraph } from "../../src/graph/mod.ts";
import type { NodeRecord } from "../../src/node/record.ts";
import { isPlainScalar } from "../../src/rainbow/plain_scalar.ts";
import { FAMILIES } from "../../src/rainbow/subsystem_facts.ts";
import { SUBSYSTEM_END, subsystemEdgePieces, subsystemJgf, subsystemNodes, subsystemVertexPieces } from "../../src/rainbow/subsystem_jgf.ts";
import { cluster, facts, recordOf } from "./arbitraries.ts";

interface Jgf {
  graph: { nodes: Record<string, { metadata: Record<string, unknown> }>; edges: { source: string; target: string; relation: string }[] };
}

/** Node vertex key → hostname in `create nodes --format rainbow`'s graph. */
function clusterNodeKeys(records: NodeRecord[], pus: boolean, rankOrder?: string[]): Map<string, string> {
  const g = JSON.parse(buildGraph("rainbow", "c", records, { pus, pretty: false, sockets: false, rankOrder })) as Jgf;
  const keys = new Map<string, string>();
  for (const [k, v] of Object.entries(g.graph.nodes)) if (v.metadata.type === "node") keys.set(k, v.metadata.name as string);
  return keys;
}

describe("create subsystem: graphs (issue 19 §1)", () => {
  test("every edge comes from the key create nodes gives that node; every node has one vertex in every subsystem", () => {
    fc.assert(
      fc.property(cluster, fc.boolean(), fc.boolean(), (records, pus, ranked) => {
        const rankOrder = ranked ? records.map((r) => r.hostname).reverse() : undefined;
        const keys = clusterNodeKeys(records, pus, rankOrder);
        const nodes = subsystemNodes("c", records, { pus, rankOrder });
        for (const f of FAMILIES) expect(nodes.names).toContain(f);
        for (const name of nodes.names) {
          expect(isPlainScalar(name)).toBe(true);
          const g = JSON.parse(subsystemJgf("c", name, nodes)) as Jgf;
          const vertices = Object.entries(g.graph.nodes);
          expect(vertices.length).toBe(records.length);
          expect(g.graph.edges.length).toBe(records.length);
          const hostsSeen = new Set<string>();
          const targets = new Set<string>();
          for (const e of g.graph.edges) {
            expect(e.relation).toBe("contains");
            expect(keys.has(e.source)).toBe(true);
            hostsSeen.add(keys.get(e.source)!);
            expect(g.graph.nodes[e.target]).toBeDefined();
            targets.add(e.target);
          }
          expect(hostsSeen.size).toBe(records.length);
          expect(targets.size).toBe(records.length);
          for (const [, v] of vertices) {
            expect(v.metadata.type).toBe(name);
            // rainbow type-asserts strings (a number or bool panics its server).
            for (const val of Object.values(v.metadata)) expect(typeof val).toBe("string");
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  test("a node's vertex holds its own facts: target and ancestors, OS version per vendor, GPU count per model, flags", () => {
    const rec = recordOf("n1", {
      target: "skylake", os: ["ubuntu", "24.04"], mpi: ["OpenMPI", "4.1.1"], gpus: ["NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"],
      flags: ["AVX2"], kernel: "5.15.0-91-generic", pci: [["0302", "10de", "2330"]], layout: [[[0]]],
    });
    const other = recordOf("n2", { target: undefined, os: undefined, mpi: undefined, gpus: [], flags: undefined, kernel: undefined, pci: undefined, layout: [[[0]]] });
    const nodes = subsystemNodes("c", [other, rec], { pus: false });
    const fields = (name: string, i: number) => (JSON.parse(subsystemJgf("c", name, nodes)) as Jgf).graph.nodes[`v${i}`]!.metadata;
    expect(fields("compat-arch", 0)).toMatchObject({
      "io.archspec.cpu.target": "skylake",
      "io.archspec.cpu.target.skylake": "present",
      "io.archspec.cpu.target.haswell": "present",
      "io.archspec.cpu.target.x86_64_v3": "present",
      "io.archspec.cpu.target.x86_64": "present",
    });
    expect(fields("compat-arch", 0)["io.archspec.cpu.target.icelake"]).toBeUndefined();
    expect(fields("compat-os", 0)).toEqual({
      type: "compat-os", "org.supercontainers.os.vendor": "ubuntu", "org.supercontainers.os.version": "24.4.0", "org.supercontainers.os.version.ubuntu": "24.4.0",
    });
    expect(fields("compat-mpi", 0)).toMatchObject({ "org.supercontainers.mpi.implementation": "openmpi", "org.supercontainers.mpi.version.openmpi": "4.1.1" });
    expect(fields("compat-gpu", 0)).toMatchObject({ "org.supercontainers.hardware.gpu.model": "NVIDIA H100 80GB HBM3", "org.supercontainers.hardware.gpu.model.short": "h100", "org.supercontainers.hardware.gpu.count": "2", "org.supercontainers.hardware.gpu.count.h100": "2" });
    expect(fields("compat-kernel", 0)).toMatchObject({ "org.supercontainers.kernel.version": "5.15.0" });
    expect(fields("compat-nfd-cpu-cpuid-AVX2", 0)).toEqual({ type: "compat-nfd-cpu-cpuid-AVX2", "nfd.cpu.cpuid.AVX2": "present" });
    expect(fields("compat-nfd-cpu-model-family", 0)).toEqual({
      type: "compat-nfd-cpu-model-family", "nfd.cpu.model.family": "present", "nfd.cpu.model.family.value": "value-6", "nfd.cpu.model.family.version": "6.0.0",
      "nfd.cpu.model.family.number": "6.0.0",
    });
    expect(fields("compat-nfd-pci-device-class.0302-vendor.10de", 0)).toEqual({ type: "compat-nfd-pci-device-class.0302-vendor.10de", "nfd.pci.device.class.0302.vendor.10de": "present" });
    expect(fields("compat-nfd-pci-device-class.0302-device.2330-vendor.10de", 0)).toMatchObject({ "nfd.pci.device.class.0302.device.2330.vendor.10de": "present" });
    // The node without those facts still has its vertex, with none of the fields.
    expect(fields("compat-nfd-cpu-cpuid-AVX2", 1)).toEqual({ type: "compat-nfd-cpu-cpuid-AVX2" });
    expect(fields("compat-gpu", 1)).toEqual({ type: "compat-gpu", "org.supercontainers.hardware.gpu.count": "0" });
  });

  test("nodes of equal facts share their text; the walk of keys matches the graph for large clusters", () => {
    const one = fc.sample(facts, { numRuns: 1, seed: 7 })[0]!;
    const records = Array.from({ length: 300 }, (_, i) => recordOf(`n${i}`, one));
    const keys = clusterNodeKeys(records, true);
    const g = JSON.parse(subsystemJgf("c", "compat-os", subsystemNodes("c", records, { pus: true }))) as Jgf;
    expect(g.graph.edges.map((e) => keys.get(e.source))).toEqual(records.map((r) => r.hostname));
  });

  test("written in pieces of any size (edges shared by every subsystem), a subsystem is the same text", () => {
    fc.assert(
      fc.property(cluster, fc.integer({ min: 1, max: 400 }), (records, size) => {
        const nodes = subsystemNodes("c", records, { pus: false });
        for (const name of nodes.names.slice(0, 3)) {
          const vertices = [...subsystemVertexPieces("c", name, nodes, size)];
          const edges = [...subsystemEdgePieces(nodes, size)];
          expect(vertices.join("") + edges.join("") + SUBSYSTEM_END).toBe(subsystemJgf("c", name, nodes));
          for (const p of [...vertices.slice(0, -1), ...edges.slice(0, -1)]) expect(p.length).toBeGreaterThanOrEqual(size);
        }
      }),
      { numRuns: 100 },
    );
  });
});

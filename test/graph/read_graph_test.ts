import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildGraph, FORMATS } from "../../src/graph/mod.ts";
import { GraphReadError, readGraph } from "../../src/graph/read_graph.ts";
import { parseNodeFile } from "../../src/node/read_node_file.ts";
import type { NodeRecord } from "../../src/node/record.ts";
import { FIXTURES } from "../util/fixtures.ts";

function fixtureRecords(): NodeRecord[] {
  const out: NodeRecord[] = [];
  for (const dir of ["realistic", "extracted", "rainbow-red"]) {
    const d = path.join(FIXTURES, "nodes", dir);
    for (const f of fs.readdirSync(d)) out.push(parseNodeFile(f, fs.readFileSync(path.join(d, f), "utf8"), f.slice(0, -5)));
  }
  return out;
}

const counts = (r: NodeRecord) => r.sockets.map((s) => s.map((c) => c.length));

describe("readGraph", () => {
  for (const format of FORMATS) {
    test(`${format}: records → graph with sockets and pus → records is exact for layout, GPUs, attributes and memory (to the MiB)`, () => {
      const records = fixtureRecords();
      const [cluster] = readGraph(JSON.parse(buildGraph(format, "red", records, { pus: true, pretty: false, sockets: true })));
      expect(cluster!.name).toBe("red");
      expect(cluster!.synthesizedPus).toBe(false);
      const byName = new Map(records.map((r) => [r.hostname, r]));
      expect(cluster!.nodes.length).toBe(records.length);
      for (const n of cluster!.nodes) {
        const r = byName.get(n.hostname)!;
        expect(n.sockets).toEqual(r.sockets);
        expect(n.attributes).toEqual(r.attributes);
        expect(n.gpus).toEqual(r.gpus.map((g) => ({ ...g, socket: g.socket < r.sockets.length ? g.socket : -1 })));
        // The exact-MiB attribute gives the size back to the MiB (the GiB size alone would lose up to 1 GiB).
        expect(n.memory).toEqual(
          r.memory.filter((m) => m.kib >= 1048576).map((m) => ({ ...m, kib: Math.floor(m.kib / 1024) * 1024 })),
        );
      }
    });
    test(`${format}: without pu vertices the counts survive (PU numbers synthesized)`, () => {
      const records = fixtureRecords();
      const [cluster] = readGraph(JSON.parse(buildGraph(format, "red", records, { pus: false, pretty: true, sockets: true })));
      const byName = new Map(records.map((r) => [r.hostname, r]));
      for (const n of cluster!.nodes) {
        const r = byName.get(n.hostname)!;
        if (r.attributes["org.supercontainers.hardware.cpu.threads_per_core"] !== undefined) expect(counts(n)).toEqual(counts(r));
        else expect(n.sockets.map((s) => s.length)).toEqual(r.sockets.map((s) => s.length));
      }
    });
    test(`${format}: the default shape (no socket level for Flux) keeps cores, PUs, socket count, memory, GPUs and attributes`, () => {
      const records = fixtureRecords();
      const [cluster] = readGraph(JSON.parse(buildGraph(format, "red", records, { pus: true, pretty: false })));
      const byName = new Map(records.map((r) => [r.hostname, r]));
      for (const n of cluster!.nodes) {
        const r = byName.get(n.hostname)!;
        expect(n.attributes).toEqual(r.attributes);
        expect(n.sockets.flat()).toEqual(r.sockets.flat());
        expect(n.sockets.length).toBe(r.sockets.length);
        expect(n.memory.map((m) => [m.numa, m.kib])).toEqual(
          r.memory.filter((m) => m.kib >= 1048576).map((m) => [m.numa, Math.floor(m.kib / 1024) * 1024]),
        );
        expect(n.gpus.map((g) => [g.index, g.attributes])).toEqual(r.gpus.map((g) => [g.index, g.attributes]));
      }
    });
  }
  test("flux-r is read from its scheduling graph; an R whose graph is bad says where", () => {
    const records = fixtureRecords();
    const r = JSON.parse(buildGraph("flux-r", "red", records, { pus: false, pretty: false }));
    expect(readGraph(r)[0]!.nodes.map((n) => n.hostname)).toEqual(readGraph(r.scheduling)[0]!.nodes.map((n) => n.hostname));
    expect(() => readGraph({ version: 1, execution: {}, scheduling: { graph: { nodes: 3 } } })).toThrow(/at scheduling\.graph\.nodes/);
  });
  test("a memory vertex without the MiB attribute is read from size and unit (older graphs: GB)", () => {
    const g = JSON.parse(buildGraph("fluxion", "red", fixtureRecords().slice(0, 1), { pus: false, pretty: false }));
    const mem = g.graph.nodes.find((v: { metadata: { type: string } }) => v.metadata.type === "memory");
    delete mem.metadata.attributes;
    mem.metadata.unit = "GB";
    mem.metadata.size = 3;
    expect(readGraph(g)[0]!.nodes[0]!.memory.find((m) => m.numa === mem.metadata.id)!.kib).toBe(3 * 1048576);
  });
  test("compspec-go's graph (rainbow's example) reads as three 12-core nodes", () => {
    const [cluster] = readGraph(JSON.parse(fs.readFileSync(path.join(FIXTURES, "jgf", "rainbow-cluster-nodes.json"), "utf8")));
    expect(cluster!.nodes.map((n) => [n.hostname, n.sockets.flat().length])).toEqual([["node0", 12], ["node1", 12], ["node2", 12]]);
  });
  test("Fluxion's own test graph reads", () => {
    const clusters = readGraph(JSON.parse(fs.readFileSync(path.join(FIXTURES, "jgf", "fluxion-tiny.json"), "utf8")));
    expect(clusters.length).toBe(1);
    expect(clusters[0]!.nodes.length).toBeGreaterThan(0);
  });
  test("not a graph, no cluster, duplicate paths", () => {
    expect(() => readGraph({ results: {} })).toThrow(GraphReadError);
    expect(() => readGraph({ graph: { nodes: [] } })).toThrow(/no cluster vertex/);
    const v = { metadata: { type: "cluster", paths: { containment: "/c0" } } };
    expect(() => readGraph({ graph: { nodes: [v, v] } })).toThrow(/two vertices/);
  });
});

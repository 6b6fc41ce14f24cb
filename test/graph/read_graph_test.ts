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
    test(`${format}: records → graph with pus → records is exact for layout, GPUs and attributes`, () => {
      const records = fixtureRecords();
      const [cluster] = readGraph(JSON.parse(buildGraph(format, "red", records, { pus: true, pretty: false })));
      expect(cluster!.name).toBe("red");
      expect(cluster!.synthesizedPus).toBe(false);
      const byName = new Map(records.map((r) => [r.hostname, r]));
      expect(cluster!.nodes.length).toBe(records.length);
      for (const n of cluster!.nodes) {
        const r = byName.get(n.hostname)!;
        expect(n.sockets).toEqual(r.sockets);
        expect(n.attributes).toEqual(r.attributes);
        expect(n.gpus).toEqual(r.gpus.map((g) => ({ ...g, socket: g.socket < r.sockets.length ? g.socket : -1 })));
        expect(n.memory.map((m) => [m.numa, m.socket])).toEqual(r.memory.map((m) => [m.numa, m.socket]));
      }
    });
    test(`${format}: without pu vertices the counts survive (PU numbers synthesized)`, () => {
      const records = fixtureRecords();
      const [cluster] = readGraph(JSON.parse(buildGraph(format, "red", records, { pus: false, pretty: true })));
      const byName = new Map(records.map((r) => [r.hostname, r]));
      for (const n of cluster!.nodes) {
        const r = byName.get(n.hostname)!;
        if (r.attributes["org.supercontainers.hardware.cpu.threads_per_core"] !== undefined) expect(counts(n)).toEqual(counts(r));
        else expect(n.sockets.map((s) => s.length)).toEqual(r.sockets.map((s) => s.length));
      }
    });
  }
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

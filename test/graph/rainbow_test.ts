import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildGraph } from "../../src/graph/mod.ts";
import { parseNodeFile } from "../../src/node/read_node_file.ts";
import type { NodeRecord } from "../../src/node/record.ts";
import { FIXTURES } from "../util/fixtures.ts";
import { validate } from "./jgf_schema.ts";

const RED = path.join(FIXTURES, "nodes/rainbow-red");
const example = JSON.parse(fs.readFileSync(path.join(FIXTURES, "jgf/rainbow-cluster-nodes.json"), "utf8"));
const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, "jgf/json-graph-schema_v2.json"), "utf8"));

interface RVertex {
  label: string;
  metadata: Record<string, unknown> & { type: string; name: string; paths: { containment: string } };
}
interface RGraph {
  graph: { nodes: Record<string, RVertex>; edges: { source: string; target: string; relation: string }[] };
}

/** The three 12-CPU node files of rainbow's example; `dropMemory` removes system.memory (which compspec-go ignored). */
function redRecords(dropMemory: boolean): NodeRecord[] {
  return fs.readdirSync(RED).sort().map((f) => {
    const json = JSON.parse(fs.readFileSync(path.join(RED, f), "utf8"));
    if (dropMemory) delete json.results.system.sections.memory;
    return parseNodeFile(f, JSON.stringify(json), f.replace(/\.json$/, ""));
  });
}

/** Containment path with the numbers of sockets and cores replaced (compspec-go numbers them cluster-wide, we per node). */
function shape(p: string): string {
  return p.replace(/\/(socket|core)\d+/g, "/$1#");
}

describe("rainbow format", () => {
  test("reproduces rainbow's example: three compspec-go 12-CPU nodes -> 44 vertices, 86 edges", () => {
    const ours: RGraph = JSON.parse(buildGraph("rainbow", "cluster-red", redRecords(true), { pus: false, pretty: false }));
    const theirs: RGraph = example;
    const labels = Object.keys(theirs.graph.nodes);
    expect(Object.keys(ours.graph.nodes).length).toBe(44);
    expect(labels.length).toBe(44);
    expect(ours.graph.edges.length).toBe(86);
    expect(Object.keys(ours.graph.nodes).sort()).toEqual(labels.sort());
    // The same edges (contains and in), in the same order.
    expect(ours.graph.edges).toEqual(theirs.graph.edges);
    for (const label of labels) {
      const o = ours.graph.nodes[label]!;
      const t = theirs.graph.nodes[label]!;
      expect(o.label).toBe(t.label);
      const { name: on, id: oi, paths: op, ...orest } = o.metadata;
      const { name: tn, id: ti, paths: tp, ...trest } = t.metadata;
      // Our node vertices add attributes; everything compspec-go writes is there with the same value.
      for (const [k, v] of Object.entries(trest)) expect(orest[k]).toEqual(v);
      expect(shape(op.containment)).toBe(shape(tp.containment));
      expect(typeof oi).toBe(typeof ti);
      if (t.metadata.type === "socket" || t.metadata.type === "core") {
        // compspec-go's counters run across the cluster; ours restart in every node (as Fluxion's do).
        expect(on).toBe(`${t.metadata.type}${oi}`);
        expect(op.containment.endsWith(`/${on}`)).toBe(true);
      } else {
        expect(on).toBe(tn);
        expect(oi).toBe(ti);
        expect(op).toEqual(tp);
      }
    }
  });

  test("with the memory the files really carry, each node also gets its memory vertex", () => {
    const records = redRecords(false);
    const g: RGraph = JSON.parse(buildGraph("rainbow", "cluster-red", records, { pus: false, pretty: false }));
    const vertices = Object.values(g.graph.nodes);
    const memory = vertices.filter((v) => v.metadata.type === "memory");
    expect(vertices.length).toBe(44 + 3);
    expect(g.graph.edges.length).toBe(86 + 6);
    const file = JSON.parse(fs.readFileSync(path.join(RED, "node0.json"), "utf8"));
    const kib = Number(file.results.system.sections.memory.memtotal.split(" ")[0]);
    for (const m of memory) {
      // Never more than the node has: whole GiB rounded down, labelled GiB, exact MiB beside it (issue 14, bug 2).
      expect(m.metadata.size).toBe(Math.floor(kib / 1048576));
      expect(m.metadata.unit).toBe("GiB");
      expect(m.metadata["org.supercontainers.hardware.memory.size_mib"]).toBe(String(Math.floor(kib / 1024)));
      expect(m.metadata.paths.containment).toMatch(/^\/cluster-red0\/rack0\/node\d\/socket0\/memory0$/);
    }
  });

  test("is valid JGF v2 (the schema's own rules), compact and pretty alike", () => {
    for (const pus of [false, true]) {
      const compact = buildGraph("rainbow", "cluster-red", redRecords(false), { pus, pretty: false });
      const pretty = buildGraph("rainbow", "cluster-red", redRecords(false), { pus, pretty: true });
      expect(compact.includes("\n ")).toBe(false);
      expect(JSON.parse(pretty)).toEqual(JSON.parse(compact));
      expect(pretty).toBe(JSON.stringify(JSON.parse(compact), null, 2) + "\n");
      expect(validate(JSON.parse(compact), schema)).toEqual([]);
    }
    // The checker does catch what the schema forbids, such as compspec-go's top-level "name".
    expect(validate(example, schema).length).toBeGreaterThan(0);
    const { name: _name, ...withoutName } = example;
    expect(validate(withoutName, schema)).toEqual([]);
  });

  test("the cluster name is the graph's label; attributes are top-level string metadata of node vertices", () => {
    const g = JSON.parse(buildGraph("rainbow", "cluster-red", redRecords(false), { pus: false, pretty: false }));
    expect(g.graph.label).toBe("cluster-red");
    const nodes = Object.values(g.graph.nodes as Record<string, RVertex>).filter((v) => v.metadata.type === "node");
    const file = JSON.parse(fs.readFileSync(path.join(RED, "node0.json"), "utf8")).results;
    for (const n of nodes) {
      const m = n.metadata;
      expect(m["io.archspec.cpu.vendor"]).toBe(file.system.sections.processor["0.normalized.vendor"]);
      expect(m["io.archspec.cpu.model"]).toBe(file.system.sections.processor["0.normalized.model"]);
      expect(m["io.archspec.cpu.target"]).toBe(file.system.sections.arch.name);
      expect(m["org.supercontainers.os.name"]).toBe(file.nfd.sections.system["osrelease.PRETTY_NAME"]);
      expect(m["org.supercontainers.os.version"]).toBe(file.nfd.sections.system["osrelease.VERSION_ID"]);
      expect(m["org.supercontainers.hardware.cpu.cores"]).toBe(file.system.sections.cpu.cores);
      for (const [k, v] of Object.entries(m)) if (k.includes(".")) expect(typeof v).toBe("string");
    }
  });
});

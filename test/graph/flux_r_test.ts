import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { fluxPropertyNames } from "../../src/graph/flux_properties.ts";
import { buildGraph } from "../../src/graph/mod.ts";
import { parseNodeFile } from "../../src/node/read_node_file.ts";
import type { NodeRecord } from "../../src/node/record.ts";
import { expandHostlist } from "../../src/util/hostlist.ts";
import { decodeIdset } from "../../src/util/idset.ts";
import { FIXTURES } from "../util/fixtures.ts";
import { fluxCoreRejectsProperty, isCanonicalIdset, oneRequiresTerm, withinAllowedCharacters } from "./flux_rules.ts";

interface RLite {
  rank: string;
  children: { core: string; gpu?: string };
}
interface R {
  version: number;
  execution: { R_lite: RLite[]; nodelist: string[]; properties?: Record<string, string>; starttime: number; expiration: number };
  scheduling: {
    graph: {
      nodes: { id: string; metadata: { type: string; name: string; id: number; rank: number; paths: { containment: string }; properties?: Record<string, string> } }[];
      edges: { source: string; target: string }[];
    };
  };
}

const realText = fs.readFileSync(path.join(FIXTURES, "nodes/realistic/gpu17.json"), "utf8");

/** GPU nodes (the realistic fixture under other names) and compspec-go's 12-CPU nodes without GPUs. */
function records(gpuHosts = ["gpu2", "gpu10"]): NodeRecord[] {
  const gpu = gpuHosts.map((h) => {
    const f = JSON.parse(realText);
    f.compspec.hostname = h;
    return parseNodeFile(`${h}.json`, JSON.stringify(f), h);
  });
  const red = path.join(FIXTURES, "nodes/rainbow-red");
  const cpu = fs.readdirSync(red).map((f) => parseNodeFile(f, fs.readFileSync(path.join(red, f), "utf8"), f.replace(/\.json$/, "")));
  return [...gpu, ...cpu];
}

function build(recs: NodeRecord[], opts: { rankOrder?: string[]; sockets?: boolean; pretty?: boolean } = {}): R {
  return JSON.parse(buildGraph("flux-r", "red", recs, { pus: false, pretty: opts.pretty ?? false, ...opts }));
}

/** rank → what R says about it. */
function byRank(r: R): Map<number, { host: string; core: number[]; gpu: number[] }> {
  const hosts = expandHostlist(r.execution.nodelist.join(","));
  const ranks = r.execution.R_lite.flatMap((e) => decodeIdset(e.rank)).sort((a, b) => a - b);
  expect(hosts.length).toBe(ranks.length);
  const out = new Map<number, { host: string; core: number[]; gpu: number[] }>();
  for (const e of r.execution.R_lite) {
    for (const rank of decodeIdset(e.rank)) {
      out.set(rank, { host: hosts[ranks.indexOf(rank)]!, core: decodeIdset(e.children.core), gpu: decodeIdset(e.children.gpu ?? "") });
    }
  }
  return out;
}

describe("create nodes --format flux-r: RFC 20 R version 1", () => {
  test("the document: version 1, execution {R_lite, nodelist, properties, starttime 0, expiration 0}, scheduling {graph}", () => {
    const r = build(records());
    expect(Object.keys(r)).toEqual(["version", "execution", "scheduling"]);
    expect(r.version).toBe(1);
    expect(Object.keys(r.execution)).toEqual(["R_lite", "nodelist", "properties", "starttime", "expiration"]);
    expect(r.execution.starttime).toBe(0);
    expect(r.execution.expiration).toBe(0);
    expect(Object.keys(r.scheduling)).toEqual(["graph"]);
    expect(Object.keys(r.scheduling.graph)).toEqual(["nodes", "edges"]);
    expect(r.execution.nodelist.length).toBe(1);
    for (const e of r.execution.R_lite) {
      expect(Object.keys(e)).toEqual(["rank", "children"]);
      expect(isCanonicalIdset(e.rank)).toBe(true);
      expect(isCanonicalIdset(e.children.core)).toBe(true);
      if (e.children.gpu !== undefined) expect(isCanonicalIdset(e.children.gpu)).toBe(true);
    }
  });

  test("R_lite: cores and GPUs numbered per node from 0; ranks with the same children share an entry", () => {
    const recs = records();
    const r = build(recs);
    // Two GPU nodes (64 cores, 4 GPUs) and three 12-core nodes without GPUs: two entries.
    expect(r.execution.R_lite).toEqual([
      { rank: "0-1", children: { core: "0-63", gpu: "0-3" } },
      { rank: "2-4", children: { core: "0-11" } },
    ]);
    const ranks = byRank(r);
    expect([...ranks.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
  });

  test("nodelist: an RFC 29 hostlist of the hostnames in rank order (natural hostname order by default)", () => {
    const r = build(records());
    expect(r.execution.nodelist).toEqual(["gpu[2,10],node[0-2]"]);
    expect(expandHostlist(r.execution.nodelist[0]!)).toEqual(["gpu2", "gpu10", "node0", "node1", "node2"]);
  });

  test("scheduling: the Fluxion graph of the same nodes, node ranks equal to R's, no socket level, same cores and GPUs", () => {
    const r = build(records());
    const ranks = byRank(r);
    const g = r.scheduling.graph;
    expect(g.nodes.some((v) => v.metadata.type === "socket")).toBe(false);
    const nodes = g.nodes.filter((v) => v.metadata.type === "node");
    expect(nodes.length).toBe(ranks.size);
    for (const n of nodes) {
      const inR = ranks.get(n.metadata.rank)!;
      expect(inR.host).toBe(n.metadata.name);
      const below = g.nodes.filter((v) => v.metadata.paths.containment.startsWith(`${n.metadata.paths.containment}/`));
      for (const v of below) expect(v.metadata.rank).toBe(n.metadata.rank);
      // What Fluxion would write into a job's R_lite (the vertices' ids) is within what R gives the rank.
      expect(below.filter((v) => v.metadata.type === "core").map((v) => v.metadata.id)).toEqual(inR.core);
      expect(below.filter((v) => v.metadata.type === "gpu").map((v) => v.metadata.id)).toEqual(inR.gpu);
    }
    // Edges parent → child, every endpoint a vertex.
    const ids = new Set(g.nodes.map((v) => v.id));
    for (const e of g.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  test("properties: Flux property name → idset of ranks, the same names the graph's node vertices carry", () => {
    const recs = records();
    const r = build(recs);
    const props = r.execution.properties!;
    expect(Object.keys(props)).toEqual(Object.keys(props).sort());
    for (const [name, ids] of Object.entries(props)) {
      expect(fluxCoreRejectsProperty(name)).toBe(false);
      expect(withinAllowedCharacters(name)).toBe(true);
      expect(oneRequiresTerm(name)).toBe(true);
      expect(isCanonicalIdset(ids)).toBe(true);
    }
    // GPU nodes are ranks 0-1: sapphirerapids and its ancestors, the GPU, the OS and the MPI flavour.
    for (const p of ["sapphirerapids", "icelake", "haswell", "x86_64_v4", "x86_64", "h100", "nvidia", "rocky9.3", "openmpi"]) {
      expect(props[p]).toBe("0-1");
    }
    const nodes = r.scheduling.graph.nodes.filter((v) => v.metadata.type === "node");
    for (const n of nodes) {
      const mine = Object.entries(props).filter(([, ids]) => decodeIdset(ids).includes(n.metadata.rank)).map(([p]) => p);
      expect(Object.keys(n.metadata.properties ?? {})).toEqual(mine);
    }
    // compspec-go's files: their Go architecture name is the target, no GPU, OS from os-release.
    const go = fluxPropertyNames(recs[2]!);
    for (const p of go) expect(decodeIdset(props[p]!)).toContain(2);
  });

  test("--ranks-from order: rank = position in the broker host list; a listed host without a file leaves its rank unused", () => {
    const recs = records();
    const r = build(recs, { rankOrder: ["node2", "gpu10", "node0", "node1", "gpu2"] });
    const ranks = byRank(r);
    expect([...ranks].sort((a, b) => a[0] - b[0]).map(([rank, v]) => [rank, v.host])).toEqual([
      [0, "node2"], [1, "gpu10"], [2, "node0"], [3, "node1"], [4, "gpu2"],
    ]);
    expect(r.execution.R_lite).toEqual([
      { rank: "0,2-3", children: { core: "0-11" } },
      { rank: "1,4", children: { core: "0-63", gpu: "0-3" } },
    ]);
    const gap = build(recs, { rankOrder: ["gpu2", "spare", "gpu10", "node0", "node1", "node2"] });
    expect(gap.execution.R_lite.map((e) => e.rank)).toEqual(["0,2", "3-5"]);
    expect(expandHostlist(gap.execution.nodelist[0]!)).toEqual(["gpu2", "gpu10", "node0", "node1", "node2"]);
    const graphRanks = gap.scheduling.graph.nodes.filter((v) => v.metadata.type === "node").map((v) => [v.metadata.name, v.metadata.rank]);
    expect(graphRanks).toEqual([["gpu2", 0], ["gpu10", 2], ["node0", 3], ["node1", 4], ["node2", 5]]);
  });

  test("--sockets keeps the socket level inside scheduling; --pretty is the same document indented", () => {
    const recs = records();
    expect(build(recs, { sockets: true }).scheduling.graph.nodes.some((v) => v.metadata.type === "socket")).toBe(true);
    const compact = buildGraph("flux-r", "red", recs, { pus: true, pretty: false });
    const pretty = buildGraph("flux-r", "red", recs, { pus: true, pretty: true });
    expect(pretty).toBe(JSON.stringify(JSON.parse(compact), null, 2) + "\n");
  });

  test("a hostname a hostlist cannot hold is an error naming it (refused as no RFC 1123 host name before R is made)", () => {
    const [one] = records(["gpu1"]);
    for (const bad of ["a,b", "x[1]", "sp ace"]) {
      expect(() => buildGraph("flux-r", "red", [{ ...one!, hostname: bad }], { pus: false, pretty: false })).toThrow(JSON.stringify(bad));
    }
  });
});

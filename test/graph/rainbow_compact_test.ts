import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { buildGraph } from "../../src/graph/mod.ts";
import type { NodeRecord } from "../../src/node/record.ts";

/** A CPU layout: 1-3 sockets of 1-4 cores of 1-2 PUs. */
const layout = fc.array(fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 })
  .map((shape) => {
    let cpu = 0;
    return shape.map((cores) => cores.map((n) => Array.from({ length: n }, () => cpu++)));
  });

/** Random clusters: shared and own layouts, memory per NUMA node (some below 1 GiB), GPUs, GPU and CXL memory. */
const cluster = fc.record({
  layouts: fc.array(layout, { minLength: 1, maxLength: 3 }),
  picks: fc.array(fc.tuple(fc.nat(), fc.nat(5)), { minLength: 1, maxLength: 40 }),
  order: fc.option(fc.array(fc.nat(), { minLength: 1 })),
}).map(({ layouts, picks, order }) => {
  const records = picks.map(([k, extra], i): NodeRecord => {
    const sockets = layouts[k % layouts.length]!;
    return {
      hostname: [`n${i}`, `node-${i}`, `gpu_${i}.site`, `N${i}`][extra % 4]!,
      sockets,
      memory: extra % 3 === 0 ? [] : sockets.map((_, s) => ({ numa: s, kib: (extra % 2 ? 512 : 4 << 20) * (s + 1), socket: extra === 5 ? -1 : s })),
      cpulessMemory: extra >= 4 ? [{ numa: 8, kib: 80 << 20, gpu: 0 }, { numa: 9, kib: 16 << 20, gpu: -1 }] : undefined,
      gpus: extra >= 2 ? [{ index: 0, socket: extra % 2 ? 0 : -1, attributes: { "org.supercontainers.hardware.gpu.model": "M" } }] : [],
      attributes: { "org.test.k": String(k), size: "x" },
    };
  });
  const rankOrder = order === null ? undefined : records.map((r, i) => [r.hostname, order[i % order.length]! * 1000 + i] as const)
    .sort((a, b) => a[1] - b[1]).map((p) => p[0]);
  return { records, rankOrder };
});

interface Jgf {
  graph: {
    nodes: Record<string, { metadata: Record<string, unknown> }>;
    edges: { source: string; target: string; relation: string; metadata?: unknown }[];
  };
}

/** What rainbow @075ee23 reads of a cluster graph: per key type, size (1 if absent), unit ("" if absent); contains edges. */
function rainbowFacts(g: Jgf) {
  const vertices = Object.entries(g.graph.nodes).map(([key, v]) =>
    [key, v.metadata.type, v.metadata.size ?? 1, v.metadata.unit ?? ""] as const
  );
  const contains = g.graph.edges.filter((e) => e.relation === "contains").map((e) => `${e.source}>${e.target}`);
  return { vertices, contains };
}

/** The rainbow rules of consumers.md that a compact graph must meet; returns the broken ones. */
function rainbowRuleProblems(g: Jgf): string[] {
  const problems: string[] = [];
  const nodes = g.graph.nodes;
  if (typeof nodes !== "object" || nodes === null || Array.isArray(nodes)) return ["graph.nodes is not an object"];
  const keys = Object.keys(nodes);
  if (keys.length === 0) problems.push("no vertex");
  if (g.graph.edges.length === 0) problems.push("no edge");
  if (nodes["0"]?.metadata.type !== "cluster") problems.push('key "0" is not the cluster');
  for (const [k, v] of Object.entries(nodes)) {
    if (typeof v.metadata.type !== "string") problems.push(`${k}: type is not a string`);
    if ("size" in v.metadata && !Number.isInteger(v.metadata.size)) problems.push(`${k}: size is not an integer`);
    if ("unit" in v.metadata && typeof v.metadata.unit !== "string") problems.push(`${k}: unit is not a string`);
  }
  for (const e of g.graph.edges) {
    if (e.relation !== "contains") problems.push(`edge ${e.source}>${e.target} is ${e.relation}`);
    if (!(e.source in nodes) || !(e.target in nodes)) problems.push(`edge ${e.source}>${e.target} names a missing key`);
    if (e.target === "0") problems.push("the root has a parent");
  }
  return problems;
}

describe("rainbow --compact (issue 19 §6)", () => {
  test("holds exactly the facts rainbow reads of the full form, meets rainbow's rules, and nothing else", () => {
    fc.assert(
      fc.property(cluster, fc.boolean(), ({ records, rankOrder }, pus) => {
        const opts = { pus, pretty: false, rankOrder };
        const full: Jgf = JSON.parse(buildGraph("rainbow", "c\u00e9", records, opts));
        const compactText = buildGraph("rainbow", "c\u00e9", records, { ...opts, compact: true });
        const compact: Jgf = JSON.parse(compactText);
        expect(rainbowFacts(compact)).toEqual(rainbowFacts(full));
        expect(rainbowRuleProblems(compact)).toEqual([]);
        // Only type, and size / unit where they are not rainbow's defaults; edges bare.
        for (const v of Object.values(compact.graph.nodes)) {
          expect(Object.keys(v)).toEqual(["metadata"]);
          for (const k of Object.keys(v.metadata)) expect(["type", "size", "unit"]).toContain(k);
          expect(v.metadata.size).not.toBe(1);
          expect(v.metadata.unit).not.toBe("");
        }
        for (const e of compact.graph.edges) expect(Object.keys(e)).toEqual(["source", "target", "relation"]);
        expect(compactText.length).toBeLessThan(JSON.stringify(full).length / 2);
        // --pretty is the same document, indented.
        expect(buildGraph("rainbow", "c\u00e9", records, { ...opts, compact: true, pretty: true }))
          .toBe(JSON.stringify(compact, null, 2) + "\n");
        // Copied blocks (shared layouts) write what rendering every vertex writes.
        const unshared = records.map((r) => ({ ...r, sockets: r.sockets.map((s) => s.map((c) => [...c])) }));
        expect(buildGraph("rainbow", "c\u00e9", unshared, { ...opts, compact: true })).toBe(compactText);
      }),
      { numRuns: 80 },
    );
  });

  test("node vertices keep the full form's keys (subsystem files attach to them)", () => {
    fc.assert(
      fc.property(cluster, ({ records, rankOrder }) => {
        const opts = { pus: false, pretty: false, rankOrder };
        const full: Jgf = JSON.parse(buildGraph("rainbow", "c", records, opts));
        const compact: Jgf = JSON.parse(buildGraph("rainbow", "c", records, { ...opts, compact: true }));
        const nodeKeys = (g: Jgf) => Object.keys(g.graph.nodes).filter((k) => g.graph.nodes[k]!.metadata.type === "node");
        expect(nodeKeys(compact)).toEqual(nodeKeys(full));
        expect(nodeKeys(full).length).toBe(records.length);
      }),
      { numRuns: 40 },
    );
  });

  test("the compact form of rainbow's own example: 3 nodes of 12 cores, memory sized in GiB", () => {
    const records: NodeRecord[] = [0, 1, 2].map((i) => ({
      hostname: `node${i}`,
      sockets: [Array.from({ length: 12 }, (_, c) => [c])],
      memory: [{ numa: 0, kib: 16 << 20, socket: 0 }],
      gpus: [],
      attributes: {},
    }));
    const g: Jgf = JSON.parse(buildGraph("rainbow", "red", records, { pus: false, pretty: false, compact: true }));
    const types = Object.values(g.graph.nodes).map((v) => v.metadata.type);
    expect(types.filter((t) => t === "core").length).toBe(36);
    expect(Object.values(g.graph.nodes).filter((v) => v.metadata.type === "memory").map((v) => v.metadata))
      .toEqual([0, 1, 2].map(() => ({ type: "memory", size: 16, unit: "GiB" })));
    expect(g.graph.edges.length).toBe(Object.keys(g.graph.nodes).length - 1);
  });
});

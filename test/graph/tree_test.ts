import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { buildGraph, clusterNameProblem, DuplicateHostnameError, type GraphFormat, orderNodes } from "../../src/graph/mod.ts";
import { hostlistNameProblem } from "../../src/graph/flux_r.ts";
import { clusterVertices } from "../../src/graph/tree.ts";
import { hostnameProblem } from "../../src/node/hostname.ts";
import type { NodeRecord } from "../../src/node/record.ts";

/** Hostnames a node file may carry: odd characters (quotes, spaces, unicode) included, but valid. */
const hostname = fc.oneof(
  fc.tuple(fc.constantFrom("n", "node", "gpu", "a-b", "x"), fc.nat(200)).map(([p, n]) => `${p}${n}`),
  fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" }),
  fc.constantFrom('we"ird', "sp ace", "n01", "n1", "ünï", "a'b", "{}", "123"),
).filter((h) => hostnameProblem(h) === undefined);

/** A record: 1-3 sockets of 1-4 cores of 1-2 PUs (distinct CPU numbers), memory and GPUs here and there. */
const record = (host: string): fc.Arbitrary<NodeRecord> =>
  fc.record({
    shape: fc.array(fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
    memory: fc.uniqueArray(fc.record({ numa: fc.nat(7), kib: fc.integer({ min: 1, max: 1 << 30 }), socket: fc.integer({ min: -1, max: 2 }) }), {
      selector: (m) => m.numa,
      maxLength: 4,
    }),
    gpus: fc.uniqueArray(fc.record({ index: fc.nat(7), socket: fc.integer({ min: -1, max: 2 }) }), { selector: (g) => g.index, maxLength: 4 }),
    // CPU-less memory, tied to a GPU of the record or not (an index no GPU has: under the node).
    cpuless: fc.uniqueArray(fc.record({ numa: fc.integer({ min: 8, max: 15 }), kib: fc.integer({ min: 1, max: 1 << 30 }), gpu: fc.integer({ min: -1, max: 8 }) }), {
      selector: (m) => m.numa,
      maxLength: 3,
    }),
    attributes: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).map((k) => `org.test.${k}`), fc.string({ maxLength: 8 }), {
      maxKeys: 3,
    }),
  }).map(({ shape, memory, gpus, cpuless, attributes }) => {
    let cpu = 0;
    const sockets = shape.map((cores) => cores.map((n) => Array.from({ length: n }, () => cpu++)));
    const rec: { -readonly [K in keyof NodeRecord]: NodeRecord[K] } = {
      hostname: host,
      sockets,
      memory: memory.sort((a, b) => a.numa - b.numa),
      gpus: gpus.sort((a, b) => a.index - b.index).map((g) => ({ ...g, attributes: { "org.supercontainers.hardware.gpu.model": "M" } })),
      attributes,
    };
    if (cpuless.length > 0) rec.cpulessMemory = cpuless.sort((a, b) => a.numa - b.numa);
    return rec;
  });

/** A cluster: records with distinct hostnames. */
const cluster = fc.uniqueArray(hostname, { minLength: 1, maxLength: 6 }).chain((hosts) => fc.tuple(...hosts.map(record)));

/** A cluster whose hostnames an RFC 29 hostlist can hold (what flux-r needs: no `,`, brackets or spaces). */
const hostlistCluster = fc.uniqueArray(hostname.filter((h) => hostlistNameProblem(h) === undefined), { minLength: 1, maxLength: 6 })
  .chain((hosts) => fc.tuple(...hosts.map(record)));

const formats: GraphFormat[] = ["rainbow", "fluxion", "flux-r"];

/** A format and a cluster it can hold. */
const formatCluster = fc.constantFrom(...formats).chain((f) =>
  fc.tuple(fc.constant(f), f === "flux-r" ? hostlistCluster : cluster)
);

/** The records in an order given by `keys`. */
function permute<T>(items: readonly T[], keys: number[]): T[] {
  return items.map((x, i) => [x, keys[i % keys.length]! * 1000 + i] as const).sort((a, b) => a[1] - b[1]).map((p) => p[0]);
}

const RUNS = { numRuns: 150 };

interface V {
  id: string;
  label?: string;
  metadata: { uniq_id: number; name: string; paths: { containment: string }; type: string };
}

/** The JGF `graph` of a document (flux-r's is its `scheduling`). */
function graphOf(format: GraphFormat, text: string) {
  const doc = JSON.parse(text);
  return format === "flux-r" ? doc.scheduling.graph : doc.graph;
}

function verticesOf(format: GraphFormat, text: string): V[] {
  const g = graphOf(format, text);
  return format === "rainbow" ? Object.entries(g.nodes as Record<string, V>).map(([k, v]) => ({ ...v, id: k })) : g.nodes;
}

describe("graph (property tests)", () => {
  test("permuting the input records never changes the output (with or without a rank order)", () => {
    fc.assert(
      fc.property(
        formatCluster,
        fc.array(fc.nat(), { minLength: 1 }),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.array(fc.nat(), { minLength: 1 })),
        ([format, recs], keys, pus, sockets, rankKeys) => {
          const rankOrder = rankKeys === null ? undefined : permute(recs.map((r) => r.hostname), rankKeys);
          const opts = { pus, pretty: false, sockets, rankOrder };
          expect(buildGraph(format, "c", permute(recs, keys), opts)).toBe(buildGraph(format, "c", recs, opts));
        },
      ),
      RUNS,
    );
  });

  test("merging is invariant under node ordering: A then B gives what B then A gives", () => {
    fc.assert(
      fc.property(formatCluster, fc.nat(), ([format, recs], cut) => {
        const k = cut % (recs.length + 1);
        const a = recs.slice(0, k);
        const b = recs.slice(k);
        const opts = { pus: true, pretty: false };
        expect(buildGraph(format, "c", [...a, ...b], opts)).toBe(buildGraph(format, "c", [...b, ...a], opts));
        expect(orderNodes([...a, ...b])).toEqual(orderNodes([...b, ...a]));
      }),
      RUNS,
    );
  });

  test("every edge endpoint exists, uniq_ids are 0..n-1, every path is its parent's path plus its name", () => {
    fc.assert(
      fc.property(formatCluster, fc.boolean(), fc.boolean(), fc.boolean(), ([format, recs], pus, pretty, sockets) => {
        const text = buildGraph(format, "clu'ster", recs, { pus, pretty, sockets });
        const vertices = verticesOf(format, text);
        const edges = graphOf(format, text).edges as { source: string; target: string; relation?: string }[];
        const byId = new Map(vertices.map((v) => [v.id, v]));
        expect(vertices.map((v) => v.metadata.uniq_id).sort((a, b) => a - b)).toEqual([...vertices.keys()]);
        for (const v of vertices) expect(v.id).toBe(String(v.metadata.uniq_id));
        const parentOf = new Map<string, string>();
        for (const e of edges) {
          expect(byId.has(e.source)).toBe(true);
          expect(byId.has(e.target)).toBe(true);
          if (e.relation === "in") continue;
          expect(parentOf.has(e.target)).toBe(false);
          parentOf.set(e.target, e.source);
        }
        if (format === "rainbow") {
          // each contains edge has its in edge the other way
          expect(edges.length).toBe(2 * parentOf.size);
          for (let i = 0; i < edges.length; i += 2) {
            expect(edges[i]!.relation).toBe("contains");
            expect(edges[i + 1]).toEqual({ ...edges[i]!, source: edges[i]!.target, target: edges[i]!.source, relation: "in" });
          }
        }
        expect(parentOf.size).toBe(vertices.length - 1);
        const paths = new Set<string>();
        for (const v of vertices) {
          const p = v.metadata.paths.containment;
          expect(paths.has(p)).toBe(false);
          paths.add(p);
          const parent = parentOf.get(v.id);
          if (parent === undefined) expect(p).toBe(`/${v.metadata.name}`);
          else expect(p).toBe(`${byId.get(parent)!.metadata.paths.containment}/${v.metadata.name}`);
        }
        // vertex counts follow the records
        const count = (t: string) => vertices.filter((v) => v.metadata.type === t).length;
        expect(count("node")).toBe(recs.length);
        expect(count("core")).toBe(recs.reduce((n, r) => n + r.sockets.flat(1).length, 0));
        expect(count("pu")).toBe(pus ? recs.reduce((n, r) => n + r.sockets.flat(2).length, 0) : 0);
        // Memory of less than 1 MiB gets no vertex (never size 0, never rounded up).
        expect(count("memory")).toBe(recs.reduce((n, r) => n + r.memory.filter((m) => m.kib >= 1024).length, 0));
        expect(count("gpu")).toBe(recs.reduce((n, r) => n + r.gpus.length, 0));
        // The socket level: always in rainbow's graph, in Fluxion's only when asked.
        const withSockets = format === "rainbow" || sockets;
        expect(count("socket")).toBe(withSockets ? recs.reduce((n, r) => n + r.sockets.length, 0) : 0);
        expect(count("cpuless_memory")).toBe(recs.reduce((n, r) => n + (r.cpulessMemory?.filter((m) => m.kib >= 1024).length ?? 0), 0));
        // CPU-less memory sits under its GPU when the record has that GPU, else under the node.
        for (const v of vertices.filter((v) => v.metadata.type === "cpuless_memory")) {
          const parent = byId.get(parentOf.get(v.id)!)!;
          const node = v.metadata.paths.containment.split("/")[3];
          const rec = recs.find((r) => r.hostname === node)!;
          const m = rec.cpulessMemory!.find((m) => `cpuless_memory${m.numa}` === v.metadata.name)!;
          expect(parent.metadata.type).toBe(rec.gpus.some((g) => g.index === m.gpu) ? "gpu" : "node");
          if (parent.metadata.type === "gpu") expect(parent.metadata.name).toBe(`gpu${m.gpu}`);
        }
      }),
      RUNS,
    );
  });

  test("--pretty is the same document as compact output, indented like JSON.stringify(…, null, 2)", () => {
    fc.assert(
      fc.property(formatCluster, fc.boolean(), ([format, recs], pus) => {
        const compact = buildGraph(format, "c", recs, { pus, pretty: false, sockets: pus });
        const pretty = buildGraph(format, "c", recs, { pus, pretty: true, sockets: pus });
        expect(compact.endsWith("}\n")).toBe(true);
        expect(compact.slice(0, -1).includes("\n")).toBe(false);
        expect(pretty).toBe(JSON.stringify(JSON.parse(compact), null, 2) + "\n");
      }),
      { numRuns: 60 },
    );
  });

  test("vertices come in pre-order: a parent before its children", () => {
    fc.assert(
      fc.property(cluster, (recs) => {
        const seen = new Set<number>([-1]);
        for (const v of clusterVertices("c", orderNodes(recs), { pus: true, sockets: true })) {
          expect(seen.has(v.parent)).toBe(true);
          seen.add(v.uniq);
        }
      }),
      RUNS,
    );
  });
});

describe("graph order and names", () => {
  const rec = (hostname: string): NodeRecord => ({ hostname, sockets: [[[0]]], memory: [], gpus: [], attributes: {} });

  test("nodes in natural hostname order: n2 < n10", () => {
    expect(orderNodes(["n10", "n2", "m3", "n1"].map(rec)).map((r) => r.hostname)).toEqual(["m3", "n1", "n2", "n10"]);
  });

  test("a hostname that cannot be a path element is refused", () => {
    for (const bad of ["a/b", "a\nb", "", ".."]) expect(() => orderNodes([rec(bad)])).toThrow("cannot name a node vertex");
  });

  test("two records with one hostname are an error naming it", () => {
    expect(() => orderNodes(["a1", "b", "a1"].map(rec))).toThrow(DuplicateHostnameError);
    expect(() => orderNodes(["a1", "b", "a1"].map(rec))).toThrow('"a1"');
  });

  test("hostnames with quotes, spaces and unicode are refused (#21: RFC 1123 host names only); '_' and '.' are kept", () => {
    for (const bad of ['we"ird', "a'b", "sp ace", "ünï"]) {
      expect(() => buildGraph("rainbow", "c", [rec(bad)], { pus: false, pretty: false })).toThrow(`hostname ${JSON.stringify(bad)} cannot name a node vertex`);
    }
    const names = ["n_1", "n2.c.example.org"];
    for (const format of ["rainbow", "fluxion"] as const) {
      const text = buildGraph(format, "c", names.map(rec), { pus: false, pretty: false });
      const nodes = verticesOf(format, text).filter((v) => v.metadata.type === "node");
      expect(nodes.map((n) => n.metadata.name).sort()).toEqual([...names].sort());
      for (const n of nodes) expect(n.metadata.paths.containment).toBe(`/c0/rack0/${n.metadata.name}`);
    }
  });
});

describe("every string that reaches the output is escaped (issue 14)", () => {
  /** Any text: quotes, backslashes, control characters, lone surrogates … */
  const text = fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.constantFrom('"', "\\", "\u0000", "\n", "\ud800", '","type":1,"x":"'));
  const wild = fc.dictionary(text, text, { maxKeys: 5 });
  const STRUCTURAL = new Set(["basename", "exclusive", "id", "name", "paths", "rank", "size", "type", "uniq_id", "unit"]);

  test("arbitrary attribute names and values, cluster names and hostnames: valid JSON that reads back the same", () => {
    fc.assert(
      fc.property(
        formatCluster,
        fc.array(wild, { minLength: 6, maxLength: 6 }),
        fc.array(wild, { minLength: 6, maxLength: 6 }),
        text.filter((c) => clusterNameProblem(c) === undefined),
        ([format, recs], nodeAttrs, gpuAttrs, name) => {
          const records = recs.map((r, i) => ({
            ...r,
            attributes: nodeAttrs[i]!,
            gpus: r.gpus.map((g) => ({ ...g, attributes: gpuAttrs[i]! })),
          }));
          const out = buildGraph(format, name, records, { pus: false, pretty: false });
          const vertices = verticesOf(format, out) as unknown as { metadata: Record<string, unknown> }[];
          for (const v of vertices) {
            const m = v.metadata;
            expect(typeof m.type).toBe("string");
            expect(typeof m.unit).toBe("string");
            expect(typeof m.size).toBe("number");
            expect(typeof m.name).toBe("string");
          }
          expect(vertices[0]!.metadata.basename).toBe(name);
          const byName = new Map(records.map((r, i) => [r.hostname, i]));
          for (const v of vertices) {
            const m = v.metadata;
            if (m.type !== "node" && m.type !== "gpu") continue;
            const host = (m.paths as { containment: string }).containment.split("/")[3]!;
            const given = (m.type === "node" ? nodeAttrs : gpuAttrs)[byName.get(host)!]!;
            if (format === "rainbow") {
              // Top-level metadata strings; a name that is one of the vertex's own keys is left out, never overriding it.
              for (const [k, val] of Object.entries(given)) if (!STRUCTURAL.has(k)) expect(m[k]).toBe(val);
            } else {
              const expected = Object.keys(given).length > 0 ? given : undefined;
              expect(m.attributes).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("node ids (issue 14, bug 7)", () => {
  const rec = (hostname: string): NodeRecord => ({ hostname, sockets: [[[0]]], memory: [], gpus: [], attributes: {} });
  const nodeIdsOf = (format: GraphFormat, hosts: string[]) =>
    Object.fromEntries(
      verticesOf(format, buildGraph(format, "c", hosts.map(rec), { pus: false, pretty: false }))
        .filter((v) => v.metadata.type === "node")
        .map((v) => [v.metadata.name, String((v.metadata as unknown as { id: number | string }).id)]),
    );

  test("node1 and node01 no longer share id 1; a unique trailing number is still the id (Fluxion's rule)", () => {
    for (const format of formats) {
      const ids = nodeIdsOf(format, ["node1", "node01", "node7", "login"]);
      expect(ids.node7).toBe("7");
      expect(new Set(Object.values(ids)).size).toBe(4);
      expect(Number(ids.node1)).toBeGreaterThan(7);
      expect(Number(ids.login)).toBeGreaterThan(7);
    }
  });

  test("ids are unique per type within a cluster, whatever the hostnames", () => {
    fc.assert(
      fc.property(formatCluster, ([format, recs]) => {
        const vertices = verticesOf(format, buildGraph(format, "c", recs, { pus: false, pretty: false }));
        const ids = vertices.filter((v) => v.metadata.type === "node").map((v) => String((v.metadata as unknown as { id: unknown }).id));
        expect(new Set(ids).size).toBe(ids.length);
      }),
      RUNS,
    );
  });
});

describe("memory vertices (issue 14, bug 2)", () => {
  const withMemory = (kib: number): NodeRecord => ({
    hostname: "n1",
    sockets: [[[0]]],
    memory: [{ numa: 0, kib, socket: 0 }],
    gpus: [],
    attributes: {},
  });
  const memoryOf = (format: GraphFormat, kib: number) =>
    verticesOf(format, buildGraph(format, "c", [withMemory(kib)], { pus: false, pretty: false }))
      .filter((v) => v.metadata.type === "memory")
      .map((v) => v.metadata as unknown as Record<string, unknown>);

  test("18.96 GiB is an 18 GiB vertex (was 19 GB) with its exact MiB; less than 1 GiB is counted in MiB", () => {
    const kib = Math.round(18.96 * 1048576);
    for (const format of formats) {
      const [m] = memoryOf(format, kib);
      expect(m!.size).toBe(18);
      expect(m!.unit).toBe("GiB");
      const attrs = (format === "rainbow" ? m : m!.attributes) as Record<string, string>;
      expect(attrs["org.supercontainers.hardware.memory.size_mib"]).toBe(String(Math.floor(kib / 1024)));
      expect(memoryOf(format, 1048576)[0]!.size).toBe(1);
      // hwloc's 2arm-2c and 2ps3-2t machines (274 MiB) and a 996 MiB NUMA node (128ia64-17n4s2c) kept
      // their vertex: it was dropped below 1 GiB. 1 GiB less 1 KiB is 1023 MiB, never rounded up.
      for (const [kib, size] of [[280_576, 274], [1_019_904, 996], [1048575, 1023], [1024, 1]] as const) {
        expect(memoryOf(format, kib).map((m) => [m.size, m.unit])).toEqual([[size, "MiB"]]);
      }
      expect(memoryOf(format, 1023)).toEqual([]);
    }
  });
});

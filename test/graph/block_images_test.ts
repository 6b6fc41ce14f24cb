import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { buildGraph, type GraphFormat } from "../../src/graph/mod.ts";
import type { NodeRecord } from "../../src/node/record.ts";

/** A CPU layout: 1-3 sockets of 1-4 cores of 1-2 PUs. */
const layout = fc.array(fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 })
  .map((shape) => {
    let cpu = 0;
    return shape.map((cores) => cores.map((n) => Array.from({ length: n }, () => cpu++)));
  });

/** Hostnames of every length from 2 to 6 bytes (RFC 1123 names only, #21; the cluster name is not ASCII). */
const hostname = (i: number, style: number) => [`n${i}`, `node-${i}`, `q_${i}`, `N.${i}`][style % 4]!;

/**
 * A cluster whose records share layouts (as `nodeRecord`'s records do) and are
 * numerous enough that vertex numbers, ranks and hostnames change length.
 */
const cluster = fc.record({
  layouts: fc.array(layout, { minLength: 1, maxLength: 3 }),
  picks: fc.array(fc.tuple(fc.nat(), fc.nat(3)), { minLength: 1, maxLength: 160 }),
  memory: fc.boolean(),
  order: fc.option(fc.array(fc.nat(), { minLength: 1 })),
}).map(({ layouts, picks, memory, order }) => {
  const records = picks.map(([k, style], i): NodeRecord => ({
    hostname: hostname(i, style),
    sockets: layouts[k % layouts.length]!,
    memory: memory ? [{ numa: 0, kib: 2 << 20, socket: 0 }] : [],
    gpus: k % 2 ? [{ index: 0, socket: -1, attributes: { "org.supercontainers.hardware.gpu.model": "M" } }] : [],
    attributes: { "org.test.k": String(k % layouts.length) },
  }));
  // A rank order that is not the hostname order (ranks of every length, in any order).
  const rankOrder = order === null ? undefined : records.map((r, i) => [r.hostname, order[i % order.length]! * 1000 + i] as const)
    .sort((a, b) => a[1] - b[1]).map((p) => p[0]);
  return { records, rankOrder };
});

/** The same records, each with a layout of its own (so no block is ever copied). */
const unshared = (records: NodeRecord[]) => records.map((r) => ({ ...r, sockets: r.sockets.map((s) => s.map((c) => [...c])) }));

describe("block images (issue 13)", () => {
  test("copying the blocks of shared layouts writes what rendering every vertex writes", () => {
    fc.assert(
      fc.property(
        cluster,
        fc.constantFrom<GraphFormat>("rainbow", "fluxion", "flux-r"),
        fc.boolean(),
        fc.boolean(),
        ({ records, rankOrder }, format, pus, sockets) => {
          const opts = { pus, pretty: false, sockets, rankOrder };
          const copied = buildGraph(format, "c\u00e9", records, opts);
          expect(copied).toBe(buildGraph(format, "c\u00e9", unshared(records), opts));
          // And the indented document (which renders every vertex) is the same document.
          expect(buildGraph(format, "c\u00e9", records, { ...opts, pretty: true })).toBe(JSON.stringify(JSON.parse(copied), null, 2) + "\n");
        },
      ),
      { numRuns: 60 },
    );
  });
});

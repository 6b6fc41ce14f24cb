import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { nodeIds } from "../../src/graph/node_ids.ts";

describe("node vertex ids", () => {
  test("Fluxion's rule where it is safe: a unique trailing number is the id, the rest is the basename", () => {
    expect(nodeIds(["gpu17", "gpu2", "login3"])).toEqual([
      { basename: "gpu", id: 17 },
      { basename: "gpu", id: 2 },
      { basename: "login", id: 3 },
    ]);
    expect(nodeIds(["42"])).toEqual([{ basename: "node", id: 42 }]);
  });

  test("node1 and node01 (and a1, b1) would share id 1: both get new ids after the largest kept one", () => {
    expect(nodeIds(["node1", "node01", "node7"])).toEqual([
      { basename: "node", id: 8 },
      { basename: "node", id: 9 },
      { basename: "node", id: 7 },
    ]);
    expect(nodeIds(["a1", "b1"]).map((n) => n.id)).toEqual([0, 1]);
  });

  test("a hostname without digits gets the next id too, never one a numbered node has", () => {
    expect(nodeIds(["n0", "login", "n1"])).toEqual([
      { basename: "n", id: 0 },
      { basename: "login", id: 2 },
      { basename: "n", id: 1 },
    ]);
  });

  test("ids are distinct for any hostnames (fast-check)", () => {
    const host = fc.oneof(
      fc.tuple(fc.constantFrom("n", "node", "a", ""), fc.nat(30), fc.nat(2)).map(([p, n, pad]) => `${p}${String(n).padStart(pad + 1, "0")}`),
      fc.string({ minLength: 1, maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(host, { maxLength: 30 }), (hosts) => {
        const ids = nodeIds(hosts).map((n) => n.id);
        expect(new Set(ids).size).toBe(hosts.length);
        for (const id of ids) expect(Number.isSafeInteger(id) && id >= 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

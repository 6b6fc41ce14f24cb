import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { compareHostnames } from "../../src/node/hostname.ts";
import { compressHostlist, expandHostlist, HostlistError } from "../../src/util/hostlist.ts";

describe("compressHostlist", () => {
  test("ranges per prefix, zero padding kept, singletons bare", () => {
    const names = [...Array.from({ length: 128 }, (_, i) => `node${String(i + 1).padStart(3, "0")}`), "node130", "login1"];
    expect(compressHostlist(names)).toBe("node[001-128,130],login1");
  });
  test("width grows without padding (9 → 10), padded ranges print the last number padded", () => {
    expect(compressHostlist(["n8", "n9", "n10", "n11"])).toBe("n[8-11]");
    expect(compressHostlist(["n08", "n09", "n10"])).toBe("n[08-10]");
    // "n9" and "n010" cannot share a range: n[9-10] would mean n10.
    expect(compressHostlist(["n9", "n010"])).toBe("n[9,010]");
  });
  test("names without digits and order kept", () => {
    expect(compressHostlist(["login", "n3", "n1", "n2"])).toBe("login,n[3,1-2]");
    expect(compressHostlist([])).toBe("");
    expect(compressHostlist(["a1"])).toBe("a1");
  });
});

describe("expandHostlist", () => {
  test("brackets, padding, suffix, plain names", () => {
    expect(expandHostlist("node[08-10],login1")).toEqual(["node08", "node09", "node10", "login1"]);
    expect(expandHostlist("n[1-2]-ib")).toEqual(["n1-ib", "n2-ib"]);
    expect(expandHostlist(" ")).toEqual([]);
  });
  test("malformed lists are errors naming the problem", () => {
    for (const bad of ["n[1-", "n]1", "n[2-1]", "n[a]", "a,,b", "n[1]x[2]", "n[[1]]"]) {
      expect(() => expandHostlist(bad)).toThrow(HostlistError);
    }
    expect(() => expandHostlist("n[0-99999999]")).toThrow(/more than/);
  });
});

describe("round trip (fast-check)", () => {
  const host = fc.tuple(fc.constantFrom("node", "n", "gpu-a", "x1y", ""), fc.nat(2000), fc.integer({ min: 0, max: 4 }))
    .filter(([p, , w]) => p !== "" || w >= 0)
    .map(([p, n, w]) => `${p === "" ? "h" : p}${String(n).padStart(w, "0")}`);
  test("expand(compress(names)) = names, in order", () => {
    fc.assert(fc.property(fc.array(host, { maxLength: 60 }), (names) => {
      expect(expandHostlist(compressHostlist(names))).toEqual(names);
    }));
  });
  test("sorted distinct names compress to one bracket per prefix", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.nat(500), { maxLength: 80 }), (ns) => {
      const names = ns.map((n) => `c${n}`).sort(compareHostnames);
      const text = compressHostlist(names);
      expect(text.split("[").length).toBeLessThanOrEqual(2);
      expect(expandHostlist(text)).toEqual(names);
    }));
  });
});

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { formatMemory, formatMemoryChange, gib, memoryClasses, mib, sameMemory } from "../../src/describe/memory.ts";
import { countOf as plural, withCommas } from "../../src/util/plural.ts";

const GiB = 1024 * 1024;

describe("memory sizes are never rounded up", () => {
  test("MiB and GiB round down (this VM's MemTotal is Slurm's RealMemory 24105)", () => {
    expect(mib(24684084)).toBe(24105);
    expect(gib(24684084)).toBe(23);
    expect(gib(GiB - 1)).toBe(0);
    expect(formatMemory(24684084)).toBe("23 GiB");
    expect(formatMemory(527939852)).toBe("503 GiB");
    expect(formatMemory(512 * 1024)).toBe("512 MiB");
    expect(formatMemory(10 * 1024 * GiB - 1)).toBe("10,239 GiB");
    expect(formatMemory(10 * 1024 * GiB)).toBe("10 TiB");
    expect(formatMemory(0)).toBe("0 B");
  });

  test("property: what is shown is never more than the node has", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (kib) => {
      expect(mib(kib) * 1024).toBeLessThanOrEqual(kib);
      expect(gib(kib) * GiB).toBeLessThanOrEqual(kib);
      const shown = formatMemory(kib);
      const n = Number(shown.split(" ")[0]!.replaceAll(",", ""));
      const unit = { MiB: 1024, GiB, TiB: 1024 * GiB }[shown.split(" ")[1] as "MiB" | "GiB" | "TiB"];
      expect(n * unit).toBeLessThanOrEqual(kib);
    }));
  });

  test("a change is signed, the exact difference rounded once to the nearest unit", () => {
    expect(formatMemoryChange(-33554432)).toBe("−32 GiB");
    expect(formatMemoryChange(1024 * 600)).toBe("+600 MiB");
    // 8 GiB less a few MiB of kernel reservations is "−8 GiB" (it was "−7 GiB": rounded down).
    expect(formatMemoryChange(-(8 * GiB - 3 * 1024))).toBe("−8 GiB");
    expect(formatMemoryChange(-(7 * GiB + 300 * 1024))).toBe("−7 GiB");
  });

  test("thousands separators without locale data", () => {
    expect(withCommas(0)).toBe("0");
    expect(withCommas(999)).toBe("999");
    expect(withCommas(1000)).toBe("1,000");
    expect(withCommas(65344123)).toBe("65,344,123");
    expect(plural(1, "node")).toBe("1 node");
    expect(plural(1024, "PU")).toBe("1,024 PUs");
  });
});

describe("the same size, as admins think of it", () => {
  test("a kernel's few MiB are the same size; a DIMM is not", () => {
    const node = 527939852;
    expect(sameMemory(node, node - 50 * 1024)).toBe(true); // 50 MiB
    expect(sameMemory(node, node - 32 * GiB)).toBe(false); // a 32 GiB DIMM of 16
    // Small nodes: within 1 GiB (a crash kernel's reservation) still the same.
    expect(sameMemory(16 * GiB, 16 * GiB - 512 * 1024)).toBe(true);
    expect(sameMemory(16 * GiB, 12 * GiB)).toBe(false);
  });

  test("classes are named by their smallest size; a DIMM short starts a new class", () => {
    const a = 527939852;
    const classes = memoryClasses([a, a - 1000, a + 2000, a - 32 * GiB, a - 32 * GiB + 10]);
    expect(classes.get(a)).toBe(a - 1000);
    expect(classes.get(a + 2000)).toBe(a - 1000);
    expect(classes.get(a - 32 * GiB + 10)).toBe(a - 32 * GiB);
  });

  test("property: every size is at least its class and within the tolerance of it", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 2 ** 32 }), { minLength: 1, maxLength: 50 }), (sizes) => {
      const classes = memoryClasses(sizes);
      for (const s of sizes) {
        const c = classes.get(s)!;
        expect(c).toBeLessThanOrEqual(s);
        expect(sameMemory(c, s)).toBe(true);
      }
    }));
  });
});

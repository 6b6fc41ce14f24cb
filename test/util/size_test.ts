import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { kibToGiB, kibToMiB } from "../../src/util/size.ts";

describe("sizes shown to people and schedulers", () => {
  test("rounded down, never up", () => {
    expect(kibToGiB(Math.round(23.59 * 1048576))).toBe(23);
    expect(kibToGiB(1048575)).toBe(0);
    expect(kibToGiB(1048576)).toBe(1);
    expect(kibToMiB(1023)).toBe(0);
    expect(kibToMiB(24684544)).toBe(24106);
    expect(kibToGiB(0)).toBe(0);
    expect(kibToMiB(-5)).toBe(0);
  });
  test("a shown size is never more than the memory (fast-check)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 45 }), (kib) => {
      expect(kibToGiB(kib) * 1048576).toBeLessThanOrEqual(kib);
      expect((kibToGiB(kib) + 1) * 1048576).toBeGreaterThan(kib);
      expect(kibToMiB(kib) * 1024).toBeLessThanOrEqual(kib);
      expect((kibToMiB(kib) + 1) * 1024).toBeGreaterThan(kib);
    }));
  });
});

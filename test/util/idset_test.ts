import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { decodeIdset, encodeIdset, IdsetError } from "../../src/util/idset.ts";

describe("idset", () => {
  test("encode: ascending ranges, duplicates dropped", () => {
    expect(encodeIdset([3, 0, 1, 2, 8, 8])).toBe("0-3,8");
    expect(encodeIdset([5, 6])).toBe("5-6");
    expect(encodeIdset([])).toBe("");
    expect(() => encodeIdset([-1])).toThrow(IdsetError);
  });
  test("decode: brackets, ranges, errors", () => {
    expect(decodeIdset("[0-2,7]")).toEqual([0, 1, 2, 7]);
    expect(decodeIdset("")).toEqual([]);
    for (const bad of ["1-", "a", "3-1", "1,,2"]) expect(() => decodeIdset(bad)).toThrow(IdsetError);
    expect(() => decodeIdset("0-5000000")).toThrow(/more than/);
  });
  test("decode(encode(x)) = sorted distinct x (fast-check)", () => {
    fc.assert(fc.property(fc.array(fc.nat(300)), (ids) => {
      expect(decodeIdset(encodeIdset(ids))).toEqual([...new Set(ids)].sort((a, b) => a - b));
    }));
  });
});

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { utf8Length } from "../../src/util/utf8_length.ts";

describe("utf8Length", () => {
  test("counts what TextEncoder writes, lone surrogates and all", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
      }),
      { numRuns: 2000 },
    );
    expect(utf8Length("a\u00e9\u20ac\u{1f600}\ud800")).toBe(1 + 2 + 3 + 4 + 3);
  });
});

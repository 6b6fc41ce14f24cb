/**
 * The literal-pattern fast path means what RE2 means: for every pattern it
 * takes, Go's MatchString (re2js) gives the same answer on every text; every
 * other pattern is left to RE2.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { RE2JS } from "re2js";
import { literalPattern, MAX_ALTERNATIVES } from "../../src/compat/literal_pattern.ts";
import { compileRe2 } from "../../src/compat/re2.ts";
import { withLazyModules } from "../../src/util/lazy_module.ts";

const re2 = (pattern: string, text: string) => RE2JS.compile(pattern).test(text);

/** Patterns of the subset: literals (some escaped), groups of alternatives, anchors at the ends. */
const literal = fc.constantFrom("a", "b", "ab", "-", "_", "/", " ", "\\.", "\\+", "\\(", "\\$", "\\^", "\\|", "\\\\", "");
const body: fc.Arbitrary<string> = fc.letrec((tie) => ({
  alt: fc.array(tie("seq"), { minLength: 1, maxLength: 3 }).map((xs) => (xs as string[]).join("|")),
  seq: fc.array(fc.oneof({ weight: 3, arbitrary: literal }, { weight: 1, arbitrary: tie("group") }), { maxLength: 4 })
    .map((xs) => (xs as string[]).join("")),
  group: fc.tuple(fc.constantFrom("(", "(?:"), tie("alt")).map(([open, inner]) => `${open}${inner})`),
})).alt as fc.Arbitrary<string>;
const anchored = fc.array(fc.tuple(fc.boolean(), body, fc.boolean()), { minLength: 1, maxLength: 3 })
  .map((branches) => branches.map(([s, b, e]) => `${s ? "^" : ""}${b}${e ? "$" : ""}`).join("|"));
/** Any text over the letters patterns use (and some they don't). */
const text = fc.string({ unit: fc.constantFrom("a", "b", "-", "_", "/", " ", ".", "+", "(", "$", "^", "|", "\\", "c", "\n"), maxLength: 8 });

describe("literal patterns", () => {
  test("every pattern of the subset is taken, and answers as RE2 does", () => {
    fc.assert(
      fc.property(anchored, fc.array(text, { maxLength: 6 }), (pattern, texts) => {
        const fast = literalPattern(pattern);
        if (fast === undefined) {
          // Only too many alternatives sends a pattern of the subset to RE2.
          expect(pattern).toMatch(/\|/);
          return;
        }
        for (const t of texts) expect(fast(t)).toBe(re2(pattern, t));
      }),
      { numRuns: 2000 },
    );
  });

  test("any pattern at all: when taken, the same answers as RE2", () => {
    const anyPattern = fc.string({ unit: fc.constantFrom("a", "b", "(", ")", "|", "^", "$", "\\", ".", "*", "?", ":", "[", "]", "{", "}", "-"), maxLength: 10 });
    fc.assert(
      fc.property(anyPattern, fc.array(text, { maxLength: 6 }), (pattern, texts) => {
        const fast = literalPattern(pattern);
        if (fast === undefined) return;
        // What the fast path takes, RE2 compiles.
        expect(() => RE2JS.compile(pattern)).not.toThrow();
        for (const t of texts) expect(fast(t)).toBe(re2(pattern, t));
      }),
      { numRuns: 5000 },
    );
  });

  test("the patterns of real rules", () => {
    const avx = literalPattern("^AVX512(VNNI|BF16|FP16)$")!;
    expect(["AVX512VNNI", "AVX512BF16", "AVX512FP16"].every(avx)).toBe(true);
    expect(["AVX512F", "XAVX512VNNI", "AVX512VNNIX", ""].some(avx)).toBe(false);
    const disk = literalPattern("^(nvme|sd|vd)")!;
    expect(["nvme0n1", "sda", "vda"].every(disk)).toBe(true);
    expect(["loop0", "xsda"].some(disk)).toBe(false);
    expect(literalPattern("mlx5")!("ib_mlx5_core")).toBe(true);
    expect(literalPattern("^10\\.3$")!("10.3")).toBe(true);
    expect(literalPattern("^10\\.3$")!("1013")).toBe(false);
    expect(literalPattern("")!("anything")).toBe(true);
    expect(literalPattern("^$")!("")).toBe(true);
    expect(literalPattern("^$")!("x")).toBe(false);
  });

  test("everything else is left to RE2", async () => {
    for (
      const p of [".", "a*", "a+", "a?", "[ab]", "\\d", "\\bx", "(?i)a", "(?P<n>a)", "(^a)", "(a$)", "a)", "(a", "a^", "$a", "é", "a{2}", "a\\", "\t", "a]"]
    ) {
      expect(literalPattern(p)).toBeUndefined();
    }
    const many = "(a|b)".repeat(Math.ceil(Math.log2(MAX_ALTERNATIVES)) + 1);
    expect(literalPattern(many)).toBeUndefined();
    expect((await withLazyModules(() => compileRe2(many))).test("ab".repeat(10))).toBe(true); // RE2 then answers
  });

  test("compileRe2 takes the fast path and still refuses what RE2 refuses", async () => {
    expect(compileRe2("^(nvme|sd)").test("sda")).toBe(true);
    await expect(withLazyModules(() => compileRe2("(a"))).rejects.toThrow(/missing closing \)/);
    await expect(withLazyModules(() => compileRe2("(a)\\1"))).rejects.toThrow(/back-references/);
  });
});

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { isPlainScalar, normalVersion, plainValue } from "../../src/rainbow/plain_scalar.ts";

/** Whether YAML (1.2 and 1.1) writes `text` unquoted and reads it back as the same string. */
function yamlPlain(text: string): boolean {
  for (const version of ["1.2", "1.1"] as const) {
    const out = stringify(text, { version });
    if (out !== `${text}\n`) return false;
    if (parse(out, { version }) !== text) return false;
    // In a block sequence and as a mapping value, as the jobspec writes them.
    if (parse(`- ${text}\n`, { version })[0] !== text || parse(`k: ${text}\n`, { version }).k !== text) return false;
  }
  return true;
}

/** Characters that make up the words compspec writes, and the ones YAML treats specially. */
const CHARS = "abzAZ019._-/+=@%,()yYnN :#'\"!&*?|>{}[]`~\\\t";
const word = fc.array(fc.constantFrom(...CHARS.split("")), { maxLength: 12 }).map((a) => a.join(""));

describe("safe plain scalars (rainbow stores jobspecs inside SQL strings)", () => {
  test("every scalar the predicate accepts is written unquoted by YAML 1.1 and 1.2 and read back unchanged", () => {
    fc.assert(fc.property(fc.oneof(word, fc.string({ maxLength: 12 })), (text) => {
      if (isPlainScalar(text)) expect(yamlPlain(text)).toBe(true);
    }), { numRuns: 5000 });
  });

  test("no quote, colon, hash or backslash gets through (the server's SQL string is not escaped)", () => {
    fc.assert(fc.property(word, (text) => {
      if (isPlainScalar(text)) expect(/['"\\:#`\t]/.test(text)).toBe(false);
    }), { numRuns: 3000 });
  });

  test("the words rainbow failed on are refused; the ones that went through are accepted", () => {
    for (const bad of ["yes", "no", "true", "False", "on", "off", "null", "~", "12", "24.04", "1e3", "0x1f", "a: b", "a #b", "-", "?x", "*x", "&x", "!x", "%x", "@x", "`x", "'x'", "\"x\"", " x", "x ", "", "2001-12-14", "1_000", "y", "N"]) {
      expect([bad, isPlainScalar(bad)]).toEqual([bad, false]);
    }
    for (const good of ["present", "haswell", "22.4.0", "org.supercontainers.os.vendor=debian", "x86_64_v3", "-w", "--size=4", "4m", "16gb", "ior", "sleep 10", "value-24.04", "GenuineIntel"]) {
      expect([good, isPlainScalar(good)]).toEqual([good, true]);
    }
  });

  test("plainValue spells values YAML would quote with a prefix, and refuses what no prefix saves", () => {
    expect(plainValue("debian")).toBe("debian");
    expect(plainValue("6")).toBe("value-6");
    expect(plainValue("true")).toBe("value-true");
    expect(plainValue("24.04")).toBe("value-24.04");
    expect(plainValue("value-x")).toBe("value-value-x");
    expect(plainValue("a: b")).toBeUndefined();
    fc.assert(fc.property(word, (text) => {
      const v = plainValue(text);
      if (v !== undefined) expect(isPlainScalar(v)).toBe(true);
    }), { numRuns: 2000 });
  });

  test("versions become clean MAJOR.MINOR.PATCH (Masterminds never matches a prerelease against >=)", () => {
    expect(normalVersion("24.04")).toBe("24.4.0");
    expect(normalVersion("5.14.0-427.13.1.el9_4.x86_64")).toBe("5.14.0");
    expect(normalVersion("5.15.0-91-generic")).toBe("5.15.0");
    expect(normalVersion("4.1")).toBe("4.1.0");
    expect(normalVersion("12")).toBe("12.0.0");
    expect(normalVersion("v2.3.4")).toBe("2.3.4");
    expect(normalVersion("bookworm")).toBeUndefined();
    fc.assert(fc.property(fc.string({ maxLength: 16 }), (text) => {
      const v = normalVersion(text);
      if (v !== undefined) expect(isPlainScalar(v)).toBe(true);
    }), { numRuns: 2000 });
  });
});

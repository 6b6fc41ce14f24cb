/** The one /proc/cpuinfo line tokenizer (src/linux/cpuinfo_lines.ts) its three readers build on. */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { cpuinfoBlocks, scanCpuinfoLines } from "../../src/linux/cpuinfo_lines.ts";

/** Every line as the scan reports it: `F key|value` or `O line`. */
function scan(text: string, trim?: (s: string) => string): string[] {
  const out: string[] = [];
  scanCpuinfoLines(
    text,
    { field: (k, v) => void out.push(`F ${k}|${v}`), other: (l) => void out.push(`O ${l}`) },
    trim,
  );
  return out;
}

describe("scanCpuinfoLines", () => {
  test("splits at the first colon, trims key and value, reports colon-less lines as written", () => {
    expect(scan("processor\t: 0\nflags\t\t: a:b c \n\nno colon \n")).toEqual([
      "F processor|0",
      "F flags|a:b c",
      "O ",
      "O no colon ",
    ]);
    expect(scan("a : b ", (s) => `<${s}>`)).toEqual(["F <a >|< b >"]);
  });

  test("a trailing newline starts no line; empty text has none", () => {
    expect(scan("")).toEqual([]);
    expect(scan("\n")).toEqual(["O "]);
    expect(scan("x\n")).toEqual(["O x"]);
  });

  test("a visitor returning false stops the scan", () => {
    const seen: string[] = [];
    scanCpuinfoLines("a: 1\nb: 2\n\nc: 3\n", {
      field: (k) => void seen.push(k),
      other: () => false,
    });
    expect(seen).toEqual(["a", "b"]);
  });

  test("the lines reported are the text's lines, in order (any text)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", ":", " ", "\n", "\t", "\r") }), (text) => {
        const lines: string[] = [];
        scanCpuinfoLines(text, {
          field: () => void lines.push("field"),
          other: (l) => void lines.push(l),
        }, (s) => s);
        const expected = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
        expect(lines).toEqual(text === "" ? [] : expected.map((l) => (l.includes(":") ? "field" : l)));
      }),
      { numRuns: 300 },
    );
  });
});

test("cpuinfoBlocks: separated by blank or whitespace-only lines", () => {
  expect(cpuinfoBlocks("processor : 0\na : 1\n\nprocessor : 1\n \t\nx")).toEqual([
    "processor : 0\na : 1",
    "processor : 1",
    "x",
  ]);
});

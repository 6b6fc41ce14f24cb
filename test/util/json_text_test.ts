import { expect, test } from "bun:test";
import fc from "fast-check";
import { firstJsonError, JsonSyntaxError, lineCol, parseJsonText } from "../../src/util/json_text.ts";

const parses = (t: string) => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

test("the scan finds an error exactly when JSON.parse fails (random JSON-like text)", () => {
  const pieces = fc.constantFrom("{", "}", "[", "]", ",", ":", '"a"', '"\\u00e9"', '"\\x"', "1", "-0.5e3", "01", "true", "nul", " ", "\n", "x", '"', "\\");
  fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }).map((a) => a.join("")), (t) => (firstJsonError(t) === undefined) === parses(t)), { numRuns: 5000 });
  fc.assert(fc.property(fc.json(), (t) => firstJsonError(t) === undefined));
});

test("errors say line, column and what was expected, never the text", () => {
  const cases: [string, string][] = [
    ["ghp_secret", "line 1, column 1: expected a value"],
    ['{"a": 1,\n  ghp_secret}', "line 2, column 3: expected a string key"],
    ['{"a" 1}', "line 1, column 6: expected ':' after a key"],
    ["[1, 2", "line 1, column 6: unexpected end of text"],
    ["[1 2]", "line 1, column 4: expected ',' or ']'"],
    ['"abc', "line 1, column 5: unterminated string"],
    ['"a\u0001"', "line 1, column 3: control character in a string"],
    ["{} x", "line 1, column 4: unexpected text after the value"],
    ["", "line 1, column 1: unexpected end of text"],
  ];
  for (const [text, message] of cases) expect(() => parseJsonText(text)).toThrow(message);
  expect(() => parseJsonText("x")).toThrow(JsonSyntaxError);
  expect(parseJsonText('{"a": [1]}')).toEqual({ a: [1] });
  expect(lineCol("ab\ncd\n", 4)).toEqual({ line: 2, col: 2 });
});

test("deep nesting costs the scan no stack", () => {
  const deep = "[".repeat(1_000_000);
  expect(firstJsonError(deep)).toEqual({ offset: 1_000_000, problem: "unexpected end of text" });
});

/** NFD's operators on one element, compiled once, with RE2 patterns and loose versions. */
import { beforeAll, describe, expect, test } from "bun:test";
import {
  compileExpression,
  evaluateExpression,
  EvaluationError,
  ExpressionError,
  OPERATORS,
  parseGoInt,
  type RawExpression,
} from "../../src/compat/expression.ts";
import { compareLooseVersions, parseLooseVersion } from "../../src/compat/loose_version.ts";
import { compileRe2 } from "../../src/compat/re2.ts";
import { withLazyModules } from "../../src/util/lazy_module.ts";

// compileExpression is called directly here: load the RE2 engine (otherwise loaded on first need) first.
beforeAll(() => withLazyModules(() => compileRe2("a+")));

function holds(raw: RawExpression, present: boolean, value?: string): boolean {
  return evaluateExpression(compileExpression(raw), present, value);
}

describe("operators on attribute values", () => {
  const table: [RawExpression, string | undefined, boolean][] = [
    [{ op: "" }, undefined, true],
    [{ op: "Exists" }, "x", true],
    [{ op: "Exists" }, undefined, false],
    [{ op: "DoesNotExist" }, undefined, true],
    [{ op: "DoesNotExist" }, "x", false],
    [{ op: "In", value: ["a", "b"] }, "b", true],
    [{ op: "In", value: ["a", "b"] }, "c", false],
    [{ op: "In", value: ["a"] }, undefined, false],
    [{ op: "NotIn", value: ["a", "b"] }, "c", true],
    [{ op: "NotIn", value: ["a", "b"] }, "a", false],
    [{ op: "NotIn", value: ["a"] }, undefined, false], // absent ⇒ NotIn is false
    [{ op: "InRegexp", value: ["^AVX"] }, "AVX512F", true],
    [{ op: "InRegexp", value: ["^AVX"] }, "XAVX", false],
    [{ op: "InRegexp", value: ["x", "VX5"] }, "AVX512F", true], // unanchored
    [{ op: "Gt", value: ["5"] }, "6", true],
    [{ op: "Gt", value: ["5"] }, "5", false],
    [{ op: "Ge", value: ["5"] }, "5", true],
    [{ op: "Lt", value: ["5"] }, "-3", true],
    [{ op: "Le", value: ["5"] }, "6", false],
    [{ op: "GtLt", value: ["10", "30"] }, "12", true],
    [{ op: "GtLt", value: ["10", "30"] }, "10", false],
    [{ op: "GeLe", value: ["10", "30"] }, "10", true],
    [{ op: "GeLe", value: ["10", "30"] }, "31", false],
    [{ op: "Gt", value: ["5.15"], type: "version" }, "6.1.0-18-amd64", true],
    [{ op: "Gt", value: ["5.15"], type: "version" }, "5.15.0", false],
    [{ op: "Ge", value: ["v5.15.0"], type: "version" }, "5.15", true],
    [{ op: "GtLt", value: ["5.4", "6.2"], type: "version" }, "6.1.0", true],
    [{ op: "IsTrue" }, "true", true],
    [{ op: "IsTrue" }, "True", false],
    [{ op: "IsFalse" }, "false", true],
  ];
  for (const [raw, value, want] of table) {
    test(`${JSON.stringify(raw)} on ${value === undefined ? "(absent)" : JSON.stringify(value)} is ${want}`, () => {
      expect(holds(raw, value !== undefined, value)).toBe(want);
    });
  }
  test("every operator is in the table", () => {
    const used = new Set(table.map(([r]) => r.op));
    for (const op of OPERATORS) expect(used.has(op)).toBe(true);
  });
});

describe("operators on flags (present, no value)", () => {
  test("only Exists / DoesNotExist / no op can hold", () => {
    for (const op of OPERATORS) {
      const raw: RawExpression = ["Gt", "Ge", "Lt", "Le"].includes(op)
        ? { op, value: ["1"] }
        : ["GtLt", "GeLe"].includes(op)
        ? { op, value: ["1", "2"] }
        : ["In", "NotIn", "InRegexp"].includes(op)
        ? { op, value: ["x"] }
        : { op };
      expect(holds(raw, true, undefined)).toBe(op === "Exists");
    }
  });
});

describe("compile errors (bad artifacts)", () => {
  const bad: [RawExpression, RegExp][] = [
    [{ op: "Equals", value: ["x"] }, /unknown operator "Equals"; valid: In, NotIn/],
    [{ op: "in", value: ["x"] }, /unknown operator "in"/],
    [{ op: "Exists", value: ["x"] }, /Exists takes no values, not 1/],
    [{ op: "In" }, /In takes at least one value, not 0/],
    [{ op: "Gt", value: ["1", "2"] }, /Gt takes exactly one value, not 2/],
    [{ op: "GtLt", value: ["1"] }, /GtLt takes exactly 2 values, not 1/],
    [{ op: "Gt", value: ["five"] }, /not a number "five"/],
    [{ op: "Gt", value: ["1.5"] }, /not a number "1.5"/],
    [{ op: "Gt", value: ["9223372036854775808"] }, /not a number/],
    [{ op: "GtLt", value: ["30", "10"] }, /first value less than the second/],
    [{ op: "Gt", value: ["5.14.0-427.13.1.el9_4.x86_64"], type: "version" }, /is not a version/],
    [{ op: "Gt", value: ["1"], type: "semver" }, /unknown type "semver"/],
    [{ op: "InRegexp", value: ["("] }, /not an RE2 regular expression: missing closing \)/],
    [{ op: "InRegexp", value: ["(a)\\1"] }, /back-references such as \\1 are not RE2/],
    [{ op: "InRegexp", value: ["foo(?=bar)"] }, /look-ahead and look-behind are not RE2/],
    [{ op: "InRegexp", value: ["(?<!x)y"] }, /look-ahead and look-behind are not RE2/],
    [{ op: "InRegexp", value: ["a{1001}"] }, /invalid repeat count/],
  ];
  for (const [raw, message] of bad) {
    test(JSON.stringify(raw), () => {
      expect(() => compileExpression(raw)).toThrow(ExpressionError);
      expect(() => compileExpression(raw)).toThrow(message);
    });
  }
});

describe("node values that cannot be compared", () => {
  test("Gt on a non-number is NFD's error, not false", () => {
    const e = compileExpression({ op: "Gt", value: ["5"] });
    expect(() => evaluateExpression(e, true, "abc")).toThrow(EvaluationError);
    expect(() => evaluateExpression(e, true, "abc")).toThrow('not a number "abc"');
  });
  test("a version compare on a RHEL kernel string is an error", () => {
    const e = compileExpression({ op: "Gt", value: ["5.15"], type: "version" });
    expect(() => evaluateExpression(e, true, "5.14.0-427.13.1.el9_4.x86_64")).toThrow("is not a version");
  });
});

describe("RE2: linear time on patterns built to make backtracking explode", () => {
  for (const pattern of ["(a+)+$", "(a|aa)+$", "(x+x+)+y", "^(([a-z])+.)+[A-Z]([a-z])+$"]) {
    test(pattern, () => {
      const e = compileExpression({ op: "InRegexp", value: [pattern] });
      const input = "a".repeat(30_000) + "!";
      const started = performance.now();
      expect(evaluateExpression(e, true, input)).toBe(false);
      // A backtracking engine needs longer than the universe's age here; RE2 well under a second even on a busy VM.
      expect(performance.now() - started).toBeLessThan(1000);
    });
  }
});

describe("integers and versions", () => {
  test("Go's Atoi", () => {
    expect(parseGoInt("+12")).toBe(12n);
    expect(parseGoInt("-9223372036854775808")).toBe(-(1n << 63n));
    expect(parseGoInt(" 1")).toBeUndefined();
    expect(parseGoInt("0x10")).toBeUndefined();
  });
  test("loose versions: missing parts are 0, pre-release ignored", () => {
    expect(parseLooseVersion("5")).toEqual([5n, 0n, 0n]);
    expect(compareLooseVersions(parseLooseVersion("6.1.0-18-amd64")!, parseLooseVersion("6.1")!)).toBe(0);
    expect(compareLooseVersions(parseLooseVersion("v1.2.3+build.7")!, parseLooseVersion("1.2.4")!)).toBe(-1);
    expect(parseLooseVersion("1.2.3.4")).toBeUndefined();
    expect(parseLooseVersion("1_2")).toBeUndefined();
  });
});

/**
 * One NFD match expression (`{op, value, type}`) against one element, with
 * NFD's semantics (pkg/apis/nfd/nodefeaturerule `evaluateMatchExpression`):
 *
 * | op | values | true when |
 * |---|---|---|
 * | "" (none) | 0 | always |
 * | `Exists` / `DoesNotExist` | 0 | the element is / is not present |
 * | `In` / `NotIn` | ≥ 1 | present with a value equal to one / none of them (false on flags, false when absent) |
 * | `InRegexp` | ≥ 1 | the value matches one RE2 pattern, unanchored |
 * | `Gt` `Ge` `Lt` `Le` | 1 | integer comparison (`type: version`: loose semver) |
 * | `GtLt` / `GeLe` | 2 | v0 < x < v1 / v0 ≤ x ≤ v1 |
 * | `IsTrue` / `IsFalse` | 0 | the value is exactly "true" / "false" |
 *
 * An expression is compiled once, when the artifact is read: an unknown
 * operator, a wrong number of values, an operand that is not an integer (or
 * version), a pattern that is not RE2 — each is an error then, for every node
 * alike (NFD reports some of these only when an element happens to be
 * present). What can only fail on a node's own value (a value that is not a
 * number) throws {@linkcode EvaluationError} during evaluation.
 *
 * @module
 */
import { compareLooseVersions, type LooseVersion, parseLooseVersion } from "./loose_version.ts";
import { compileRe2, Re2Error, type Re2Pattern } from "./re2.ts";
import { namedError } from "../util/named_error.ts";

/** Every operator NFD knows (v0.18+). */
export const OPERATORS = [
  "In",
  "NotIn",
  "InRegexp",
  "Exists",
  "DoesNotExist",
  "Gt",
  "Ge",
  "Lt",
  "Le",
  "GtLt",
  "GeLe",
  "IsTrue",
  "IsFalse",
] as const;

/** An operator, or "" (no operator: always true). */
export type Operator = typeof OPERATORS[number] | "";

/** An expression as the artifact writes it (also what NFD's JSON output echoes). */
export interface RawExpression {
  op: string;
  value?: readonly string[];
  type?: string;
}

/** A value that cannot be compared (not a number, not a version): NFD stops with this error. */
export class EvaluationError extends namedError("EvaluationError") {
  /** `notVersion`: a `type: version` comparison met a value that is not a loose semantic version. */
  constructor(message: string, readonly problem?: "notVersion") {
    super(message);
  }
}

/** A bad expression in an artifact; the message says what (the caller says where). */
export class ExpressionError extends namedError("ExpressionError") {}

/** What every compiled expression has. */
interface ExpressionBase {
  /** As written, for output. */
  readonly raw: RawExpression;
  readonly values: readonly string[];
  /** Whether `type: version` applies to the comparison. */
  readonly version: boolean;
}

/** The comparison operators: their operands are integers, or versions with `type: version`. */
export type ComparisonOperator = "Gt" | "Ge" | "Lt" | "Le" | "GtLt" | "GeLe";

/** A compiled expression: its operator says which operands were compiled. */
export type Expression =
  | ExpressionBase & { readonly op: Exclude<Operator, ComparisonOperator | "InRegexp"> }
  | ExpressionBase & {
    readonly op: "InRegexp";
    /** Compiled patterns. */
    readonly patterns: readonly Re2Pattern[];
    /**
     * Answers already worked out, by value: the nodes of a cluster ask about
     * the same names and values again and again.
     */
    readonly memo: Map<string, boolean>;
  }
  | ExpressionBase & { readonly op: ComparisonOperator; readonly version: false; readonly ints: readonly bigint[] }
  | ExpressionBase & { readonly op: ComparisonOperator; readonly version: true; readonly versions: readonly LooseVersion[] };

/** A compiled comparison (Gt … GeLe). */
type Comparison = Extract<Expression, { op: ComparisonOperator }>;

/** The most answers an InRegexp expression remembers. */
const MEMO_SIZE = 4096;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Go's `strconv.Atoi` on 64-bit: optional sign, decimal digits, within int64; else `undefined`. */
export function parseGoInt(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

function count(op: Operator): [number, number] {
  switch (op) {
    case "":
    case "Exists":
    case "DoesNotExist":
    case "IsTrue":
    case "IsFalse":
      return [0, 0];
    case "In":
    case "NotIn":
    case "InRegexp":
      return [1, Infinity];
    case "Gt":
    case "Ge":
    case "Lt":
    case "Le":
      return [1, 1];
    case "GtLt":
    case "GeLe":
      return [2, 2];
  }
}

function countText([min, max]: [number, number]): string {
  if (max === 0) return "no values";
  if (max === Infinity) return "at least one value";
  return min === 1 ? "exactly one value" : `exactly ${min} values`;
}

/** Compile `raw`. Throws {@linkcode ExpressionError} on anything NFD would reject. */
export function compileExpression(raw: RawExpression): Expression {
  const op = raw.op as Operator;
  if (op !== "" && !(OPERATORS as readonly string[]).includes(op)) {
    throw new ExpressionError(`unknown operator ${JSON.stringify(raw.op)}; valid: ${OPERATORS.join(", ")}`);
  }
  const values = raw.value ?? [];
  const type = raw.type ?? "";
  if (type !== "" && type !== "version") {
    throw new ExpressionError(`unknown type ${JSON.stringify(type)}; the only type is "version"`);
  }
  const [min, max] = count(op);
  if (values.length < min || values.length > max) {
    throw new ExpressionError(
      `${op === "" ? "an expression without op" : op} takes ${countText([min, max])}, not ${values.length}` +
        (values.length > 0 ? ` (${JSON.stringify(values)})` : ""),
    );
  }
  const version = type === "version";
  switch (op) {
    case "InRegexp":
      try {
        return { raw, op, values, version, patterns: values.map(compileRe2), memo: new Map() };
      } catch (e) {
        if (e instanceof Re2Error) throw new ExpressionError(e.message);
        throw e;
      }
    case "Gt":
    case "Ge":
    case "Lt":
    case "Le":
    case "GtLt":
    case "GeLe": {
      if (version) {
        const versions = values.map((x) => {
          const parsed = parseLooseVersion(x);
          if (!parsed) throw new ExpressionError(`${JSON.stringify(x)} is not a version (like 5.15 or v1.2.3-rc1)`);
          return parsed;
        });
        if (values.length === 2 && compareLooseVersions(versions[0]!, versions[1]!) >= 0) {
          throw new ExpressionError(`${op} needs the first version lower than the second, not ${JSON.stringify(values)}`);
        }
        return { raw, op, values, version: true, versions };
      }
      const ints = values.map((x) => {
        const n = parseGoInt(x);
        if (n === undefined) throw new ExpressionError(`not a number ${JSON.stringify(x)} (${op} compares integers; add type: version for versions)`);
        return n;
      });
      if (ints.length === 2 && ints[0]! >= ints[1]!) {
        throw new ExpressionError(`${op} needs the first value less than the second, not ${JSON.stringify(values)}`);
      }
      return { raw, op, values, version: false, ints };
    }
    default:
      return { raw, op, values, version };
  }
}

function compare(e: Comparison, value: string): number[] {
  if (e.version) {
    const v = parseLooseVersion(value);
    if (!v) throw new EvaluationError(`${JSON.stringify(value)} is not a version`, "notVersion");
    return e.versions.map((b) => compareLooseVersions(v, b));
  }
  const n = parseGoInt(value);
  if (n === undefined) throw new EvaluationError(`not a number ${JSON.stringify(value)}`);
  return e.ints.map((b) => (n < b ? -1 : n > b ? 1 : 0));
}

/**
 * `e` against one element: `present` says whether it exists, `value` is its
 * value (`undefined` for a flag, which has none). Throws
 * {@linkcode EvaluationError} when a comparison meets a value that is not a
 * number (or version).
 */
export function evaluateExpression(e: Expression, present: boolean, value: string | undefined): boolean {
  switch (e.op) {
    case "":
      return true;
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
  }
  if (!present || value === undefined) return false;
  switch (e.op) {
    case "In":
      return e.values.includes(value);
    case "NotIn":
      return !e.values.includes(value);
    case "InRegexp": {
      let hit = e.memo.get(value);
      if (hit === undefined) {
        hit = e.patterns.some((p) => p.test(value));
        if (e.memo.size < MEMO_SIZE) e.memo.set(value, hit);
      }
      return hit;
    }
    case "Gt":
      return compare(e, value)[0]! > 0;
    case "Ge":
      return compare(e, value)[0]! >= 0;
    case "Lt":
      return compare(e, value)[0]! < 0;
    case "Le":
      return compare(e, value)[0]! <= 0;
    case "GtLt": {
      const [lo, hi] = compare(e, value);
      return lo! > 0 && hi! < 0;
    }
    case "GeLe": {
      const [lo, hi] = compare(e, value);
      return lo! >= 0 && hi! <= 0;
    }
    case "IsTrue":
      return value === "true";
    case "IsFalse":
      return value === "false";
  }
}

/** `e` in words: `In [Intel, AMD]`, `Exists`, `Gt 5.15 (version)`. */
export function expressionText(e: RawExpression): string {
  const op = e.op === "" ? "(any)" : e.op;
  const values = e.value && e.value.length > 0 ? ` ${e.value.length === 1 ? e.value[0] : `[${e.value.join(", ")}]`}` : "";
  return `${op}${values}${e.type ? ` (${e.type})` : ""}`;
}

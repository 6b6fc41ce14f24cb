/**
 * NFD's matchers over one feature's data: `MatchMulti` (expressions against
 * flags, attributes and instances) and `MatchNamesMulti` (element names), with
 * compspec's reasons when they fail.
 *
 * @module
 */
import { evaluateExpression, type Expression, expressionText } from "./expression.ts";
import type { FeatureData } from "./features.ts";
import { type Reason, UNKNOWN_NAME } from "./verdict.ts";

/** What a reason says was found where the node has nothing. */
export const ABSENT = "absent";

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** What the node has at element `key` of a flag/attribute feature, in words. */
function foundAt(data: FeatureData, key: string): string[] {
  const value = data.attributes?.get(key);
  if (value !== undefined) return [value === "" ? '""' : value];
  return [data.flags?.has(key) ? "present" : ABSENT];
}

/**
 * NFD's `MatchMulti`: the expressions against a feature's flags and
 * attributes (as a union) and its instances (one instance must satisfy all).
 * `matched` collects every expression that held somewhere (NFD reports those).
 */
export function matchMulti(
  rule: string,
  feature: string,
  exprs: readonly (readonly [string, Expression])[],
  data: FeatureData,
  unknownNames?: ReadonlyMap<string, string>,
): { isMatch: boolean; matched: Map<string, Expression>; reasons: Reason[] } {
  const matched = new Map<string, Expression>();
  const keys = data.flags;
  const values = data.attributes;
  let kvMatch = keys !== undefined || values !== undefined;
  const kvFailed: (readonly [string, Expression])[] = [];
  for (const entry of exprs) {
    const [n, e] = entry;
    let matchK = false;
    let matchV = false;
    if (keys) {
      matchK = evaluateExpression(e, keys.has(n), undefined);
      if (matchK) matched.set(n, e);
      else if (e.op === "DoesNotExist") {
        kvMatch = false;
        kvFailed.push(entry);
        continue;
      }
    }
    if (values) {
      const v = values.get(n);
      matchV = evaluateExpression(e, v !== undefined, v);
      if (matchV) matched.set(n, e);
      else if (e.op === "DoesNotExist") {
        kvMatch = false;
        kvFailed.push(entry);
        continue;
      }
    }
    if (!matchK && !matchV) {
      kvMatch = false;
      kvFailed.push(entry);
    }
  }
  let instanceMatch = false;
  const heldSomewhere = new Set<string>();
  for (const inst of data.instances ?? []) {
    let all = true;
    for (const [n, e] of exprs) {
      const v = inst.get(n);
      if (evaluateExpression(e, v !== undefined, v)) {
        matched.set(n, e);
        heldSomewhere.add(n);
      } else all = false;
    }
    if (all) instanceMatch = true;
  }
  const isMatch = kvMatch || instanceMatch;
  const reasons: Reason[] = [];
  if (!isMatch) {
    const reason = (key: string, e: Expression, found: string[], note?: string): Reason => {
      const base = { rule, feature, key, expression: expressionText(e.raw) };
      const unknown = unknownNames?.get(key);
      if (unknown !== undefined) return { status: "unknown", ...base, found: [UNKNOWN_NAME], note: unknown };
      return { status: "fail", ...base, found, ...(note ? { note } : {}) };
    };
    if (keys || values) {
      for (const [n, e] of kvFailed) reasons.push(reason(n, e, foundAt(data, n)));
    } else {
      const instances = data.instances ?? [];
      const never = exprs.filter(([n]) => !heldSomewhere.has(n));
      for (const [n, e] of never) {
        const seen = instances.map((i) => i.get(n)).filter((x): x is string => x !== undefined);
        reasons.push(reason(n, e, seen.length === 0 ? [ABSENT] : distinct(seen)));
      }
      if (never.length === 0) {
        reasons.push({
          status: "fail",
          rule,
          feature,
          key: "",
          expression: exprs.map(([n, e]) => `${n} ${expressionText(e.raw)}`).join(" and "),
          found: [`${instances.length} instance${instances.length === 1 ? "" : "s"}`],
          note: `each expression holds on some ${feature}, but no single one satisfies them all`,
        });
      }
    }
  }
  return { isMatch, matched, reasons };
}

/** NFD's `MatchNamesMulti`: does one element name (flag, attribute key, instance attribute) pass? */
export function matchNames(e: Expression, data: FeatureData): { isMatch: boolean; names: number } {
  let isMatch = false;
  let names = 0;
  // Every name is evaluated, as NFD does: an error on any name stops the run there too.
  const test = (name: string) => {
    names++;
    if (evaluateExpression(e, true, name)) isMatch = true;
  };
  for (const k of data.flags?.names() ?? []) test(k);
  for (const k of data.attributes?.names() ?? []) test(k);
  for (const inst of data.instances ?? []) for (const k of inst.keys()) test(k);
  return { isMatch, names };
}

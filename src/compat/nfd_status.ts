/**
 * NFD's own per-rule results (`ProcessedRuleStatus`, `matchedExpressions`) in
 * NFD's order, for `validate-node --output-json`.
 *
 * @module
 */
import type { Expression, RawExpression } from "./expression.ts";
import { compareGoStrings, goQuote } from "./go_text.ts";
import type { CompatibilitySet, Term } from "./nfd_artifact.ts";

/** One entry of NFD's `matchedExpressions`. */
export interface MatchedExpression {
  feature: string;
  name: string;
  expression: RawExpression;
  matcherType: "matchExpression" | "matchName";
  isMatch: boolean;
}

/** NFD's result for one rule (`ProcessedRuleStatus`). */
export interface RuleStatus {
  name: string;
  isMatch: boolean;
  matchedExpressions?: MatchedExpression[];
  matchedAny?: { matchedExpressions?: MatchedExpression[] }[];
}

/** NFD's result for one compatibility set (`CompatibilityStatus`). */
export interface SetStatus {
  set: CompatibilitySet;
  rules: RuleStatus[];
}

/** The part of a term NFD records as matched (`MatchedFeaturesTerms`). */
export interface MatchedTerm {
  /** Lower-cased, as NFD records it. */
  feature: string;
  expressions?: Map<string, Expression>;
  matchName?: Expression;
}

/** NFD's report for the expressions of `terms`, judged against what matched (`evaluateRuleStatus`). */
export function reportTerms(terms: readonly Term[], matched: readonly MatchedTerm[]): MatchedExpression[] {
  const out: MatchedExpression[] = [];
  const same = (a: Expression, b: Expression) =>
    a.raw.op === b.raw.op && (a.raw.value ?? []).length === (b.raw.value ?? []).length &&
    (a.raw.value ?? []).every((x, i) => x === b.raw.value![i]);
  for (const term of terms) {
    // NFD compares the feature as written with the lower-cased one it recorded.
    const mine = matched.filter((m) => m.feature === term.feature);
    for (const [name, e] of term.expressions ?? []) {
      const isMatch = mine.some((m) => {
        const p = m.expressions?.get(name);
        return p !== undefined && same(p, e);
      });
      out.push({ feature: term.feature, name, expression: e.raw, matcherType: "matchExpression", isMatch });
    }
    if (term.matchName) {
      const isMatch = mine.some((m) => m.matchName !== undefined && same(m.matchName, term.matchName!));
      out.push({ feature: term.feature, name: "", expression: term.matchName.raw, matcherType: "matchName", isMatch });
    }
  }
  return sortMatchedExpressions(out);
}

/** Go's `MatchExpression.String()`: `{op: "In", value: ["a" "b"]}`. */
export function goExpressionString(e: RawExpression): string {
  const values = e.value ?? [];
  return values.length < 1 ? `{op: ${goQuote(e.op)}}` : `{op: ${goQuote(e.op)}, value: [${values.map(goQuote).join(" ")}]}`;
}

/** NFD's order: feature, then name, then the expression as Go prints it. */
function sortMatchedExpressions(list: MatchedExpression[]): MatchedExpression[] {
  const keyed = list.map((m) => ({ m, s: goExpressionString(m.expression) }));
  keyed.sort((a, b) =>
    compareGoStrings(a.m.feature, b.m.feature) || compareGoStrings(a.m.name, b.m.name) || compareGoStrings(a.s, b.s)
  );
  return keyed.map((k) => k.m);
}

/**
 * Evaluating an NFD artifact on one node's features, with NFD's semantics
 * (v0.20 `nodefeaturerule.Execute` with failFast off, as `nfd compat
 * validate-node` runs it):
 *
 * - **term** `{feature, matchExpressions?, matchName?}`: false when the node
 *   lacks the feature. Each `matchExpressions` key must hold on the flags or
 *   on the attributes (`DoesNotExist` on both), or one instance must satisfy
 *   every expression. `matchName` (evaluated only while the terms so far
 *   hold) needs one element name to pass.
 * - **rule**: `(no matchAny || some element holds) && (no matchFeatures ||
 *   every term holds)`. Its `labels` and `vars` then join feature
 *   `rule.matched` for later rules, also of later sets (NFD's quirk: they join
 *   unless `matchFeatures` failed, so a failed matchAny-only rule's vars join too).
 * - **set** passes when all its rules pass; the image fits when some set passes.
 *
 * compspec adds one thing NFD does not have: a feature the node's data cannot
 * speak for is *unknown*, and so is every rule and set that depends on it
 * (NFD, which always has the live machine, would call it false).
 *
 * @module
 */
import { evaluateExpression, EvaluationError, type Expression, expressionText, type RawExpression } from "./expression.ts";
import { attributesOf, type FeatureData, type NodeFeatures } from "./features.ts";
import { compareGoStrings, goQuote } from "./go_text.ts";
import type { CompatibilitySet, NfdArtifact, Rule, Term } from "./nfd_artifact.ts";
import { versionAdvice } from "./nfd_lint.ts";
import { allOf, anyOf, errorVerdict, UNKNOWN_NAME, type NodeVerdict, nodeVerdict, type Reason, type SetVerdict, type Status } from "./verdict.ts";
import { pushAll } from "../util/array_ops.ts";

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

/** Options for {@linkcode evaluateNfd}. */
export interface NfdEvaluationOptions {
  /** Keep only sets whose tag is listed (`--tags`); untagged sets are dropped then. */
  tags?: readonly string[];
  /** Also build NFD's own per-rule results (for `--output-json`). */
  nfdStatus?: boolean;
}

/** The verdict, and NFD's own results when asked for. */
export interface NfdEvaluation {
  verdict: NodeVerdict;
  /** NFD's results (only with `nfdStatus`; absent when the node could not be evaluated). */
  status?: SetStatus[];
}

/** The part of a term NFD records as matched (`MatchedFeaturesTerms`). */
interface MatchedTerm {
  /** Lower-cased, as NFD records it. */
  feature: string;
  expressions?: Map<string, Expression>;
  matchName?: Expression;
}

/** The result of one list of terms (a `matchFeatures` or one `matchAny` element). */
interface SectionResult {
  /** NFD's answer (an unknown term counts as false). */
  isMatch: boolean;
  status: Status;
  matched: MatchedTerm[];
  reasons: Reason[];
}

type Lookup = (name: string) => { data?: FeatureData; unknown?: string };

const ABSENT = "absent";

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function termText(term: Term): string {
  const parts = (term.expressions ?? []).map(([n, e]) => `${n} ${expressionText(e.raw)}`);
  if (term.matchName) parts.push(`name ${expressionText(term.matchName.raw)}`);
  return parts.length > 0 ? parts.join(" and ") : "(the feature exists)";
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
function matchMulti(
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
function matchNames(e: Expression, data: FeatureData): { isMatch: boolean; names: number } {
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

/** NFD's `evaluateFeatureMatcher` over `terms`, plus compspec's unknowns and reasons. */
function evaluateTerms(rule: string, terms: readonly Term[], lookup: Lookup): SectionResult {
  let isMatch = true;
  // NFD carries this across terms: a term with only matchName is evaluated only while it is true.
  let isTermMatch = true;
  const statuses: Status[] = [];
  const matched: MatchedTerm[] = [];
  const reasons: Reason[] = [];
  for (const term of terms) {
    const { data, unknown } = lookup(term.lookup);
    if (!data) {
      isMatch = false;
      const why = unknown ?? term.unknownFeature;
      statuses.push(why ? "unknown" : "fail");
      reasons.push({
        status: why ? "unknown" : "fail",
        rule,
        feature: term.feature,
        key: "",
        expression: termText(term),
        found: [unknown ? "unknown" : why ? UNKNOWN_NAME : ABSENT],
        note: why ?? `the node has no feature ${term.lookup}`,
      });
      continue;
    }
    const record: MatchedTerm = { feature: term.lookup };
    const before = reasons.length;
    try {
      if (term.expressions) {
        const r = matchMulti(rule, term.feature, term.expressions, data, term.unknownNames);
        isTermMatch = r.isMatch;
        record.expressions = r.matched;
        pushAll(reasons, r.reasons);
      }
      if (isTermMatch && term.matchName) {
        const r = matchNames(term.matchName, data);
        isTermMatch = r.isMatch;
        if (r.isMatch) record.matchName = term.matchName;
        else {
          reasons.push({
            status: "fail",
            rule,
            feature: term.feature,
            key: "(name)",
            expression: expressionText(term.matchName.raw),
            found: [`none of ${r.names} name${r.names === 1 ? "" : "s"}`],
          });
        }
      }
    } catch (e) {
      if (e instanceof EvaluationError) {
        const hint = e.problem === "notVersion" ? `; ${versionAdvice(term.lookup)}` : "";
        throw new EvaluationError(`rule ${JSON.stringify(rule)}, ${term.feature}: ${e.message}${hint}`);
      }
      throw e;
    }
    if (record.matchName || (record.expressions && record.expressions.size > 0)) matched.push(record);
    if (!isTermMatch) isMatch = false;
    // A term that fails only on names no machine has cannot be answered: the artifact is wrong, not the node.
    const own = reasons.slice(before);
    statuses.push(isTermMatch ? "pass" : own.length > 0 && own.every((r) => r.status === "unknown") ? "unknown" : "fail");
  }
  return { isMatch, status: allOf(statuses), matched, reasons };
}

/** NFD's report for the expressions of `terms`, judged against what matched (`evaluateRuleStatus`). */
function reportTerms(terms: readonly Term[], matched: readonly MatchedTerm[]): MatchedExpression[] {
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

/** What `rule.matched` holds so far on a node, and whether an unknown result makes it unknowable. */
interface Backrefs {
  exists: boolean;
  values: Map<string, string>;
  unknown?: string;
}

function evaluateRule(
  rule: Rule,
  features: NodeFeatures,
  backrefs: Backrefs,
  wantStatus: boolean,
): { status: Status; reasons: Reason[]; nfd?: RuleStatus } {
  const lookup: Lookup = (name) => {
    if (name === "rule.matched") {
      if (!backrefs.exists) return {};
      if (backrefs.unknown) return { unknown: backrefs.unknown };
      return { data: { attributes: attributesOf(backrefs.values) } };
    }
    const data = features.get(name);
    return data ? { data } : { unknown: features.unknown(name) };
  };
  const any = rule.matchAny?.map((terms) => evaluateTerms(rule.name, terms, lookup));
  const feat = rule.matchFeatures ? evaluateTerms(rule.name, rule.matchFeatures, lookup) : undefined;
  const anyStatus = any ? anyOf(any.map((r) => r.status)) : "pass";
  const featStatus = feat ? feat.status : "pass";
  const isMatch = (!any || any.some((r) => r.isMatch)) && (!feat || feat.isMatch);
  const status = allOf([anyStatus, featStatus]);
  const reasons: Reason[] = [];
  if (anyStatus !== "pass" && any) {
    any.forEach((r, k) => {
      for (const x of r.reasons) reasons.push({ ...x, note: `matchAny alternative ${k + 1} of ${any.length}${x.note ? `: ${x.note}` : ""}` });
    });
  }
  if (featStatus !== "pass" && feat) pushAll(reasons, feat.reasons);

  if (!feat || feat.isMatch) for (const [k, v] of rule.backrefs) backrefs.values.set(k, v);
  backrefs.exists = true;
  if (feat && featStatus === "unknown" && rule.backrefs.length > 0) {
    backrefs.unknown ??= `it depends on rule ${JSON.stringify(rule.name)}, whose result is unknown`;
  }

  let nfd: RuleStatus | undefined;
  if (wantStatus) {
    nfd = { name: rule.name, isMatch };
    if (rule.matchFeatures) {
      const list = reportTerms(rule.matchFeatures, feat!.matched);
      if (list.length > 0) nfd.matchedExpressions = list;
    }
    if (rule.matchAny) {
      nfd.matchedAny = rule.matchAny.map((terms, k) => {
        const list = reportTerms(terms, any![k]!.matched);
        return list.length > 0 ? { matchedExpressions: list } : {};
      });
    }
  }
  return { status, reasons: reasons.filter((r) => r.status === status), nfd };
}

/** The sets `--tags` keeps (all without tags). */
export function selectSets(artifact: NfdArtifact, tags?: readonly string[]): readonly CompatibilitySet[] {
  return tags && tags.length > 0 ? artifact.sets.filter((s) => s.tag !== undefined && tags.includes(s.tag)) : artifact.sets;
}

/** Evaluate `artifact` on one node's `features`. Never throws for the node's data: an error becomes the verdict. */
export function evaluateNfd(
  artifact: NfdArtifact,
  hostname: string,
  features: NodeFeatures,
  opts: NfdEvaluationOptions = {},
): NfdEvaluation {
  const backrefs: Backrefs = { exists: false, values: new Map() };
  const sets: SetVerdict[] = [];
  const status: SetStatus[] = [];
  try {
    for (const set of selectSets(artifact, opts.tags)) {
      const rules = set.rules.map((rule) => evaluateRule(rule, features, backrefs, opts.nfdStatus ?? false));
      const s = allOf(rules.map((r) => r.status));
      sets.push({ index: set.index, status: s, reasons: rules.flatMap((r) => r.reasons.filter((x) => x.status === s)) });
      if (opts.nfdStatus) status.push({ set, rules: rules.map((r) => r.nfd!) });
    }
  } catch (e) {
    if (e instanceof EvaluationError) return { verdict: errorVerdict(hostname, e.message) };
    throw e;
  }
  const verdict = nodeVerdict(hostname, sets, artifact.sets.map((s) => s.weight));
  return opts.nfdStatus ? { verdict, status } : { verdict };
}

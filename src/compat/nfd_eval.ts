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
import { EvaluationError, expressionText } from "./expression.ts";
import { attributesOf, type FeatureData, type NodeFeatures } from "./features.ts";
import type { CompatibilitySet, NfdArtifact, Rule, Term } from "./nfd_artifact.ts";
import { ABSENT, matchMulti, matchNames } from "./nfd_match.ts";
import { type MatchedTerm, reportTerms, type RuleStatus, type SetStatus } from "./nfd_status.ts";
import { allOf, anyOf, errorVerdict, UNKNOWN_NAME, type NodeVerdict, nodeVerdict, type Reason, type SetVerdict, type Status } from "./verdict.ts";
import { versionAdvice } from "./nfd_lint.ts";
import { pushAll } from "../util/array_ops.ts";

export { goExpressionString, type MatchedExpression, type RuleStatus, type SetStatus } from "./nfd_status.ts";

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

/** The result of one list of terms (a `matchFeatures` or one `matchAny` element). */
interface SectionResult {
  /** NFD's answer (an unknown term counts as false). */
  isMatch: boolean;
  status: Status;
  matched: MatchedTerm[];
  reasons: Reason[];
}

type Lookup = (name: string) => { data?: FeatureData; unknown?: string };

function termText(term: Term): string {
  const parts = (term.expressions ?? []).map(([n, e]) => `${n} ${expressionText(e.raw)}`);
  if (term.matchName) parts.push(`name ${expressionText(term.matchName.raw)}`);
  return parts.length > 0 ? parts.join(" and ") : "(the feature exists)";
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

/**
 * An NFD artifact's requirements as rainbow `requires` entries over the
 * subsystems of subsystem_facts.ts. One compatibility set is translated (the
 * best-weighted, among those with `--tags` when given): rainbow has no "or",
 * so the other sets are alternatives it cannot weigh. Within the set, each
 * element expression becomes one entry on that element's subsystem:
 *
 * | expression | entry |
 * |---|---|
 * | `Exists` (or `matchName: In [E]`) | `field: nfd.S.T.E, match: present` |
 * | `In [v]`, `IsTrue`, `IsFalse` | `field: nfd.S.T.E.value, match: v` (`value-v` when v is no plain scalar) |
 * | `Gt` `Ge` `Lt` `Le` `GtLt` `GeLe` | `field: nfd.S.T.E.number` (`.version` with `type: version`), `min/max` (inclusive, `MAJOR.MINOR.PATCH`) |
 *
 * Exclusive bounds become inclusive ones on whole-number versions: `> 5.4.0` is
 * `>= 5.4.1`, `< 5.4.0` is `<= 5.3.999999999` (as NFD compares only MAJOR,
 * MINOR and PATCH, this is exact for any PATCH below 10⁹); an integer `n` is
 * the version `n.0.0`. What cannot be written so is returned as unchecked,
 * with why: `NotIn`, `DoesNotExist`, `InRegexp`, `In` with several values, a
 * `matchAny` of several alternatives, rules over instances (`pci.device`) or
 * over `rule.matched`, feature sets `--labels` leaves out, negative numbers.
 *
 * @module
 */
import type { Expression } from "../compat/expression.ts";
import { featureKind, splitFeature } from "../compat/features.ts";
import { isLabelled } from "../compat/labels.ts";
import type { CompatibilitySet, NfdArtifact, Term } from "../compat/nfd_artifact.ts";
import { selectSets } from "../compat/nfd_eval.ts";
import { parseSemver, plainValue, type Semver, semverText } from "./plain_scalar.ts";
import { type Requirement, RequirementSet, type Translation } from "./requirement.ts";
import { INSTANCE_IDENTITY, instanceFact, nfdField, nfdSubsystem, PRESENT } from "./subsystem_facts.ts";

/** Largest MINOR/PATCH written for "just below" a bound. */
const BELOW = 999999999;

/** The best-weighted set among `sets` (the first of equal weight), as NFD prefers. */
export function bestSet(sets: readonly CompatibilitySet[]): CompatibilitySet | undefined {
  let best: CompatibilitySet | undefined;
  for (const s of sets) if (best === undefined || s.weight > best.weight) best = s;
  return best;
}

/** The least version above `v` (an integer `n` is `n.0.0`, and the next integer `n+1.0.0`). */
function above(v: Semver, integer: boolean): Semver {
  return integer ? [v[0] + 1, 0, 0] : [v[0], v[1], v[2] + 1];
}

/** The greatest version below `v`, or `undefined` below 0.0.0. */
function below(v: Semver, integer: boolean): Semver | undefined {
  if (integer) return v[0] > 0 ? [v[0] - 1, 0, 0] : undefined;
  if (v[2] > 0) return [v[0], v[1], v[2] - 1];
  if (v[1] > 0) return [v[0], v[1] - 1, BELOW];
  if (v[0] > 0) return [v[0] - 1, BELOW, BELOW];
  return undefined;
}

/** The operands of a comparison as versions, or why they cannot be. */
function operands(x: Expression): Semver[] | string {
  const out: Semver[] = [];
  for (const text of x.values) {
    if (!x.version && text.trim().startsWith("-")) return `negative number ${text}: rainbow compares versions, which are never negative`;
    const v = parseSemver(text.trim().replace(/^\+/, ""));
    if (v === undefined) return `operand ${JSON.stringify(text)} is no version rainbow can compare`;
    out.push(v);
  }
  return out;
}

/** The entry for a comparison on `field`, or why there is none. */
function rangeOf(name: string, field: string, x: Expression): Requirement | string {
  const ops = operands(x);
  if (typeof ops === "string") return ops;
  let min: Semver | undefined;
  let max: Semver | undefined;
  switch (x.op) {
    case "Ge": min = ops[0]; break;
    case "Gt": min = above(ops[0]!, !x.version); break;
    case "Le": max = ops[0]; break;
    case "Lt": max = below(ops[0]!, !x.version); if (max === undefined) return "nothing is below 0.0.0"; break;
    case "GeLe": [min, max] = [ops[0], ops[1]]; break;
    case "GtLt": min = above(ops[0]!, !x.version); max = below(ops[1]!, !x.version); if (max === undefined) return "nothing is below 0.0.0"; break;
  }
  return { name, field: `${field}.${x.version ? "version" : "number"}`, ...(min ? { min: semverText(min) } : {}), ...(max ? { max: semverText(max) } : {}) };
}

/** The entry for element `element` of feature `feature` under expression `x`; `undefined` for "always true"; a string: why not. */
function elementRequirement(feature: string, element: string, x: Expression): Requirement | string | undefined {
  const name = nfdSubsystem(feature, element);
  if (name === undefined) return `element name ${JSON.stringify(element)} cannot be part of a subsystem name`;
  const field = nfdField(feature, element);
  const flags = featureKind(feature) === "flags";
  switch (x.op) {
    case "":
      return undefined;
    case "Exists":
      return { name, field, match: PRESENT };
    case "In": {
      if (x.values.length > 1) return `In with ${x.values.length} values is an "or", which rainbow has not`;
      if (flags) return "In on a flag never holds in NFD";
      const v = plainValue(x.values[0]!);
      return v === undefined ? `value ${JSON.stringify(x.values[0])} cannot be written as a plain YAML scalar` : { name, field: `${field}.value`, match: v };
    }
    case "IsTrue":
    case "IsFalse":
      if (flags) return `${x.op} on a flag never holds in NFD`;
      return { name, field: `${field}.value`, match: plainValue(x.op === "IsTrue" ? "true" : "false")! };
    case "Gt": case "Ge": case "Lt": case "Le": case "GtLt": case "GeLe":
      if (flags) return `${x.op} on a flag never holds in NFD`;
      return rangeOf(name, field, x);
    case "NotIn":
    case "DoesNotExist":
      return `${x.op} asks for an absence, and rainbow only matches values that are there`;
    case "InRegexp":
      return "rainbow matches exact values, not regular expressions";
  }
}

/** How an expression reads in a message: `cpu.cpuid AVX512F Exists`. */
function describe(feature: string, element: string, x: Expression): string {
  return `${feature} ${element} ${x.op || "(no op)"}${x.values.length > 0 ? ` [${x.values.join(", ")}]` : ""}${x.version ? " (version)" : ""}`;
}

/**
 * A term over devices: "some device has class C and vendor V" is one presence
 * fact when every expression is `In` with one value on the device's class,
 * device or vendor (see `instanceFact`).
 */
function addInstanceTerm(term: Term, where: string, out: RequirementSet): void {
  const identity = INSTANCE_IDENTITY[term.lookup];
  const exprs = term.expressions ?? [];
  const exact = identity !== undefined && term.matchName === undefined && exprs.length > 0 &&
    exprs.every(([el, x]) => identity.includes(el) && x.op === "In" && x.values.length === 1);
  const what = `${where} ${exprs.map(([el, x]) => `${el} ${x.op} [${x.values.join(", ")}]`).join(", ")}`.trimEnd();
  const fact = exact ? instanceFact(term.lookup, exprs.map(([el, x]) => [el, x.values[0]!] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1))) : undefined;
  if (fact === undefined) {
    const which = identity === undefined ? "" : ` (only In with one value on ${identity.join(", ")} can be)`;
    return out.skip(what, `a rule over instances of ${term.lookup} that rainbow's one-value-per-field subsystems cannot express${which}`);
  }
  out.add({ name: fact.name, field: fact.field, match: PRESENT }, what);
}

/** Add the entries of one term. */
function addTerm(term: Term, rule: string, out: RequirementSet): void {
  const where = `rule ${JSON.stringify(rule)}: ${term.feature}`;
  const split = splitFeature(term.lookup);
  if (term.lookup === "rule.matched") return out.skip(where, "a back-reference to other rules' results, which rainbow cannot see");
  if (split === undefined) return out.skip(where, "not a feature compspec knows");
  const kind = featureKind(term.lookup);
  if (kind === "instances") return addInstanceTerm(term, where, out);
  if (!isLabelled(split[0], split[1])) return out.skip(where, `compspec's subsystems do not carry ${term.lookup} (too large for --labels)`);
  if (term.matchName !== undefined) {
    const x = term.matchName;
    if (x.op === "In" && x.values.length === 1) {
      const r = elementRequirement(term.lookup, x.values[0]!, { ...x, op: "Exists", values: [] });
      if (typeof r === "string") out.skip(`${where} matchName In [${x.values[0]}]`, r);
      else if (r !== undefined) out.add(r, `${where} matchName In [${x.values[0]}]`);
    } else if (x.op !== "") {
      out.skip(`${where} matchName ${x.op} [${x.values.join(", ")}]`, "only matchName In with one name (that element must exist) can be checked");
    }
  }
  if (term.expressions === undefined && term.matchName === undefined) return out.skip(where, "a term with neither matchExpressions nor matchName");
  for (const [element, x] of term.expressions ?? []) {
    const what = `rule ${JSON.stringify(rule)}: ${describe(term.lookup, element, x)}`;
    const r = elementRequirement(term.lookup, element, x);
    if (typeof r === "string") out.skip(what, r);
    else if (r !== undefined) out.add(r, what);
  }
}

/** The requirements of an NFD artifact's chosen set (`tags`: only sets with one of these tags). */
export function nfdRequirements(artifact: NfdArtifact, tags?: readonly string[]): Translation {
  const out = new RequirementSet();
  const sets = selectSets(artifact, tags);
  const set = bestSet(sets);
  if (set === undefined) return { requires: [], unchecked: [] };
  for (const other of sets) {
    if (other !== set) out.skip(`compatibility set ${other.index}${other.tag ? ` (tag ${other.tag})` : ""}`, `an alternative to set ${set.index}; rainbow has no "or", so only the best-weighted set is asked for`);
  }
  for (const rule of set.rules) {
    for (const term of rule.matchFeatures ?? []) addTerm(term, rule.name, out);
    if (rule.matchAny === undefined) continue;
    if (rule.matchAny.length === 1) for (const term of rule.matchAny[0]!) addTerm(term, rule.name, out);
    else out.skip(`rule ${JSON.stringify(rule.name)}: matchAny`, `${rule.matchAny.length} alternatives are an "or", which rainbow has not`);
  }
  const chosen = `compatibility set ${set.index}${set.tag ? ` (tag ${set.tag})` : ""}${set.description ? `: ${set.description}` : ""}`;
  return { requires: out.requirements(), unchecked: out.unchecked, chosen };
}

/**
 * Requirements in an NFD artifact that are valid but cannot mean what their
 * author meant, found when the artifact is read: an element name no machine
 * has (`AVX512`, `avx512f`), and a value operator on a flag (`AVX512F: {op:
 * In, value: ["true"]}`), which NFD answers "false" on every node. Each gets a
 * note (a warning); an unknown name also changes the verdict to "unknown name".
 * And, for a value NFD's `type: version` cannot read, how to write the rule.
 *
 * @module
 */
import type { Expression } from "./expression.ts";
import { unknownElementText } from "./feature_names.ts";
import { featureKind } from "./features.ts";

/** Attribute elements of flag features (`cpu.cpuid` also holds `AVX10_VERSION`). */
const FLAG_FEATURE_ATTRIBUTES: ReadonlyMap<string, readonly string[]> = new Map([["cpu.cpuid", ["AVX10_VERSION"]]]);

/** Operators that hold on a flag (`""` always holds). */
const FLAG_OPERATORS: ReadonlySet<string> = new Set(["", "Exists", "DoesNotExist"]);

/** Whether element `name` of feature `feature` (lower case) is a flag: present or not, without a value. */
function isFlag(feature: string, name: string): boolean {
  if (feature === "fake.flag") return true;
  return featureKind(feature) === "flags" && !(FLAG_FEATURE_ATTRIBUTES.get(feature) ?? []).includes(name);
}

/** What a value operator on a flag should have been. */
function flagAdvice(e: Expression): string {
  const instead = e.op === "NotIn" || e.op === "IsFalse" ? "DoesNotExist" : "Exists";
  return `op ${e.op} can never hold here: a flag has no value, only presence (NFD answers false on every node); use {op: ${instead}}`;
}

/** The notes for the expressions of one term (by element name), and the names no machine has (with why). */
export function lintExpressions(
  feature: string,
  expressions: readonly (readonly [string, Expression])[],
): { notes: [string, string][]; unknownNames: Map<string, string> } {
  const notes: [string, string][] = [];
  const unknownNames = new Map<string, string>();
  for (const [name, e] of expressions) {
    const unknown = unknownElementText(feature, name);
    if (unknown !== undefined) {
      unknownNames.set(name, unknown);
      notes.push([name, `${unknown}; a set that needs it is reported as "unknown name", not as failing`]);
    } else if (isFlag(feature, name) && !FLAG_OPERATORS.has(e.op)) {
      notes.push([name, `${feature} ${name} is a flag; ${flagAdvice(e)}`]);
    }
  }
  return { notes, unknownNames };
}

/**
 * How to write a version rule NFD can evaluate on a value its loose semver
 * refuses (RHEL/Rocky kernels: `5.14.0-427.13.1.el9_4.x86_64` has a `_`).
 */
export function versionAdvice(feature: string): string {
  if (feature === "kernel.version") {
    return "NFD's type: version cannot read this kernel release (RHEL and Rocky kernels have \"_\" in it): " +
      "compare major and minor as integers instead (kernel ≥ 5.14: matchAny of {major: {op: Gt, value: [\"5\"]}} " +
      "and {major: {op: In, value: [\"5\"]}, minor: {op: Ge, value: [\"14\"]}}), or match full with InRegexp; see docs/compat.md";
  }
  return "NFD's type: version reads only versions like 1.2.3 or v1.2.3-rc1: compare the parts as integers instead, or match the value with InRegexp";
}

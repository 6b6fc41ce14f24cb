/**
 * Requirements in an NFD artifact that are valid but cannot mean what their
 * author meant, found when the artifact is read: an element name no machine
 * has (`AVX512`, `avx512f`), and a value operator on a flag (`AVX512F: {op:
 * In, value: ["true"]}`), which NFD answers "false" on every node. Each gets a
 * note (a warning); an unknown name also changes the verdict to "unknown name".
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

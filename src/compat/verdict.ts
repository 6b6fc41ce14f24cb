/**
 * What `check` concludes for one node: for each compatibility set, whether it
 * passes, fails, or cannot be told, with the reasons; and for the node, whether
 * the image can run there and with which set. Both artifact kinds end here.
 *
 * @module
 */

/**
 * `pass` / `fail`: decided. `unknown`: the node's data cannot say (a section
 * was not extracted, a graph without the feature, a name archspec does not
 * know). `error`: NFD would stop (a value that is not a number for `Gt`).
 */
export type Status = "pass" | "fail" | "unknown" | "error";

/** Why a rule (or attribute) did not pass on a node. */
export interface Reason {
  /** `fail` or `unknown`. */
  status: "fail" | "unknown";
  /** The rule's name (NFD), or the namespace (`org.supercontainers`) of an attribute artifact. */
  rule: string;
  /** The NFD feature as written (`cpu.cpuid`), or the attribute's full name. */
  feature: string;
  /** The element (`AVX512F`), `(name)` for a matchName, "" for the whole term or attribute. */
  key: string;
  /** The requirement in words: `Exists`, `In [Intel, AMD]`, `= mpich`, `archspec ≥ haswell`. */
  expression: string;
  /** What the node has there, one entry per value: `absent`, `present`, a value, or the values of its instances. */
  found: string[];
  /** Anything more: why it is unknown, or why no one instance satisfies all. */
  note?: string;
}

/**
 * `found` of a requirement on an element name no machine has (a misspelt
 * flag): its status is `unknown`, since "absent" would only echo the typo.
 */
export const UNKNOWN_NAME = "unknown name";

/** One compatibility set on one node. */
export interface SetVerdict {
  /** The set's position in the artifact, from 0. */
  index: number;
  status: Status;
  /** Failing or unknown requirements (empty when it passes). */
  reasons: Reason[];
}

/** Everything `check` concludes for one node. */
export interface NodeVerdict {
  hostname: string;
  /** `pass` when some set passes; else `error`, `unknown` or `fail`, in that order. */
  status: Status;
  /** Index of the preferred passing set: highest weight, first on a tie. */
  best?: number;
  /** The sets evaluated (after `--tags`), in artifact order. */
  sets: SetVerdict[];
  /** Why the node could not be evaluated (`status` is then `error`). */
  error?: string;
}

/** Parts combined: `decides` wins over unknown, unknown over `otherwise`; an error wins over all. */
function combine(statuses: Iterable<Status>, decides: "pass" | "fail", otherwise: "pass" | "fail"): Status {
  let out: Status = otherwise;
  for (const s of statuses) {
    if (s === "error") return "error";
    if (s === decides) out = decides;
    else if (s === "unknown" && out === otherwise) out = "unknown";
  }
  return out;
}

/** The status of an AND of parts: a failure decides; else an unknown part makes it unknown. */
export function allOf(statuses: Iterable<Status>): Status {
  return combine(statuses, "fail", "pass");
}

/** The status of an OR of parts: a pass decides; else an unknown part makes it unknown. */
export function anyOf(statuses: Iterable<Status>): Status {
  return combine(statuses, "pass", "fail");
}

/**
 * The node's verdict from its sets' verdicts: `weights[i]` is set `i`'s weight.
 * The best set is the passing set of highest weight (the first on a tie).
 */
export function nodeVerdict(hostname: string, sets: SetVerdict[], weights: readonly number[]): NodeVerdict {
  let best: number | undefined;
  for (const s of sets) {
    if (s.status === "pass" && (best === undefined || weights[s.index]! > weights[best]!)) best = s.index;
  }
  const status: Status = best !== undefined
    ? "pass"
    : sets.some((s) => s.status === "error")
    ? "error"
    : sets.some((s) => s.status === "unknown")
    ? "unknown"
    : "fail";
  return { hostname, status, ...(best === undefined ? {} : { best }), sets };
}

/** A node that could not be evaluated at all. */
export function errorVerdict(hostname: string, message: string): NodeVerdict {
  return { hostname, status: "error", sets: [], error: message };
}

/**
 * Whether some set of `v` is unknown only through names no machine has
 * ({@linkcode UNKNOWN_NAME}): the artifact, not the node, needs fixing.
 */
export function unknownNamesOnly(v: NodeVerdict): boolean {
  return v.sets.some((s) => s.status === "unknown" && s.reasons.length > 0 && s.reasons.every((r) => r.found.length === 1 && r.found[0] === UNKNOWN_NAME));
}

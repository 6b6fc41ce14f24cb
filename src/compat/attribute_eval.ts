/**
 * Evaluating a compspec attribute artifact on one node: every attribute is a
 * requirement on the node attribute of the same name (the vocabulary `create
 * nodes` puts on node vertices), by exact string equality as compspec-go's
 * `match` does — except `io.archspec.cpu.target`, which follows archspec's
 * order. The artifact is one compatibility set; each namespace is a rule.
 *
 * @module
 */
import type { AttributeArtifact } from "./attribute_artifact.ts";
import { archspecSatisfies } from "./archspec_order.ts";
import { allOf, nodeVerdict, type NodeVerdict, type Reason, type Status } from "./verdict.ts";
import { ATTR } from "../node/vocabulary.ts";

/** The attribute that names the CPU target an image is built for. */
export const TARGET_KEY = ATTR.cpuTarget;

/** What the evaluation needs to know about a node's attributes. */
export interface NodeAttributes {
  /** The attribute's value, or `undefined` when the node has none. */
  get(key: string): string | undefined;
  /** Why the node's data cannot say what attribute `key` is, or `undefined` when its absence is a fact. */
  unknown(key: string): string | undefined;
}

/** Evaluate `artifact` on a node. */
export function evaluateAttributes(artifact: AttributeArtifact, hostname: string, attrs: NodeAttributes): NodeVerdict {
  const statuses: Status[] = [];
  const reasons: Reason[] = [];
  for (const req of artifact.requirements) {
    // An empty value is what compspec-go writes when it could not extract one: no requirement stated.
    if (req.value === "") continue;
    const archspec = req.key === TARGET_KEY;
    const expression = archspec ? `>= ${req.value} (archspec)` : `= ${req.value}`;
    const base = { rule: req.namespace, feature: req.key, key: "", expression };
    const have = attrs.get(req.key);
    if (have === undefined) {
      const why = attrs.unknown(req.key);
      statuses.push(why ? "unknown" : "fail");
      reasons.push(why ? { ...base, status: "unknown", found: ["unknown"], note: why } : { ...base, status: "fail", found: ["absent"] });
      continue;
    }
    if (archspec) {
      const answer = archspecSatisfies(req.value, have, attrs.get(ATTR.cpuTargetAncestors));
      statuses.push(answer.status);
      if (answer.status !== "pass") reasons.push({ ...base, status: answer.status, found: [have], ...(answer.note ? { note: answer.note } : {}) });
      continue;
    }
    const ok = have === req.value;
    statuses.push(ok ? "pass" : "fail");
    if (!ok) reasons.push({ ...base, status: "fail", found: [have === "" ? '""' : have] });
  }
  const status = allOf(statuses);
  return nodeVerdict(hostname, [{ index: 0, status, reasons: reasons.filter((r) => r.status === status) }], [0]);
}

/**
 * The text and JSON views of a {@linkcode ClusterDiff}. Added and removed
 * nodes are summarized as `describe` groups them; changed nodes are listed
 * by identical change. The JSON Schema (schema/diff.schema.json) is generated
 * from {@linkcode DiffJsonSchema}. Pure.
 *
 * @module
 */
import * as v from "valibot";
import { compressHostlist } from "../util/hostlist.ts";
import { changeHostlist, changeText, type ClusterDiff, DIFF_FIELDS, hasChanges } from "./diff.ts";
import { describeCluster } from "./groups.ts";
import { countOf, withCommas } from "../util/plural.ts";
import type { NodeSummary } from "./node_summary.ts";
import { escapeControl as esc } from "../util/escape_control.ts";

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Nodes added or removed, by group of identical nodes. */
const NodeSetSchema = v.strictObject({
  hostlist: v.string(),
  count: Count,
  /** The group in words (CPU layout, memory, GPUs, OS). */
  text: v.string(),
});

/** `compspec diff --json`. */
export const DiffJsonSchema = v.strictObject({
  /** Whether anything changed (the exit code is 1 then). */
  changed: v.boolean(),
  /** Where the old and new nodes came from. */
  old: v.string(),
  new: v.string(),
  /** Node counts before and after. */
  before: Count,
  after: Count,
  added: v.array(NodeSetSchema),
  removed: v.array(NodeSetSchema),
  /** Nodes that changed the same way, largest group first. */
  changes: v.array(v.strictObject({
    hostlist: v.string(),
    count: Count,
    changes: v.array(v.strictObject({
      field: v.picklist(DIFF_FIELDS),
      old: v.string(),
      new: v.string(),
      /** E.g. `−23 GiB`, `CPUs 17,81 offline`, `missing: 0000:65:00.0`; empty when nothing to add. */
      detail: v.string(),
      text: v.string(),
    })),
  })),
  /** Nodes in both sets that did not change. */
  unchanged: Count,
});

/** `compspec diff --json`. */
export type DiffJson = v.InferOutput<typeof DiffJsonSchema>;


/** Added or removed nodes as describe groups them. */
function nodeSets(nodes: readonly NodeSummary[]): DiffJson["added"] {
  if (nodes.length === 0) return [];
  return describeCluster(nodes).groups.map((g) => ({
    hostlist: g.hostlist,
    count: g.nodes.length,
    text: `${g.labels.cpus}, ${g.labels.memory}, GPUs: ${g.labels.gpus}, ${g.labels.os}`,
  }));
}

/** The JSON document of a diff. */
export function diffJson(d: ClusterDiff, oldSource: string, newSource: string): DiffJson {
  return {
    changed: hasChanges(d),
    old: oldSource,
    new: newSource,
    before: d.before,
    after: d.after,
    added: nodeSets(d.added),
    removed: nodeSets(d.removed),
    changes: d.changed.map((g) => ({
      hostlist: changeHostlist(g),
      count: g.hostnames.length,
      changes: g.changes.map((c) => ({ ...c, text: changeText(c) })),
    })),
    unchanged: d.unchanged,
  };
}

/** The text view of a diff. */
export function diffText(d: ClusterDiff, oldSource: string, newSource: string): string {
  // Every field from node files is shown with its control characters escaped (#21): esc().
  const changedNodes = d.changed.reduce((s, g) => s + g.hostnames.length, 0);
  const lines = [`old: ${esc(oldSource)} (${countOf(d.before, "node")})`, `new: ${esc(newSource)} (${countOf(d.after, "node")})`];
  if (!hasChanges(d)) {
    lines.push(`no change: the same ${countOf(d.unchanged, "node")}`, "");
    return lines.join("\n");
  }
  lines.push(
    `${withCommas(d.added.length)} added, ${withCommas(d.removed.length)} removed, ${withCommas(changedNodes)} changed, ${
      withCommas(d.unchanged)
    } unchanged`,
    "",
  );
  for (const [title, nodes] of [["added", d.added], ["removed", d.removed]] as const) {
    if (nodes.length === 0) continue;
    lines.push(`${title}: ${esc(compressHostlist(nodes.map((n) => n.hostname)))}`);
    for (const s of nodeSets(nodes)) lines.push(`  ${esc(s.hostlist)}  (${countOf(s.count, "node")})  ${esc(s.text)}`);
    lines.push("");
  }
  if (d.changed.length > 0) {
    lines.push("changed:");
    for (const g of d.changed) {
      lines.push(`  ${esc(changeHostlist(g))}  (${countOf(g.hostnames.length, "node")})`);
      for (const c of g.changes) lines.push(`    ${esc(changeText(c))}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

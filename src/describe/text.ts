/**
 * The text and Markdown views of a described cluster: one block (or table
 * row) per group of identical nodes with its hostlist, the totals, and the
 * outliers. Pure.
 *
 * @module
 */
import { type ClusterDescription, describeGpus, FIELD_NAMES, type NodeGroup, type Outlier } from "./groups.ts";
import { formatMemory, mib } from "./memory.ts";
import { countOf, withCommas } from "../util/plural.ts";
import { compressHostlist } from "../util/hostlist.ts";
import { compareHostnames } from "../node/hostname.ts";
import { escapeControl as esc } from "../util/escape_control.ts";
import { maxOf } from "../util/array_ops.ts";


/** Distinct values of `pick` over the group's nodes with counts, most common first. */
function spread(group: NodeGroup, pick: (n: NodeGroup["nodes"][number]) => string | undefined): [string, number][] {
  const counts = new Map<string, number>();
  for (const n of group.nodes) {
    const v = pick(n);
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** A fact that need not agree within a group (kernel, architecture): the value, or the values with counts. */
function varying(values: [string, number][]): string | undefined {
  if (values.length === 0) return undefined;
  if (values.length === 1) return values[0]![0];
  const shown = values.slice(0, 3).map(([v, n]) => `${v} (${withCommas(n)})`).join(", ");
  return `${values.length} different: ${shown}${values.length > 3 ? ", …" : ""}`;
}

/** The CPU line: model, architecture, archspec target. */
export function cpuLine(group: NodeGroup): string {
  const arch = varying(spread(group, (n) => n.arch));
  const parts = [group.labels.cpu];
  if (arch !== undefined) parts.push(arch);
  // compspec-go's files put the Go architecture name where archspec's target goes: not worth repeating.
  if (group.key.target !== "" && group.nodes[0]!.exact) parts.push(`archspec ${group.labels.target}`);
  return parts.join(", ");
}

/** The memory line: rounded down, with the exact MiB (Slurm's RealMemory) of the smallest and largest node. */
function memoryLine(group: NodeGroup): string {
  if (group.memoryKib <= 0) return group.labels.memory;
  const largest = maxOf(group.nodes.map((n) => n.memoryKib));
  const range = mib(largest) === mib(group.memoryKib) ? withCommas(mib(largest)) : `${withCommas(mib(group.memoryKib))}–${withCommas(mib(largest))}`;
  return `${group.labels.memory} (${range} MiB)`;
}

/** The totals in one line. */
export function totalsLine(d: ClusterDescription): string {
  const t = d.totals;
  const gpus = t.gpus.reduce((s, [, n]) => s + n, 0);
  return [
    countOf(t.sockets, "socket"),
    countOf(t.cores, "core"),
    countOf(t.pus, "PU"),
    `${formatMemory(t.memoryKib)} memory`,
    gpus === 0 ? "no GPUs" : `${countOf(gpus, "GPU")} (${describeGpus(t.gpus)})`,
  ].join(", ");
}

/** An outlier in words: `memory 480 GiB, where gpu[001-128] (127 nodes) have 503 GiB`. */
export function outlierText(d: ClusterDescription, o: Outlier): string {
  const g = d.groups[o.group]!;
  const like = d.groups[o.like]!;
  return `${FIELD_NAMES[o.field]} ${g.labels[o.field]}, where ${like.hostlist} (${countOf(like.nodes.length, "node")}) ${
    like.nodes.length === 1 ? "has" : "have"
  } ${like.labels[o.field]}`;
}

/** `130 nodes in 3 groups (source)`; `1 node (source)`. */
export function header(d: ClusterDescription, source: string | undefined): string {
  const what = d.totals.nodes === 1 ? "1 node" : `${countOf(d.totals.nodes, "node")} in ${countOf(d.groups.length, "group")}`;
  return `${what}${source ? ` (${source})` : ""}`;
}

/** The text view. `source` says where the nodes came from (`/shared/cluster`, `this machine`). */
export function describeText(d: ClusterDescription, source?: string): string {
  // Every field from node files is shown with its control characters escaped (#21): esc().
  const lines = [esc(header(d, source))];
  if (d.totals.nodes > 1) lines.push(`  total: ${esc(totalsLine(d))}`);
  lines.push("");
  for (const g of d.groups) {
    lines.push(`${esc(g.hostlist)}  (${countOf(g.nodes.length, "node")})`);
    const rows: [string, string | undefined][] = [
      ["cpu", cpuLine(g)],
      ["layout", g.labels.cpus],
      ["numa", g.labels.numa],
      ["memory", memoryLine(g)],
      ["gpus", g.labels.gpus],
      ["os", g.labels.os],
      ["kernel", varying(spread(g, (n) => n.kernel))],
      ["mpi", g.labels.mpi],
    ];
    for (const [name, value] of rows) if (value !== undefined) lines.push(`  ${name.padEnd(8)}${esc(value)}`);
    lines.push("");
  }
  if (d.outliers.length > 0) {
    lines.push("outliers (nodes that differ from a larger group in one value only)");
    const width = Math.min(32, maxOf(d.outliers.map((o) => d.groups[o.group]!.hostlist.length)));
    for (const o of d.outliers) lines.push(`  ${esc(d.groups[o.group]!.hostlist.padEnd(width))}  ${esc(outlierText(d, o))}`);
    lines.push("");
  }
  const incomplete = incompleteNodes(d);
  if (incomplete.length > 0) {
    lines.push("incomplete (sections extract could not read: what they would say is unknown)");
    for (const [hosts, failed] of incomplete) lines.push(`  ${hosts}  ${failed}`);
    lines.push("");
  }
  return lines.join("\n");
}

/** Nodes whose files name sections extract could not read, as `[hostlist, sections]`, grouped by sections. */
export function incompleteNodes(d: ClusterDescription): [string, string][] {
  const byFailed = new Map<string, string[]>();
  for (const g of d.groups) {
    for (const n of g.nodes) {
      if (n.failed === undefined) continue;
      const list = byFailed.get(n.failed);
      if (list) list.push(n.hostname);
      else byFailed.set(n.failed, [n.hostname]);
    }
  }
  return [...byFailed].map(([failed, hosts]) => [compressHostlist(hosts.sort(compareHostnames)), failed]);
}

/** Text safe inside a Markdown table cell (control characters escaped, #21). */
function cell(text: string): string {
  return esc(text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " "));
}

/** The Markdown view: a table of groups, the totals, the outliers. */
export function describeMarkdown(d: ClusterDescription, source?: string): string {
  const lines = [`# ${esc(header(d, source))}`, "", `**Total:** ${esc(totalsLine(d))}`, ""];
  lines.push("| nodes | count | CPU | layout | NUMA | memory | GPUs | OS | kernel | MPI |");
  lines.push("|---|---:|---|---|---|---:|---|---|---|---|");
  for (const g of d.groups) {
    const row = [
      `\`${g.hostlist}\``,
      withCommas(g.nodes.length),
      cpuLine(g),
      g.labels.cpus,
      g.labels.numa,
      g.labels.memory,
      g.labels.gpus,
      g.labels.os,
      varying(spread(g, (n) => n.kernel)) ?? "",
      g.labels.mpi,
    ];
    lines.push(`| ${row.map((c, i) => (i === 0 ? esc(c.replace(/\|/g, "\\|")) : cell(c))).join(" | ")} |`);
  }
  lines.push("");
  if (d.outliers.length > 0) {
    lines.push("## Outliers", "", "Nodes that differ from a larger group in one value only:", "");
    for (const o of d.outliers) lines.push(`- \`${d.groups[o.group]!.hostlist}\`: ${cell(outlierText(d, o))}`);
    lines.push("");
  }
  return lines.join("\n");
}

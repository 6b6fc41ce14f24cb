/**
 * Nodes → groups of identical nodes, totals and outliers: what every view of
 * `describe` (text, Markdown, JSON, SVG, Slurm, Flux) is drawn from. Pure.
 *
 * Two nodes are in one group when they agree on every {@linkcode GROUP_FIELDS}
 * value: CPU model, archspec target, CPU shape (sockets × cores × threads),
 * NUMA layout, memory (the same size within the tolerance of memory.ts), GPUs
 * by model and count, OS and MPI. A group is described by what all its nodes
 * have at least (its smallest memory).
 *
 * @module
 */
import { compareHostnames } from "../node/hostname.ts";
import { compressHostlist } from "../util/hostlist.ts";
import { describeCpuShape, describeNuma, layoutShape, type LayoutShape } from "./layout.ts";
import { formatMemory, memoryClasses } from "./memory.ts";
import type { NodeSummary } from "./node_summary.ts";
import { minOf, pushAll } from "../util/array_ops.ts";

/** The values nodes are grouped on, in the order they are shown. */
export const GROUP_FIELDS = ["cpu", "target", "cpus", "numa", "memory", "gpus", "os", "mpi"] as const;

/** One of {@linkcode GROUP_FIELDS}. */
export type GroupField = typeof GROUP_FIELDS[number];

/** What people call each fact about a node (the group fields, and what `diff` also compares). */
export const FIELD_NAMES: Record<GroupField | "arch" | "kernel", string> = {
  cpu: "CPU",
  arch: "architecture",
  target: "archspec target",
  cpus: "CPU layout",
  numa: "NUMA",
  memory: "memory",
  gpus: "GPUs",
  os: "OS",
  kernel: "kernel",
  mpi: "MPI",
};

/**
 * Merge items that are the same but for their hosts (groups that give the same
 * Slurm line or Flux table), keeping the first of each and its hostnames in
 * natural order.
 */
export function mergeByKey<T extends { hostnames: string[] }>(items: Iterable<T>, key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const known = byKey.get(k);
    if (known) pushAll(known.hostnames, item.hostnames);
    else byKey.set(k, item);
  }
  const merged = [...byKey.values()];
  for (const m of merged) m.hostnames.sort(compareHostnames);
  return merged;
}

/** GPU models with their counts, most first: `[["NVIDIA H100", 4]]`. */
export function gpuCounts(gpus: readonly { model: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const g of gpus) counts.set(g.model, (counts.get(g.model) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** GPUs in words: `4 × NVIDIA H100 80GB HBM3`, `none`. */
export function describeGpus(counts: readonly [string, number][]): string {
  return counts.length === 0 ? "none" : counts.map(([m, n]) => `${n} × ${m}`).join(" + ");
}

/** The CPU in words: model and vendor. */
export function describeCpu(node: NodeSummary): string {
  if (node.model === undefined) return node.vendor ?? "unknown";
  return node.vendor === undefined || node.model.includes(node.vendor) ? node.model : `${node.model} (${node.vendor})`;
}

/** The NUMA node ids the layout's CPUs are on. */
function numaWithCpus(node: NodeSummary): Set<number> {
  const ids = new Set<number>();
  for (const socket of node.layout.split("|")) {
    for (const d of socket.split(";")) {
      const id = d.slice(0, d.indexOf(":"));
      if (id !== "?") ids.add(Number(id));
    }
  }
  return ids;
}

/** NUMA nodes holding no CPU of the layout (memory-only: CXL, HBM …). */
export function numaWithoutCpus(node: NodeSummary): number {
  const withCpus = numaWithCpus(node);
  return node.numa.filter((n) => !withCpus.has(n.id)).length;
}

/** NUMA nodes of a node: those with memory and those with CPUs (a file may lack meminfo). */
export function numaCount(node: NodeSummary): number {
  const ids = numaWithCpus(node);
  for (const n of node.numa) ids.add(n.id);
  return ids.size;
}

/** A group of identical nodes. */
export interface NodeGroup {
  /** Comparable value of each field (equal within a group). */
  key: Record<GroupField, string>;
  /** Each field in words. */
  labels: Record<GroupField, string>;
  /** The nodes, in natural hostname order. */
  nodes: NodeSummary[];
  /** The nodes as a compressed hostlist (`gpu[001-016,018-128]`). */
  hostlist: string;
  /** The smallest memory of the group's nodes, KiB (what a scheduler may promise on every one). */
  memoryKib: number;
  /** The CPU shape (equal within a group). */
  shape: LayoutShape;
  /** GPU models and counts (equal within a group). */
  gpus: [string, number][];
}

/** A group that differs from a larger one in one value only (a degraded or odd node, most often). */
export interface Outlier {
  /** Index of the outlying group. */
  group: number;
  /** Index of the larger group it is otherwise identical to. */
  like: number;
  field: GroupField;
}

/** Cluster-wide sums. */
export interface Totals {
  nodes: number;
  sockets: number;
  cores: number;
  pus: number;
  /** Sum of every node's memory, KiB. */
  memoryKib: number;
  /** GPU models with their counts. */
  gpus: [string, number][];
}

/** Nodes grouped, with totals and outliers. */
export interface ClusterDescription {
  groups: NodeGroup[];
  totals: Totals;
  outliers: Outlier[];
}

function fieldValues(node: NodeSummary, memoryClass: number): { key: Record<GroupField, string>; shape: LayoutShape; gpus: [string, number][] } {
  const shape = layoutShape(node.layout);
  const gpus = gpuCounts(node.gpus);
  const numaSockets = node.numa.map((n) => n.socket).join(",");
  return {
    shape,
    gpus,
    key: {
      cpu: `${node.vendor ?? ""}\u0000${node.model ?? ""}`,
      target: node.target ?? "",
      cpus: `${node.exact ? "" : "~"}${shape.cpuKey}`,
      numa: `${shape.numaKey}/${numaSockets}/${numaCount(node)}`,
      memory: String(memoryClass),
      gpus: gpus.map(([m, n]) => `${n}\u0000${m}`).join("\u0001"),
      os: node.os ?? "",
      mpi: node.mpi ?? "",
    },
  };
}

/** Group `nodes` (any order; hostnames unique) into identical nodes, largest group first. */
export function describeCluster(nodes: readonly NodeSummary[]): ClusterDescription {
  const classes = memoryClasses(nodes.map((n) => n.memoryKib));
  const byKey = new Map<string, { key: Record<GroupField, string>; shape: LayoutShape; gpus: [string, number][]; nodes: NodeSummary[] }>();
  for (const node of nodes) {
    const values = fieldValues(node, classes.get(node.memoryKib)!);
    const k = GROUP_FIELDS.map((f) => values.key[f]).join("\u0002");
    let g = byKey.get(k);
    if (!g) byKey.set(k, g = { ...values, nodes: [] });
    g.nodes.push(node);
  }
  const groups: NodeGroup[] = [...byKey.values()].map((g) => {
    g.nodes.sort((a, b) => compareHostnames(a.hostname, b.hostname));
    const first = g.nodes[0]!;
    const memoryKib = minOf(g.nodes.map((n) => n.memoryKib));
    return {
      key: g.key,
      labels: {
        cpu: describeCpu(first),
        target: first.target ?? "unknown",
        cpus: describeCpuShape(g.shape) + (first.exact ? "" : " (CPU count only: threads per core unknown)"),
        numa: describeNuma(g.shape, numaCount(first), numaWithoutCpus(first)),
        memory: memoryKib > 0 ? formatMemory(memoryKib) : "unknown",
        gpus: describeGpus(g.gpus),
        os: first.os ?? "unknown",
        mpi: first.mpi ?? "none found",
      },
      nodes: g.nodes,
      hostlist: compressHostlist(g.nodes.map((n) => n.hostname)),
      memoryKib,
      shape: g.shape,
      gpus: g.gpus,
    };
  });
  groups.sort((a, b) => b.nodes.length - a.nodes.length || compareHostnames(a.nodes[0]!.hostname, b.nodes[0]!.hostname));
  return { groups, totals: totalsOf(nodes, groups), outliers: outliersOf(groups) };
}

function totalsOf(nodes: readonly NodeSummary[], groups: readonly NodeGroup[]): Totals {
  const t: Totals = { nodes: nodes.length, sockets: 0, cores: 0, pus: 0, memoryKib: 0, gpus: [] };
  for (const g of groups) {
    t.sockets += g.shape.sockets * g.nodes.length;
    t.cores += g.shape.cores * g.nodes.length;
    t.pus += g.shape.pus * g.nodes.length;
  }
  for (const n of nodes) t.memoryKib += n.memoryKib;
  t.gpus = gpuCounts(nodes.flatMap((n) => n.gpus));
  return t;
}

/**
 * Groups that differ from a group at least twice their size in exactly one
 * value: the node with a DIMM or a GPU missing, a core offline, an old kernel
 * image. Each is compared with the largest such group.
 */
function outliersOf(groups: readonly NodeGroup[]): Outlier[] {
  const out: Outlier[] = [];
  groups.forEach((h, i) => {
    for (let j = 0; j < groups.length; j++) {
      const g = groups[j]!;
      if (g.nodes.length <= 2 * h.nodes.length) continue;
      const differing = GROUP_FIELDS.filter((f) => g.key[f] !== h.key[f]);
      if (differing.length === 1) {
        out.push({ group: i, like: j, field: differing[0]! });
        break; // groups are largest first: the first match is the largest
      }
    }
  });
  return out;
}

/**
 * What changed between two sets of nodes (before and after maintenance):
 * nodes added and removed, and per node what differs — memory lost, a GPU
 * missing, a core offline, a kernel or MPI upgrade — with nodes that changed
 * the same way grouped under one hostlist. Pure.
 *
 * A fact one side does not know (a graph has no kernel release, a compspec-go
 * file no CPU layout) is not compared. Memory counts as changed only beyond
 * the tolerance of memory.ts (a kernel upgrade moves MemTotal by a few MiB).
 *
 * @module
 */
import { compareHostnames } from "../node/hostname.ts";
import { compressHostlist } from "../util/hostlist.ts";
import { encodeIdset } from "../util/idset.ts";
import { describeCpu, describeGpus, FIELD_NAMES, gpuCounts, numaCount, numaWithoutCpus } from "./groups.ts";
import { describeCpuShape, describeNuma, layoutCpus, layoutShape } from "./layout.ts";
import { formatMemory, formatMemoryChange, sameMemory } from "./memory.ts";
import type { NodeSummary } from "./node_summary.ts";

/** The facts `diff` compares, in the order it reports them. */
export const DIFF_FIELDS = ["cpu", "arch", "target", "cpus", "numa", "memory", "gpus", "os", "kernel", "mpi"] as const;

/** One of {@linkcode DIFF_FIELDS}. */
export type DiffField = typeof DIFF_FIELDS[number];

/** One fact that changed on a node. */
export interface NodeChange {
  field: DiffField;
  /** The fact before and after, in words. */
  old: string;
  new: string;
  /** What else there is to say (`−23 GiB`, `CPUs 17,81 offline`), or empty. */
  detail: string;
}

/** Nodes that changed in the same way. */
export interface ChangeGroup {
  hostnames: string[];
  changes: NodeChange[];
}

/** The difference between two sets of nodes. */
export interface ClusterDiff {
  before: number;
  after: number;
  /** Nodes only in the new set, in natural order. */
  added: NodeSummary[];
  /** Nodes only in the old set, in natural order. */
  removed: NodeSummary[];
  /** Nodes in both that differ, grouped by identical changes, largest group first. */
  changed: ChangeGroup[];
  /** Nodes in both that do not differ. */
  unchanged: number;
}

function layoutText(n: NodeSummary): string {
  return describeCpuShape(layoutShape(n.layout));
}

function gpuText(n: NodeSummary): string {
  return describeGpus(gpuCounts(n.gpus));
}

/** Both known and different. */
function known(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

function cpuDetail(a: NodeSummary, b: NodeSummary): string {
  if (!a.cpuIds || !b.cpuIds || a.layout === b.layout) return "";
  const before = new Set(layoutCpus(a.layout));
  const after = new Set(layoutCpus(b.layout));
  const gone = [...before].filter((c) => !after.has(c));
  const come = [...after].filter((c) => !before.has(c));
  const parts: string[] = [];
  if (gone.length > 0) parts.push(`CPU${gone.length === 1 ? "" : "s"} ${encodeIdset(gone)} offline`);
  if (come.length > 0) parts.push(`CPU${come.length === 1 ? "" : "s"} ${encodeIdset(come)} online`);
  return parts.join(", ");
}

function gpuDetail(a: NodeSummary, b: NodeSummary): string {
  const before = a.gpus.map((g) => g.pci).filter((p): p is string => p !== undefined);
  const after = b.gpus.map((g) => g.pci).filter((p): p is string => p !== undefined);
  if (before.length === 0 || after.length === 0) return "";
  const gone = before.filter((p) => !after.includes(p));
  const come = after.filter((p) => !before.includes(p));
  const parts: string[] = [];
  if (gone.length > 0) parts.push(`missing: ${gone.join(", ")}`);
  if (come.length > 0) parts.push(`new: ${come.join(", ")}`);
  return parts.join("; ");
}

/** What changed from `a` to `b` (the same node before and after). */
export function nodeChanges(a: NodeSummary, b: NodeSummary): NodeChange[] {
  const out: NodeChange[] = [];
  const add = (field: DiffField, old: string, now: string, detail = "") => out.push({ field, old, new: now, detail });
  if (known(a.model, b.model) || known(a.vendor, b.vendor)) add("cpu", describeCpu(a), describeCpu(b));
  if (known(a.arch, b.arch)) add("arch", a.arch!, b.arch!);
  if (known(a.target, b.target)) add("target", a.target!, b.target!);
  // A compspec-go file knows only the CPU count: compare layouts only when both are real.
  if (a.exact === b.exact) {
    const sa = layoutShape(a.layout);
    const sb = layoutShape(b.layout);
    const cpus = cpuDetail(a, b);
    if (sa.cpuKey !== sb.cpuKey || cpus !== "") add("cpus", layoutText(a), layoutText(b), cpus);
    if (sa.numaKey !== sb.numaKey || numaCount(a) !== numaCount(b)) {
      add("numa", describeNuma(sa, numaCount(a), numaWithoutCpus(a)), describeNuma(sb, numaCount(b), numaWithoutCpus(b)));
    }
  }
  if (a.memoryKib > 0 && b.memoryKib > 0 && !sameMemory(a.memoryKib, b.memoryKib)) {
    add("memory", formatMemory(a.memoryKib), formatMemory(b.memoryKib), formatMemoryChange(b.memoryKib - a.memoryKib));
  }
  const ga = gpuText(a);
  const gb = gpuText(b);
  const gpus = gpuDetail(a, b);
  if (ga !== gb || gpus !== "") add("gpus", ga, gb, gpus);
  // OS and MPI: absent means unknown / none found, which is a change worth seeing.
  if ((a.os ?? "unknown") !== (b.os ?? "unknown")) add("os", a.os ?? "unknown", b.os ?? "unknown");
  if (known(a.kernel, b.kernel)) add("kernel", a.kernel!, b.kernel!);
  if ((a.mpi ?? "none found") !== (b.mpi ?? "none found")) add("mpi", a.mpi ?? "none found", b.mpi ?? "none found");
  return out;
}

/** Compare two sets of nodes, matched by hostname (unique within each set). */
export function diffNodes(before: readonly NodeSummary[], after: readonly NodeSummary[]): ClusterDiff {
  const old = new Map(before.map((n) => [n.hostname, n]));
  const now = new Map(after.map((n) => [n.hostname, n]));
  const byHost = (x: NodeSummary, y: NodeSummary) => compareHostnames(x.hostname, y.hostname);
  const added = after.filter((n) => !old.has(n.hostname)).sort(byHost);
  const removed = before.filter((n) => !now.has(n.hostname)).sort(byHost);
  const groups = new Map<string, ChangeGroup>();
  let unchanged = 0;
  for (const [host, a] of old) {
    const b = now.get(host);
    if (!b) continue;
    const changes = nodeChanges(a, b);
    if (changes.length === 0) {
      unchanged++;
      continue;
    }
    const key = JSON.stringify(changes);
    const g = groups.get(key);
    if (g) g.hostnames.push(host);
    else groups.set(key, { hostnames: [host], changes });
  }
  const changed = [...groups.values()];
  for (const g of changed) g.hostnames.sort(compareHostnames);
  changed.sort((x, y) => y.hostnames.length - x.hostnames.length || compareHostnames(x.hostnames[0]!, y.hostnames[0]!));
  return { before: before.length, after: after.length, added, removed, changed, unchanged };
}

/** Whether anything changed. */
export function hasChanges(d: ClusterDiff): boolean {
  return d.added.length > 0 || d.removed.length > 0 || d.changed.length > 0;
}

/** A change in words: `memory 503 GiB → 480 GiB (−23 GiB)`. */
export function changeText(c: NodeChange): string {
  return `${FIELD_NAMES[c.field]} ${c.old} → ${c.new}${c.detail === "" ? "" : ` (${c.detail})`}`;
}

/** The hostlist of a change group. */
export function changeHostlist(g: ChangeGroup): string {
  return compressHostlist(g.hostnames);
}

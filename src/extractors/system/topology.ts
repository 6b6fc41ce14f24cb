/**
 * From what the kernel says about each CPU's package, die and core to the
 * numbers a scheduler needs. Pure: the reading is in `read_cpu.ts`.
 *
 * Grouping follows the kernel's sibling masks (as lscpu does), because the ids
 * are not always meaningful: `physical_package_id` is -1 on s390, POWER and some
 * RISC-V machines, and `core_id` repeats across clusters on some ARM and RISC-V
 * machines. The ids label the groups whenever they tell them apart.
 *
 * @module
 */
import { formatCpuList } from "../../linux/cpulist.ts";
import { maxOf } from "../../util/array_ops.ts";

/** Where the kernel places one online CPU. Keys identify groups; ids are the kernel's numbers for them. */
export interface CpuPlacement {
  cpu: number;
  /** Identifies the CPU's package among all packages. */
  packageKey: string;
  /** `physical_package_id` (or cpuinfo's `physical id`), when known. */
  packageId?: number;
  /** Identifies the CPU's die among all dies. */
  dieKey: string;
  /** `die_id`, when known. */
  dieId?: number;
  /** Identifies the CPU's core among all cores. */
  coreKey: string;
  /** `core_id` (or cpuinfo's `core id`), when known. */
  coreId?: number;
  /** NUMA node, -1 when unknown. */
  node: number;
}

/** One online CPU with its labels as written to the node file. */
export interface PlacedCpu {
  cpu: number;
  package: number;
  die: number;
  core: number;
  node: number;
}

/** Counts over a set of placed CPUs. */
export interface TopologyCounts {
  cpus: number;
  sockets: number;
  dies: number;
  cores: number;
  threadsPerCore: number;
  numaNodes: number;
}

/**
 * Label every CPU's package, die and core: the kernel's id when the ids of the
 * groups at that level (packages; dies within a package; cores within a die)
 * are all known, non-negative and distinct, otherwise 0, 1, 2 … in order of
 * each group's lowest CPU. Returns the CPUs sorted by number.
 */
export function placeCpus(placements: readonly CpuPlacement[]): PlacedCpu[] {
  const sorted = [...placements].sort((a, b) => a.cpu - b.cpu);
  const pkgLabel = labelGroups(sorted, () => "", (p) => p.packageKey, (p) => p.packageId);
  const dieLabel = labelGroups(sorted, (p) => p.packageKey, (p) => p.dieKey, (p) => p.dieId);
  const coreLabel = labelGroups(sorted, (p) => p.dieKey, (p) => p.coreKey, (p) => p.coreId);
  return sorted.map((p) => ({
    cpu: p.cpu,
    package: pkgLabel.get(p.packageKey)!,
    die: dieLabel.get(p.dieKey)!,
    core: coreLabel.get(p.coreKey)!,
    node: p.node,
  }));
}

/** Labels for the groups `key` within each `parent`: their ids when usable, else ordinals. */
function labelGroups(
  sorted: readonly CpuPlacement[],
  parent: (p: CpuPlacement) => string,
  key: (p: CpuPlacement) => string,
  id: (p: CpuPlacement) => number | undefined,
): Map<string, number> {
  // parent → its groups in order of first CPU, with the id of the group's first CPU
  const byParent = new Map<string, { key: string; id: number | undefined }[]>();
  const seen = new Set<string>();
  for (const p of sorted) {
    const k = key(p);
    if (seen.has(k)) continue;
    seen.add(k);
    const par = parent(p);
    let list = byParent.get(par);
    if (!list) byParent.set(par, list = []);
    list.push({ key: k, id: id(p) });
  }
  const labels = new Map<string, number>();
  for (const groups of byParent.values()) {
    const ids = groups.map((g) => g.id);
    const usable = ids.every((i) => i !== undefined && i >= 0) && new Set(ids).size === ids.length;
    groups.forEach((g, i) => labels.set(g.key, usable ? g.id! : i));
  }
  return labels;
}

/**
 * Count sockets, dies, cores (distinct package/die/core triples), the most
 * threads on one core, and NUMA nodes (distinct known nodes; 1 when none is known).
 */
export function countTopology(cpus: readonly PlacedCpu[]): TopologyCounts {
  const sockets = new Set<number>();
  const dies = new Set<string>();
  const cores = new Map<string, number>();
  const nodes = new Set<number>();
  for (const c of cpus) {
    sockets.add(c.package);
    dies.add(`${c.package}:${c.die}`);
    const k = `${c.package}:${c.die}:${c.core}`;
    cores.set(k, (cores.get(k) ?? 0) + 1);
    if (c.node >= 0) nodes.add(c.node);
  }
  return {
    cpus: cpus.length,
    sockets: sockets.size,
    dies: dies.size,
    cores: cores.size,
    threadsPerCore: maxOf(cores.values(), 0),
    numaNodes: Math.max(1, nodes.size),
  };
}

/** The `topology` value: `cpu:package:die:core:node` per CPU, space-separated. */
export function formatTopology(cpus: readonly PlacedCpu[]): string {
  return cpus.map((c) => `${c.cpu}:${c.package}:${c.die}:${c.core}:${c.node}`).join(" ");
}

/** Parse a `topology` value back (for the graph step and tests); `undefined` when malformed. */
export function parseTopology(text: string): PlacedCpu[] | undefined {
  const out: PlacedCpu[] = [];
  for (const entry of text.split(" ")) {
    if (entry === "") continue;
    const m = /^(\d+):(-?\d+):(-?\d+):(-?\d+):(-?\d+)$/.exec(entry);
    if (!m) return undefined;
    out.push({ cpu: +m[1]!, package: +m[2]!, die: +m[3]!, core: +m[4]!, node: +m[5]! });
  }
  return out;
}

/** Online CPUs of a list in kernel syntax. */
export function cpuListOf(cpus: readonly PlacedCpu[]): string {
  return formatCpuList(cpus.map((c) => c.cpu));
}

/**
 * Where each online CPU sits (package, die, core, NUMA node) for the
 * `system.cpu` section: from sysfs's topology files, else /proc/cpuinfo.
 *
 * @module
 */
import { type Cpuinfo, peekField } from "./cpuinfo.ts";
import { CPU, type ReadContext, readCpuList, readCpuMask, readInt } from "./read_common.ts";
import type { CpuPlacement } from "./topology.ts";
import { pushAll } from "../../util/array_ops.ts";

/**
 * Whether the CPUs may be AMD compute units (family 15h Bulldozer to
 * Excavator, and 16h, as hwloc checks: the first CPU's `vendor_id` and
 * `cpu family`). Their kernels list the two cores of a compute unit as thread
 * siblings although each has its own `core_id`.
 */
export function amdComputeUnits(info: Cpuinfo | undefined): boolean {
  const first = info?.processors[0];
  if (first === undefined || peekField(first, "vendor_id") !== "AuthenticAMD") return false;
  const family = peekField(first, "cpu family");
  return family === "21" || family === "22";
}

/**
 * Placements from sysfs, reading each group once: a core's thread siblings
 * and `core_id` from its lowest online CPU, a package's siblings and
 * `physical_package_id` from its lowest, and the same for dies (`die_cpus_list`;
 * without it, or with `die_id` -1, a die is its package). A CPU without topology files is its own core.
 *
 * With `computeUnits` (given on AMD families that may have them, see
 * {@linkcode amdComputeUnits}), hwloc's rule: the first CPU with a sibling
 * compares its `core_id` with the sibling's; when they differ, every CPU is a
 * core of its own (an Opteron 6276 is 16 cores, not 8 with 2 threads each),
 * and the sibling groups, the compute units, are pushed onto `computeUnits`.
 */
export function sysfsPlacements(
  ctx: ReadContext,
  online: readonly number[],
  nodeOf: ReadonlyMap<number, number>,
  computeUnits?: number[][],
): CpuPlacement[] {
  type Group = { key: string; id?: number };
  const onlineSet = new Set(online);
  const core = new Map<number, Group>();
  const pkg = new Map<number, Group>();
  const die = new Map<number, Group>();
  // Groups found by id when the kernel gives ids but no sibling lists.
  const byKey = new Map<string, Group>();
  const keyed = (key: string, id: number | undefined): Group => {
    let g = byKey.get(key);
    if (!g) byKey.set(key, g = { key, id });
    return g;
  };
  const group = (leader: number, members: readonly number[], into: Map<number, Group>, g: Group) => {
    into.set(leader, g);
    for (const m of members) if (onlineSet.has(m) && !into.has(m)) into.set(m, g);
  };
  let dieLists = true;
  // undefined: not decided yet (hwloc decides once, at the first core of two or more CPUs).
  let ownCores: boolean | undefined = computeUnits ? undefined : false;
  const unitOf = new Map<number, number[]>();
  for (const c of online) {
    const t = `${CPU}/cpu${c}/topology`;
    if (!pkg.has(c)) {
      const members = readCpuList(ctx, `${t}/core_siblings_list`) ?? readCpuList(ctx, `${t}/package_cpus_list`) ??
        readCpuMask(ctx, `${t}/core_siblings`);
      const id = readInt(ctx, `${t}/physical_package_id`);
      if (members) group(c, members, pkg, { key: `p${c}`, id });
      else pkg.set(c, keyed(id !== undefined && id >= 0 ? `pid${id}` : "p?", id));
    }
    const p = pkg.get(c)!;
    if (!die.has(c)) {
      // die_id -1 (arm64, RISC-V) means the kernel knows no dies; its die_cpus_list is then just the CPU.
      const id = dieLists ? readInt(ctx, `${t}/die_id`) : undefined;
      const members = id !== undefined && id >= 0 ? readCpuList(ctx, `${t}/die_cpus_list`) : undefined;
      if (members) group(c, members, die, { key: `${p.key}d${c}`, id });
      else {
        // No die information (older kernels, non-x86): the die is the package.
        dieLists = false;
        die.set(c, byKey.get(`${p.key}d`) ?? keyed(`${p.key}d`, undefined));
      }
    }
    if (!core.has(c)) {
      const members = readCpuList(ctx, `${t}/thread_siblings_list`) ?? readCpuList(ctx, `${t}/core_cpus_list`) ??
        readCpuMask(ctx, `${t}/thread_siblings`);
      const id = readInt(ctx, `${t}/core_id`);
      if (members && ownCores === undefined) {
        const sibling = members.find((m) => m !== c && onlineSet.has(m));
        if (sibling !== undefined) ownCores = readInt(ctx, `${CPU}/cpu${sibling}/topology/core_id`) !== id;
      }
      if (members && ownCores === undefined) {
        unitOf.set(c, [c]); // before the first sibling group: a core alone
      } else if (members && ownCores && !unitOf.has(c)) {
        const unit = members.filter((m) => onlineSet.has(m) || m === c);
        for (const m of unit) unitOf.set(m, unit);
      }
      if (members && ownCores) core.set(c, { key: `c${c}`, id });
      else if (members) group(c, members, core, { key: `c${c}`, id });
      else core.set(c, id !== undefined && id >= 0 ? keyed(`${die.get(c)!.key}c${id}`, id) : { key: `c${c}` });
    }
  }
  if (ownCores && computeUnits) pushAll(computeUnits, new Set(online.map((c) => unitOf.get(c) ?? [c])));
  return online.map((c) => {
    const p = pkg.get(c)!;
    const d = die.get(c)!;
    const k = core.get(c)!;
    return {
      cpu: c,
      packageKey: p.key,
      packageId: p.id,
      dieKey: d.key,
      dieId: d.id,
      coreKey: k.key,
      coreId: k.id,
      node: nodeOf.get(c) ?? -1,
    };
  });
}

/**
 * Placements from /proc/cpuinfo when sysfs has no topology (containers without
 * /sys, old kernels): `physical id` (LoongArch: `package`) and `core id`
 * (`core`) where cpuinfo has them; otherwise every CPU is its own core and all
 * share one package.
 */
export function cpuinfoPlacements(
  info: Cpuinfo | undefined,
  online: readonly number[],
  nodeOf: ReadonlyMap<number, number>,
): CpuPlacement[] {
  const byCpu = new Map(info?.processors.map((p) => [p.cpu, p]));
  return online.map((c) => {
    const e = byCpu.get(c);
    const pkgText = e && (peekField(e, "physical id") ?? peekField(e, "package"));
    const coreText = e && (peekField(e, "core id") ?? peekField(e, "core"));
    const pkgId = pkgText !== undefined && /^\d+$/.test(pkgText) ? Number(pkgText) : undefined;
    const coreId = coreText !== undefined && /^\d+$/.test(coreText) ? Number(coreText) : undefined;
    const packageKey = `p${pkgId ?? "?"}`;
    return {
      cpu: c,
      packageKey,
      packageId: pkgId,
      dieKey: `${packageKey}d`,
      coreKey: coreId === undefined ? `cpu${c}` : `${packageKey}c${coreId}`,
      coreId,
      node: nodeOf.get(c) ?? -1,
    };
  });
}

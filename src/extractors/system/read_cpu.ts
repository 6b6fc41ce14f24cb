/**
 * The `system.cpu` section: CPU counts and real topology from sysfs (else
 * /proc/cpuinfo), NUMA nodes, caches, CPU types and the CPU's identity.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { ExtractError, type Section } from "../types.ts";
import { type CacheInstance, cacheKeys, cacheName, parseCacheSize } from "./caches.ts";
import { cpuFields, type Cpuinfo, peekField } from "./cpuinfo.ts";
import { formatCpuList } from "../../linux/cpulist.ts";
import { cpuIdentity, type CpuType } from "./cpu_types.ts";
import {
  CPU,
  cpuinfo,
  cpuTypesOf,
  numaNodes,
  onlineCpus,
  readCpuList,
  readCpuMask,
  readInt,
  warnLeftOut,
} from "./read_common.ts";
import { trimValue } from "../../linux/trim_value.ts";
import { countTopology, type CpuPlacement, formatTopology, placeCpus, type PlacedCpu } from "./topology.ts";

/** The `system.cpu` section: counts, topology, caches, CPU types and identity. */
export function cpuSection(host: Host): Section {
  const { online, offline, source: onlineSource } = onlineCpus(host);
  let info: Cpuinfo | undefined;
  try {
    info = cpuinfo(host);
  } catch (e) {
    // Malformed cpuinfo only costs the identity keys when sysfs has the rest.
    if (!(e instanceof ExtractError) || onlineSource !== "sysfs") throw e;
  }
  const nodes = numaNodes(host);
  const nodeOf = new Map<number, number>();
  for (const { id, cpus } of nodes) for (const c of cpus) nodeOf.set(c, id);

  const first = online[0]!;
  const sysfs = onlineSource === "sysfs" && host.exists(`${CPU}/cpu${first}/topology`);
  const units: number[][] | undefined = sysfs && amdComputeUnits(info) ? [] : undefined;
  const placements = sysfs ? sysfsPlacements(host, online, nodeOf, units) : cpuinfoPlacements(info, online, nodeOf);
  const placed = placeCpus(placements);
  const counts = countTopology(placed);

  const out: Section = {
    cores: String(counts.cores),
    cpus: String(counts.cpus),
    sockets: String(counts.sockets),
    dies: String(counts.dies),
    threads_per_core: String(counts.threadsPerCore),
    numa_nodes: String(counts.numaNodes),
    online: formatCpuList(online),
  };
  // Every node the kernel lists, CPU-less ones (memory-only, CXL, HBM) too: what lscpu counts.
  if (nodes.length > 0) out["numa_nodes.all"] = String(nodes.length);
  if (offline.length > 0) out["offline"] = formatCpuList(offline);
  if (units !== undefined && units.length > 0) {
    // What lscpu calls cores (and the kernel's scheduler treats as SMT siblings): kept for who compares.
    out["compute_units"] = String(units.length);
    out["compute_units.cpus"] = units.map((u) => formatCpuList(u)).join(" ");
  }
  out["topology.source"] = sysfs ? "sysfs" : "cpuinfo";
  out["topology.format"] = "cpu:package:die:core:node";
  out["topology"] = formatTopology(placed);

  const types = cpuTypesOf(host, info, online);
  if (sysfs) Object.assign(out, cacheKeys(cacheInstances(host, types, online, placed)));
  if (types.length > 1) {
    out["types"] = String(types.length);
    const byCpu = new Map(placed.map((p) => [p.cpu, p]));
    types.forEach((t, i) => {
      const c = countTopology(t.cpus.map((n) => byCpu.get(n)!));
      out[`type.${i}.model`] = t.model;
      out[`type.${i}.cpus`] = formatCpuList(t.cpus);
      out[`type.${i}.cores`] = String(c.cores);
      out[`type.${i}.sockets`] = String(c.sockets);
      out[`type.${i}.threads_per_core`] = String(c.threadsPerCore);
    });
  }
  if (info) Object.assign(out, cpuIdentity(cpuFields(info, first)));
  return out;
}

/**
 * Whether the CPUs may be AMD compute units (family 15h Bulldozer to
 * Excavator, and 16h, as hwloc checks: the first CPU's `vendor_id` and
 * `cpu family`). Their kernels list the two cores of a compute unit as thread
 * siblings although each has its own `core_id`.
 */
function amdComputeUnits(info: Cpuinfo | undefined): boolean {
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
function sysfsPlacements(
  host: Host,
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
      const members = readCpuList(host, `${t}/core_siblings_list`) ?? readCpuList(host, `${t}/package_cpus_list`) ??
        readCpuMask(host, `${t}/core_siblings`);
      const id = readInt(host, `${t}/physical_package_id`);
      if (members) group(c, members, pkg, { key: `p${c}`, id });
      else pkg.set(c, keyed(id !== undefined && id >= 0 ? `pid${id}` : "p?", id));
    }
    const p = pkg.get(c)!;
    if (!die.has(c)) {
      // die_id -1 (arm64, RISC-V) means the kernel knows no dies; its die_cpus_list is then just the CPU.
      const id = dieLists ? readInt(host, `${t}/die_id`) : undefined;
      const members = id !== undefined && id >= 0 ? readCpuList(host, `${t}/die_cpus_list`) : undefined;
      if (members) group(c, members, die, { key: `${p.key}d${c}`, id });
      else {
        // No die information (older kernels, non-x86): the die is the package.
        dieLists = false;
        die.set(c, byKey.get(`${p.key}d`) ?? keyed(`${p.key}d`, undefined));
      }
    }
    if (!core.has(c)) {
      const members = readCpuList(host, `${t}/thread_siblings_list`) ?? readCpuList(host, `${t}/core_cpus_list`) ??
        readCpuMask(host, `${t}/thread_siblings`);
      const id = readInt(host, `${t}/core_id`);
      if (members && ownCores === undefined) {
        const sibling = members.find((m) => m !== c && onlineSet.has(m));
        if (sibling !== undefined) ownCores = readInt(host, `${CPU}/cpu${sibling}/topology/core_id`) !== id;
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
  if (ownCores && computeUnits) computeUnits.push(...new Set(online.map((c) => unitOf.get(c) ?? [c])));
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
function cpuinfoPlacements(
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

/**
 * Cache instances from cpuN/cache/indexM: the indexes (and their level, type
 * and size) of each CPU type's first CPU, and which CPUs share that CPU's
 * cache. When those are exactly its core (L1, L2 on most machines) or its
 * package (L3 on many), every core or package of the type is taken to have one
 * instance, without reading the lists of the others; otherwise
 * `shared_cpu_list` is read once per instance (CPUs already covered by an
 * instance of that cache are skipped).
 */
function cacheInstances(
  host: Host,
  types: readonly CpuType[],
  online: readonly number[],
  placed: readonly PlacedCpu[],
): CacheInstance[] {
  const onlineSet = new Set(online);
  const coreOf = new Map<number, string>();
  const pkgOf = new Map<number, string>();
  const members = new Map<string, number[]>();
  const addTo = (key: string, cpu: number) => {
    let m = members.get(key);
    if (!m) members.set(key, m = []);
    m.push(cpu);
  };
  for (const p of placed) {
    const core = `c${p.package}:${p.die}:${p.core}`;
    const pkg = `p${p.package}`;
    coreOf.set(p.cpu, core);
    pkgOf.set(p.cpu, pkg);
    addTo(core, p.cpu);
    addTo(pkg, p.cpu);
  }
  const same = (a: readonly number[], b: readonly number[] | undefined) =>
    b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  const sharedOf = (c: number, index: string): number[] => {
    const d = `${CPU}/cpu${c}/cache/${index}`;
    const list = readCpuList(host, `${d}/shared_cpu_list`) ?? readCpuMask(host, `${d}/shared_cpu_map`) ?? [c];
    const on = list.filter((x) => onlineSet.has(x));
    return on.includes(c) ? on : [c, ...on].sort((a, b) => a - b);
  };
  const covered = new Map<string, Set<number>>();
  const out: CacheInstance[] = [];
  for (const t of types) {
    const rep = t.cpus[0]!;
    const indexes = (host.listDir(`${CPU}/cpu${rep}/cache`) ?? []).filter((n) => /^index\d+$/.test(n));
    for (const index of indexes) {
      const dir = `${CPU}/cpu${rep}/cache/${index}`;
      const level = host.tryReadText(`${dir}/level`);
      const type = host.tryReadText(`${dir}/type`);
      const name = level !== undefined && type !== undefined ? cacheName(level, type) : undefined;
      if (!name) continue;
      // One size per cache index and CPU type: read it from the type's first CPU.
      const sizeText = host.tryReadText(`${dir}/size`);
      if (sizeText === undefined) continue; // some arm64 kernels list caches without sizes; lscpu shows none either
      const size = parseCacheSize(sizeText);
      if (size === undefined) {
        warnLeftOut(host, `${dir}/size`, `${JSON.stringify(trimValue(sizeText).slice(0, 40))} is not a cache size`);
        continue;
      }
      let cov = covered.get(name);
      if (!cov) covered.set(name, cov = new Set());
      const repShared = cov.has(rep) ? undefined : sharedOf(rep, index);
      const level_ = repShared === undefined
        ? undefined
        : same(repShared, members.get(coreOf.get(rep)!))
        ? coreOf
        : same(repShared, members.get(pkgOf.get(rep)!))
        ? pkgOf
        : undefined;
      for (const c of t.cpus) {
        if (cov.has(c)) continue;
        const shared = level_ ? members.get(level_.get(c)!)! : c === rep ? repShared! : sharedOf(c, index);
        cov.add(c);
        for (const s of shared) cov.add(s);
        out.push({ name, size, firstCpu: c });
      }
    }
  }
  return out;
}

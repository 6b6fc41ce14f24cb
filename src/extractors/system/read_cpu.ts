/**
 * The `system.cpu` section: CPU counts and real topology from sysfs (else
 * /proc/cpuinfo), NUMA nodes, caches, CPU types and the CPU's identity.
 *
 * @module
 */
import { ExtractError, type Section } from "../types.ts";
import { type CacheInstance, cacheKeys, cacheName, parseCacheSize } from "./caches.ts";
import { cpuFields, type Cpuinfo } from "./cpuinfo.ts";
import { formatCpuList } from "../../linux/cpulist.ts";
import { amdComputeUnits, cpuinfoPlacements, sysfsPlacements } from "./cpu_placements.ts";
import { cpuIdentity, type CpuType } from "./cpu_types.ts";
import {
  CPU,
  cpuinfo,
  cpuTypesOf,
  numaNodes,
  onlineCpus,
  type ReadContext,
  readCpuList,
  readCpuMask,
  warnLeftOut,
} from "./read_common.ts";
import { trimValue } from "../../linux/trim_value.ts";
import { CPU_KEY, TOPOLOGY_FORMAT } from "../../node/vocabulary.ts";
import { countTopology, formatTopology, placeCpus, type PlacedCpu } from "./topology.ts";

/** The `system.cpu` section: counts, topology, caches, CPU types and identity. */
export function readCpuSection(ctx: ReadContext): Section {
  const { online, offline, source: onlineSource } = onlineCpus(ctx);
  let info: Cpuinfo | undefined;
  try {
    info = cpuinfo(ctx.host);
  } catch (e) {
    // Malformed cpuinfo only costs the identity keys when sysfs has the rest.
    if (!(e instanceof ExtractError) || onlineSource !== "sysfs") throw e;
  }
  const nodes = numaNodes(ctx);
  const nodeOf = new Map<number, number>();
  for (const { id, cpus } of nodes) for (const c of cpus) nodeOf.set(c, id);

  const first = online[0]!;
  const sysfs = onlineSource === "sysfs" && ctx.host.exists(`${CPU}/cpu${first}/topology`);
  const units: number[][] | undefined = sysfs && amdComputeUnits(info) ? [] : undefined;
  const placements = sysfs ? sysfsPlacements(ctx, online, nodeOf, units) : cpuinfoPlacements(info, online, nodeOf);
  const placed = placeCpus(placements);
  const counts = countTopology(placed);

  const out: Section = {
    [CPU_KEY.cores]: String(counts.cores),
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
  out[CPU_KEY.topologySource] = sysfs ? "sysfs" : "cpuinfo";
  out[CPU_KEY.topologyFormat] = TOPOLOGY_FORMAT;
  out[CPU_KEY.topology] = formatTopology(placed);

  const types = cpuTypesOf(ctx, info, online);
  if (sysfs) Object.assign(out, cacheKeys(cacheInstances(ctx, types, online, placed)));
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
 * Cache instances from cpuN/cache/indexM: the indexes (and their level, type
 * and size) of each CPU type's first CPU, and which CPUs share that CPU's
 * cache. When those are exactly its core (L1, L2 on most machines) or its
 * package (L3 on many), every core or package of the type is taken to have one
 * instance, without reading the lists of the others; otherwise
 * `shared_cpu_list` is read once per instance (CPUs already covered by an
 * instance of that cache are skipped).
 */
function cacheInstances(
  ctx: ReadContext,
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
    const list = readCpuList(ctx, `${d}/shared_cpu_list`) ?? readCpuMask(ctx, `${d}/shared_cpu_map`) ?? [c];
    const on = list.filter((x) => onlineSet.has(x));
    return on.includes(c) ? on : [c, ...on].sort((a, b) => a - b);
  };
  const covered = new Map<string, Set<number>>();
  const out: CacheInstance[] = [];
  for (const t of types) {
    const rep = t.cpus[0]!;
    const indexes = (ctx.host.listDir(`${CPU}/cpu${rep}/cache`) ?? []).filter((n) => /^index\d+$/.test(n));
    for (const index of indexes) {
      const dir = `${CPU}/cpu${rep}/cache/${index}`;
      const level = ctx.host.tryReadText(`${dir}/level`);
      const type = ctx.host.tryReadText(`${dir}/type`);
      const name = level !== undefined && type !== undefined ? cacheName(level, type) : undefined;
      if (!name) continue;
      // One size per cache index and CPU type: read it from the type's first CPU.
      const sizeText = ctx.host.tryReadText(`${dir}/size`);
      if (sizeText === undefined) continue; // some arm64 kernels list caches without sizes; lscpu shows none either
      const size = parseCacheSize(sizeText);
      if (size === undefined) {
        warnLeftOut(ctx, `${dir}/size`, `${JSON.stringify(trimValue(sizeText).slice(0, 40))} is not a cache size`);
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

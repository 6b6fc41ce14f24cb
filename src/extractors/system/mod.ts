/**
 * The `system` extractor: CPU counts and real topology, compspec-go's processor,
 * arch, memory and os sections, and GPUs. Reads only through `ctx.host`, runs
 * no command, and reads only the files the asked-for section needs.
 *
 * @module
 */
import { nodeOs } from "../../lazy_builtins.ts";
import { ARCHSPEC_DATA_COMMIT, detectTarget } from "../../archspec/mod.ts";
import type { Host } from "../../host/host.ts";
import { type DiscoverContext, ExtractError, type Extractor, type Section } from "../types.ts";
import { type CacheInstance, cacheKeys, cacheName, parseCacheSize } from "./caches.ts";
import { type Cpuinfo, cpuFields, parseCpuinfo, peekField } from "./cpuinfo.ts";
import { formatCpuList, parseCpuList, parseCpuMask } from "./cpulist.ts";
import { cpuIdentity, type CpuType, cpuTypes, type HybridPmu } from "./cpu_types.ts";
import { type Gpu, gpuSection, gpuVendor, mayBeGpuClass, parseMemorySize, parseNvidiaInformation } from "./gpu.ts";
import { archName, machineFromParsedCpuinfo } from "./machine.ts";
import { meminfoKb, parseMeminfo } from "./meminfo.ts";
import { osSection, parseOsRelease, RELEASE_FILES } from "./os_release.ts";
import { processorSection } from "./processor.ts";
import { countTopology, type CpuPlacement, formatTopology, type PlacedCpu, placeCpus } from "./topology.ts";

const CPU = "/sys/devices/system/cpu";
const NODE = "/sys/devices/system/node";
const CPUINFO = "/proc/cpuinfo";
const MEMINFO = "/proc/meminfo";
const PCI = "/sys/bus/pci/devices";

/** CPU, topology, memory, GPUs, architecture and OS. */
export const systemExtractor: Extractor = {
  name: "system",
  description: "CPU, topology, memory, GPUs, architecture and OS of the node",
  sections: [
    { name: "cpu", description: "counts (cores, CPUs, sockets, NUMA), per-CPU topology, caches, CPU types" },
    { name: "processor", description: "/proc/cpuinfo fields of one CPU per CPU type (compspec-go keys)" },
    { name: "arch", description: "architecture (uname -m, Go name) and archspec target" },
    { name: "memory", description: "/proc/meminfo and memory per NUMA node" },
    { name: "os", description: "operating system name, version, vendor, release (/etc/os-release)" },
    { name: "gpu", description: "NVIDIA, AMD and Intel GPUs from PCI: model, NUMA node, memory, driver" },
  ],
  discover(ctx: DiscoverContext, section: string): Section {
    switch (section) {
      case "cpu":
        return cpuSection(ctx.host);
      case "processor":
        return processorOf(ctx.host);
      case "arch":
        return archSection(ctx.host);
      case "memory":
        return memorySection(ctx.host);
      case "os":
        return osOf(ctx.host);
      case "gpu":
        return gpuOf(ctx.host);
    }
    throw new ExtractError(`system has no section ${JSON.stringify(section)}`);
  },
};

// ---------------------------------------------------------------------------
// Shared reads, memoised per host so that several sections read a file once.

interface HostCache {
  cpuinfoText?: string | null;
  cpuinfo?: Cpuinfo | null;
  online?: OnlineCpus;
}
const caches = new WeakMap<Host, HostCache>();
function cacheOf(host: Host): HostCache {
  let c = caches.get(host);
  if (!c) caches.set(host, c = {});
  return c;
}

/** /proc/cpuinfo text, or `undefined` when missing. */
function cpuinfoText(host: Host): string | undefined {
  const c = cacheOf(host);
  if (c.cpuinfoText === undefined) c.cpuinfoText = host.tryReadText(CPUINFO) ?? null;
  return c.cpuinfoText ?? undefined;
}

/** Parsed /proc/cpuinfo, `undefined` when missing; malformed text is an error naming the file. */
function cpuinfo(host: Host): Cpuinfo | undefined {
  const c = cacheOf(host);
  if (c.cpuinfo === undefined) {
    const text = cpuinfoText(host);
    if (text === undefined) c.cpuinfo = null;
    else {
      const r = parseCpuinfo(text);
      if (!r.ok) throw new ExtractError(`${CPUINFO}: ${r.error}`, CPUINFO);
      c.cpuinfo = r.value;
    }
  }
  return c.cpuinfo ?? undefined;
}

function requireCpuinfo(host: Host): Cpuinfo {
  const info = cpuinfo(host);
  if (!info) throw new ExtractError(`${CPUINFO} does not exist`, CPUINFO);
  return info;
}

/** A CPU list file, `undefined` when missing; malformed content is an error naming it. */
function readCpuList(host: Host, path: string): number[] | undefined {
  const text = host.tryReadText(path);
  if (text === undefined) return undefined;
  const r = parseCpuList(text);
  if (!r.ok) throw new ExtractError(`${path}: ${r.error}`, path);
  return r.value;
}

/** A hexadecimal CPU mask file, `undefined` when missing. */
function readCpuMask(host: Host, path: string): number[] | undefined {
  const text = host.tryReadText(path);
  if (text === undefined) return undefined;
  const r = parseCpuMask(text);
  if (!r.ok) throw new ExtractError(`${path}: ${r.error}`, path);
  return r.value;
}

/** An integer file (`core_id`, `numa_node`), `undefined` when missing or not an integer. */
function readInt(host: Host, path: string): number | undefined {
  const text = host.tryReadText(path)?.trim();
  return text !== undefined && /^-?\d{1,10}$/.test(text) ? Number(text) : undefined;
}

interface OnlineCpus {
  online: number[];
  /** Present (else possible) CPUs that are not online. */
  offline: number[];
  /** Where the online list came from. */
  source: "sysfs" | "cpuinfo";
}

/**
 * Online CPUs: /sys/devices/system/cpu/online; else the CPUs in `present`
 * (or `cpuN` directories) whose `cpuN/online` is not 0; else the CPUs
 * /proc/cpuinfo lists (it lists only online CPUs).
 */
function onlineCpus(host: Host): OnlineCpus {
  const c = cacheOf(host);
  if (c.online) return c.online;
  let online = readCpuList(host, `${CPU}/online`);
  let source: OnlineCpus["source"] = "sysfs";
  const present = readCpuList(host, `${CPU}/present`) ?? readCpuList(host, `${CPU}/possible`);
  if (online === undefined) {
    const candidates = present ??
      host.listDir(CPU)?.map((n) => /^cpu(\d+)$/.exec(n)?.[1]).filter((n) => n !== undefined).map(Number);
    if (candidates && candidates.length > 0) {
      online = candidates.filter((n) => host.tryReadText(`${CPU}/cpu${n}/online`)?.trim() !== "0");
    }
  }
  if (online === undefined || online.length === 0) {
    const info = cpuinfo(host);
    if (info && info.processors.length > 0) {
      online = info.processors.map((p) => p.cpu);
      source = "cpuinfo";
    }
  }
  if (online === undefined || online.length === 0) {
    throw new ExtractError(
      `cannot tell which CPUs are online: neither ${CPU}/online nor ${CPUINFO} lists any CPU`,
      `${CPU}/online`,
    );
  }
  const on = new Set(online);
  const offline = (present ?? []).filter((n) => !on.has(n));
  return c.online = { online, offline, source };
}

// ---------------------------------------------------------------------------
// system.cpu

function cpuSection(host: Host): Section {
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
  for (const [node, cpus] of nodes) for (const c of cpus) nodeOf.set(c, node);

  const first = online[0]!;
  const sysfs = onlineSource === "sysfs" && host.exists(`${CPU}/cpu${first}/topology`);
  const placements = sysfs ? sysfsPlacements(host, online, nodeOf) : cpuinfoPlacements(info, online, nodeOf);
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
  if (nodes.size > 0) out["numa_nodes.all"] = String(nodes.size);
  if (offline.length > 0) out["offline"] = formatCpuList(offline);
  out["topology.source"] = sysfs ? "sysfs" : "cpuinfo";
  out["topology.format"] = "cpu:package:die:core:node";
  out["topology"] = formatTopology(placed);

  const types = cpuTypes(info, online, isIntel(info) ? hybridPmus(host) : []);
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

function isIntel(info: Cpuinfo | undefined): boolean {
  const p = info?.processors[0];
  return p !== undefined && peekField(p, "vendor_id") === "GenuineIntel";
}

/** Intel hybrid PMUs (/sys/devices/cpu_core/cpus, cpu_atom/cpus), where the kernel has them. */
function hybridPmus(host: Host): HybridPmu[] {
  const out: HybridPmu[] = [];
  for (const name of ["cpu_core", "cpu_atom"]) {
    const cpus = readCpuList(host, `/sys/devices/${name}/cpus`);
    if (cpus) out.push({ name, cpus });
  }
  return out;
}

/** NUMA node → its CPUs, from nodeN/cpulist (else cpumap); empty when the kernel has no NUMA. */
function numaNodes(host: Host): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const name of host.listDir(NODE) ?? []) {
    const m = /^node(\d+)$/.exec(name);
    if (!m) continue;
    const cpus = readCpuList(host, `${NODE}/${name}/cpulist`) ?? readCpuMask(host, `${NODE}/${name}/cpumap`) ?? [];
    out.set(Number(m[1]), cpus);
  }
  return out;
}

/**
 * Placements from sysfs, reading each group once: a core's thread siblings
 * and `core_id` from its lowest online CPU, a package's siblings and
 * `physical_package_id` from its lowest, and the same for dies (`die_cpus_list`;
 * without it, or with `die_id` -1, a die is its package). A CPU without topology files is its own core.
 */
function sysfsPlacements(host: Host, online: readonly number[], nodeOf: ReadonlyMap<number, number>): CpuPlacement[] {
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
      if (members) group(c, members, core, { key: `c${c}`, id });
      else core.set(c, id !== undefined && id >= 0 ? keyed(`${die.get(c)!.key}c${id}`, id) : { key: `c${c}` });
    }
  }
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
      const size = sizeText === undefined ? undefined : parseCacheSize(sizeText);
      if (size === undefined) continue; // some arm64 kernels list caches without sizes; lscpu shows none either
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

// ---------------------------------------------------------------------------
// system.processor

/** One representative CPU per CPU type: the lowest online CPU of each. */
function processorOf(host: Host): Section {
  const info = requireCpuinfo(host);
  let online: number[];
  try {
    online = onlineCpus(host).online;
  } catch {
    online = info.processors.map((p) => p.cpu);
  }
  if (online.length === 0) online = [0];
  const types = cpuTypes(info, online, isIntel(info) ? hybridPmus(host) : []);
  const count = info.processors.length > 0 ? info.processors.length : online.length;
  return processorSection(info, types.map((t) => t.cpus[0]!), count);
}

// ---------------------------------------------------------------------------
// system.arch

/**
 * `uname -m` without a command: /proc/sys/kernel/arch when the kernel has it;
 * else, on the running machine, node:os `machine()` (ppc64 on a little-endian
 * CPU is ppc64le); else, for a saved root, inferred from /proc/cpuinfo.
 */
function machineOf(host: Host): string {
  const fromKernel = host.tryReadText("/proc/sys/kernel/arch")?.trim();
  if (fromKernel) return fromKernel;
  if (host.live) {
    const m = nodeOs().machine();
    return m === "ppc64" && nodeOs().endianness() === "LE" ? "ppc64le" : m;
  }
  const text = cpuinfoText(host);
  let info: Cpuinfo | undefined;
  try {
    info = cpuinfo(host);
  } catch {
    info = undefined; // malformed: no inference
  }
  const inferred = info === undefined ? undefined : machineFromParsedCpuinfo(info);
  if (inferred === undefined) {
    throw new ExtractError(
      text === undefined
        ? `cannot tell the architecture: neither /proc/sys/kernel/arch nor ${CPUINFO} exists`
        : `cannot tell the architecture: /proc/sys/kernel/arch does not exist and ${CPUINFO} names no known CPU family`,
      "/proc/sys/kernel/arch",
    );
  }
  return inferred;
}

function archSection(host: Host): Section {
  const machine = machineOf(host);
  const out: Section = { name: archName(machine), arch: machine };
  const target = detectTarget(cpuinfoText(host) ?? "", machine);
  if (target) {
    out["target"] = target.name;
    out["target.vendor"] = target.vendor;
    out["target.generic"] = target.generic;
    out["target.ancestors"] = target.ancestors.join(",");
    out["target.data"] = ARCHSPEC_DATA_COMMIT;
  }
  return out;
}

// ---------------------------------------------------------------------------
// system.memory

function memorySection(host: Host): Section {
  const text = host.readText(MEMINFO);
  const r = parseMeminfo(text);
  if (!r.ok) throw new ExtractError(`${MEMINFO}: ${r.error}`, MEMINFO);
  const out: Section = {};
  for (const { key, value } of r.value) out[key] = value;
  for (const name of host.listDir(NODE) ?? []) {
    const m = /^node(\d+)$/.exec(name);
    if (!m) continue;
    const dir = `${NODE}/${name}`;
    const mem = host.tryReadText(`${dir}/meminfo`);
    if (mem !== undefined) {
      const nr = parseMeminfo(mem);
      if (!nr.ok) throw new ExtractError(`${dir}/meminfo: ${nr.error}`, `${dir}/meminfo`);
      const total = nr.value.find((l) => l.key === "memtotal");
      const kb = total && meminfoKb(total.value);
      if (kb !== undefined) out[`numa.${m[1]}.memtotal`] = `${kb} kB`;
    }
    const cpus = readCpuList(host, `${dir}/cpulist`) ?? readCpuMask(host, `${dir}/cpumap`);
    if (cpus) out[`numa.${m[1]}.cpus`] = formatCpuList(cpus);
  }
  return out;
}

// ---------------------------------------------------------------------------
// system.os

function osOf(host: Host): Section {
  let path = "/etc/os-release";
  let text = host.tryReadText(path);
  if (text === undefined) {
    path = "/usr/lib/os-release";
    text = host.tryReadText(path);
  }
  if (text === undefined) {
    throw new ExtractError("neither /etc/os-release nor /usr/lib/os-release exists", "/etc/os-release");
  }
  const r = parseOsRelease(text);
  if (!r.ok) throw new ExtractError(`${path}: ${r.error}`, path);
  const id = r.value.get("ID") ?? "";
  const releasePath = Object.hasOwn(RELEASE_FILES, id) ? RELEASE_FILES[id] : undefined;
  return osSection(r.value, releasePath ? host.tryReadText(releasePath) : undefined);
}

// ---------------------------------------------------------------------------
// system.gpu

/**
 * GPUs from /sys/bus/pci/devices. `count` is `0` when the PCI bus is visible
 * and has no GPU; the section is empty when /sys/bus/pci is not there at all
 * (a container without /sys), since then nothing can be said.
 */
function gpuOf(host: Host): Section {
  const devices = host.listDir(PCI);
  if (devices === undefined) return {};
  const gpus: Gpu[] = [];
  for (const pci of devices) {
    const dir = `${PCI}/${pci}`;
    const cls = host.tryReadText(`${dir}/class`);
    if (cls === undefined || !mayBeGpuClass(cls)) continue;
    const vendorId = host.tryReadText(`${dir}/vendor`)?.trim().toLowerCase() ?? "";
    const vendor = gpuVendor(cls, vendorId);
    if (!vendor) continue;
    const deviceId = host.tryReadText(`${dir}/device`)?.trim().toLowerCase() ?? "";
    const link = host.readLink(`${dir}/driver`);
    const gpu: Gpu = {
      pci,
      vendor,
      vendorId,
      deviceId,
      numaNode: readInt(host, `${dir}/numa_node`) ?? -1,
      driver: link ? link.split("/").filter((p) => p !== "").pop() : undefined,
    };
    if (vendor === "NVIDIA") {
      const infoText = host.tryReadText(`/proc/driver/nvidia/gpus/${pci}/information`);
      if (infoText !== undefined) {
        const f = parseNvidiaInformation(infoText);
        gpu.model = f.get("Model");
        const mem = f.get("FB Memory") ?? f.get("Memory") ?? f.get("Total Memory");
        if (mem !== undefined) gpu.memory = parseMemorySize(mem);
      }
    } else {
      gpu.model = host.tryReadText(`${dir}/product_name`)?.trim() || undefined;
      const vram = host.tryReadText(`${dir}/mem_info_vram_total`)?.trim();
      if (vram && /^\d+$/.test(vram)) gpu.memory = Number(vram);
    }
    gpus.push(gpu);
  }
  return gpuSection(gpus);
}

/**
 * Host reads shared by the `system` sections, memoised per host so that
 * several sections read a file once: /proc/cpuinfo (text and parsed), the
 * online CPUs, the CPU types, the NUMA nodes, and CPU list, CPU mask and
 * integer files. A file that cannot be parsed costs only its values: it is
 * left out with a warning ({@linkcode warnLeftOut}), never failing the section.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { type DiscoverContext, ExtractError } from "../types.ts";
import { type Cpuinfo, parseCpuinfo, peekField } from "./cpuinfo.ts";
import { formatCpuList, parseCpuList, parseCpuMask } from "../../linux/cpulist.ts";
import { type CpuType, cpuTypes, type HybridPmu } from "./cpu_types.ts";
import type { ParseResult } from "../../linux/result.ts";
import { trimValue } from "../../linux/trim_value.ts";
import { IdentityCache } from "../../util/caches.ts";

/** sysfs directory of the CPUs. */
export const CPU = "/sys/devices/system/cpu";
/** sysfs directory of the NUMA nodes. */
export const NODE = "/sys/devices/system/node";
/** The kernel's CPU description. */
export const CPUINFO = "/proc/cpuinfo";

// ---------------------------------------------------------------------------
// Shared reads, memoised per host so that several sections read a file once.

interface HostCache {
  cpuinfoText?: string | null;
  cpuinfo?: Cpuinfo | null;
  online?: OnlineCpus;
  /** The CPU types and what they were computed from. */
  types?: { info: Cpuinfo | undefined; online: readonly number[]; types: CpuType[] };
  /** The NUMA nodes kept (see {@linkcode numaNodes}). */
  numaNodes?: NumaNode[];
}
const caches = new IdentityCache<Host, HostCache>("system.hostReads");
function cacheOf(host: Host): HostCache {
  let c = caches.get(host);
  if (!c) caches.set(host, c = {});
  return c;
}

/** /proc/cpuinfo text, or `undefined` when missing. */
export function cpuinfoText(host: Host): string | undefined {
  const c = cacheOf(host);
  if (c.cpuinfoText === undefined) c.cpuinfoText = host.tryReadText(CPUINFO) ?? null;
  return c.cpuinfoText ?? undefined;
}

/** A parser's value; its failure is an error naming the file it read. */
export function parsedOrThrow<T>(r: ParseResult<T>, path: string): T {
  if (!r.ok) throw new ExtractError(`${path}: ${r.error}`, path);
  return r.value;
}

/** What the readers use: the machine's files, and where to say that a file is left out. */
export type ReadContext = Pick<DiscoverContext, "host" | "warn">;

/**
 * Say that (part of) `path` could not be parsed and is left out (the runner
 * gives each message once, though several sections read the same files).
 */
export function warnLeftOut(ctx: ReadContext, path: string, problem: string): void {
  ctx.warn?.(`${path}: ${problem}; left out`);
}

/**
 * A parser's value; its failure costs only this file's values: a warning
 * naming the file, and `undefined` as if the file were missing.
 */
export function parsedOrLeftOut<T>(ctx: ReadContext, r: ParseResult<T>, path: string): T | undefined {
  if (r.ok) return r.value;
  warnLeftOut(ctx, path, r.error);
  return undefined;
}

/** Parsed /proc/cpuinfo, `undefined` when missing; malformed text is an error naming the file. */
export function cpuinfo(host: Host): Cpuinfo | undefined {
  const c = cacheOf(host);
  if (c.cpuinfo === undefined) {
    const text = cpuinfoText(host);
    c.cpuinfo = text === undefined ? null : parsedOrThrow(parseCpuinfo(text), CPUINFO);
  }
  return c.cpuinfo ?? undefined;
}

/** Parsed /proc/cpuinfo; missing or malformed is an error naming the file. */
export function requireCpuinfo(host: Host): Cpuinfo {
  const info = cpuinfo(host);
  if (!info) throw new ExtractError(`${CPUINFO} does not exist`, CPUINFO);
  return info;
}

/** A CPU list file, `undefined` when missing or (with a warning) malformed. */
export function readCpuList(ctx: ReadContext, path: string): number[] | undefined {
  const text = ctx.host.tryReadText(path);
  return text === undefined ? undefined : parsedOrLeftOut(ctx, parseCpuList(text), path);
}

/** A hexadecimal CPU mask file, `undefined` when missing or (with a warning) malformed. */
export function readCpuMask(ctx: ReadContext, path: string): number[] | undefined {
  const text = ctx.host.tryReadText(path);
  return text === undefined ? undefined : parsedOrLeftOut(ctx, parseCpuMask(text), path);
}

/** A one-value file (`vendor`, `product_name`), trimmed of whitespace and NULs; `undefined` when missing. */
export function readValue(host: Host, path: string): string | undefined {
  const text = host.tryReadText(path);
  return text === undefined ? undefined : trimValue(text);
}

/** An integer file (`core_id`, `numa_node`), `undefined` when missing or (with a warning) not an integer. */
export function readInt(ctx: ReadContext, path: string): number | undefined {
  const text = readValue(ctx.host, path);
  if (text === undefined) return undefined;
  if (/^-?\d{1,10}$/.test(text)) return Number(text);
  warnLeftOut(ctx, path, `${JSON.stringify(text.slice(0, 40))} is not an integer`);
  return undefined;
}

/** The online CPUs, the present ones that are not, and where the list came from. */
export interface OnlineCpus {
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
export function onlineCpus(ctx: ReadContext): OnlineCpus {
  const c = cacheOf(ctx.host);
  if (c.online) return c.online;
  let online = readCpuList(ctx, `${CPU}/online`);
  let source: OnlineCpus["source"] = "sysfs";
  const present = readCpuList(ctx, `${CPU}/present`) ?? readCpuList(ctx, `${CPU}/possible`);
  if (online === undefined) {
    const candidates = present ??
      ctx.host.listDir(CPU)?.map((n) => /^cpu(\d+)$/.exec(n)?.[1]).filter((n) => n !== undefined).map(Number);
    if (candidates && candidates.length > 0) {
      online = candidates.filter((n) => readValue(ctx.host, `${CPU}/cpu${n}/online`) !== "0");
    }
  }
  if (online === undefined || online.length === 0) {
    const info = cpuinfo(ctx.host);
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

/** One NUMA node the kernel lists and compspec keeps. */
export interface NumaNode {
  /** The N of /sys/devices/system/node/nodeN. */
  id: number;
  /** Its CPUs (empty for memory-only nodes: CXL expanders, GPU memory, HBM). */
  cpus: number[];
}

/**
 * The NUMA nodes of /sys/devices/system/node, ascending, checked as hwloc
 * checks them: a node whose CPU list (`cpulist`, else `cpumap`) is missing or
 * unreadable, or that claims CPUs a lower-numbered node already has (buggy
 * firmware where every node lists every CPU), is left out with a warning.
 * Empty when the kernel has no NUMA directory. Memoised per host: the `cpu`
 * and `memory` sections both need them.
 */
export function numaNodes(ctx: ReadContext): NumaNode[] {
  const c = cacheOf(ctx.host);
  if (c.numaNodes) return c.numaNodes;
  const ids = (ctx.host.listDir(NODE) ?? []).map((n) => /^node(\d{1,9})$/.exec(n)?.[1]).filter((n) => n !== undefined)
    .map(Number).sort((a, b) => a - b);
  const claimed = new Set<number>();
  const overlapping: number[] = [];
  const overlap = new Set<number>();
  const out: NumaNode[] = [];
  for (const id of ids) {
    const dir = `${NODE}/node${id}`;
    const cpus = readCpuList(ctx, `${dir}/cpulist`) ?? readCpuMask(ctx, `${dir}/cpumap`);
    if (cpus === undefined) {
      warnLeftOut(ctx, dir, "neither cpulist nor cpumap can be read, so its CPUs are unknown (hwloc ignores it too)");
      continue;
    }
    const taken = cpus.filter((cpu) => claimed.has(cpu));
    if (taken.length > 0) {
      overlapping.push(id);
      for (const cpu of taken) overlap.add(cpu);
      continue;
    }
    for (const cpu of cpus) claimed.add(cpu);
    out.push({ id, cpus });
  }
  if (overlapping.length > 0) {
    const which = overlapping.length === 1 ? `node${overlapping[0]}` : `nodes ${formatCpuList(overlapping)}`;
    warnLeftOut(
      ctx,
      NODE,
      `${which} claim CPUs (${formatCpuList(overlap)}) that a lower-numbered node already has: the kernel's NUMA ` +
        `information is inconsistent, and hwloc ignores such nodes too; ${which}`,
    );
  }
  return c.numaNodes = out;
}

/** Whether the first CPU in /proc/cpuinfo is an Intel one. */
function isIntel(info: Cpuinfo | undefined): boolean {
  const p = info?.processors[0];
  return p !== undefined && peekField(p, "vendor_id") === "GenuineIntel";
}

/** Intel hybrid PMUs (/sys/devices/cpu_core/cpus, cpu_atom/cpus), where the kernel has them. */
function hybridPmus(ctx: ReadContext): HybridPmu[] {
  const out: HybridPmu[] = [];
  for (const name of ["cpu_core", "cpu_atom"]) {
    const cpus = readCpuList(ctx, `/sys/devices/${name}/cpus`);
    if (cpus) out.push({ name, cpus });
  }
  return out;
}

/**
 * {@linkcode cpuTypes} of `online` (Intel's hybrid PMUs read only on Intel),
 * memoised per host for the same `info` and `online`: the `cpu` and
 * `processor` sections both need them, and on a large machine splitting the
 * CPUs into types looks into every CPU's cpuinfo block.
 */
export function cpuTypesOf(ctx: ReadContext, info: Cpuinfo | undefined, online: readonly number[]): CpuType[] {
  const c = cacheOf(ctx.host);
  if (c.types && c.types.info === info && c.types.online === online) return c.types.types;
  const types = cpuTypes(info, online, isIntel(info) ? hybridPmus(ctx) : []);
  c.types = { info, online, types };
  return types;
}

/**
 * Host reads shared by the `system` sections, memoised per host so that
 * several sections read a file once: /proc/cpuinfo (text and parsed), the
 * online CPUs, the CPU types, each NUMA node's CPUs, and CPU list, CPU mask
 * and integer files.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { ExtractError } from "../types.ts";
import { type Cpuinfo, parseCpuinfo, peekField } from "./cpuinfo.ts";
import { parseCpuList, parseCpuMask } from "./cpulist.ts";
import { type CpuType, cpuTypes, type HybridPmu } from "./cpu_types.ts";
import type { ParseResult } from "./result.ts";

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
  /** NUMA node directory name → its CPUs (`undefined`: neither cpulist nor cpumap). */
  nodeCpus?: Map<string, number[] | undefined>;
}
const caches = new WeakMap<Host, HostCache>();
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

/** A CPU list file, `undefined` when missing; malformed content is an error naming it. */
export function readCpuList(host: Host, path: string): number[] | undefined {
  const text = host.tryReadText(path);
  return text === undefined ? undefined : parsedOrThrow(parseCpuList(text), path);
}

/** A hexadecimal CPU mask file, `undefined` when missing; malformed content is an error naming it. */
export function readCpuMask(host: Host, path: string): number[] | undefined {
  const text = host.tryReadText(path);
  return text === undefined ? undefined : parsedOrThrow(parseCpuMask(text), path);
}

/** An integer file (`core_id`, `numa_node`), `undefined` when missing or not an integer. */
export function readInt(host: Host, path: string): number | undefined {
  const text = host.tryReadText(path)?.trim();
  return text !== undefined && /^-?\d{1,10}$/.test(text) ? Number(text) : undefined;
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
export function onlineCpus(host: Host): OnlineCpus {
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

/**
 * The CPUs of NUMA node directory `name` (`node0`): its cpulist, else its
 * cpumap; `undefined` when it has neither. Memoised per host: the `cpu` and
 * `memory` sections both need them.
 */
export function nodeCpus(host: Host, name: string): number[] | undefined {
  const c = cacheOf(host);
  const memo = c.nodeCpus ??= new Map();
  if (memo.has(name)) return memo.get(name);
  const dir = `${NODE}/${name}`;
  const cpus = readCpuList(host, `${dir}/cpulist`) ?? readCpuMask(host, `${dir}/cpumap`);
  memo.set(name, cpus);
  return cpus;
}

/** Whether the first CPU in /proc/cpuinfo is an Intel one. */
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

/**
 * {@linkcode cpuTypes} of `online` (Intel's hybrid PMUs read only on Intel),
 * memoised per host for the same `info` and `online`: the `cpu` and
 * `processor` sections both need them, and on a large machine splitting the
 * CPUs into types looks into every CPU's cpuinfo block.
 */
export function cpuTypesOf(host: Host, info: Cpuinfo | undefined, online: readonly number[]): CpuType[] {
  const c = cacheOf(host);
  if (c.types && c.types.info === info && c.types.online === online) return c.types.types;
  const types = cpuTypes(info, online, isIntel(info) ? hybridPmus(host) : []);
  c.types = { info, online, types };
  return types;
}

/**
 * Host reads shared by the `system` sections, memoised per host so that
 * several sections read a file once: /proc/cpuinfo (text and parsed), the
 * online CPUs, and CPU list, CPU mask and integer files.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { ExtractError } from "../types.ts";
import { type Cpuinfo, parseCpuinfo } from "./cpuinfo.ts";
import { parseCpuList, parseCpuMask } from "./cpulist.ts";

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

/** Parsed /proc/cpuinfo, `undefined` when missing; malformed text is an error naming the file. */
export function cpuinfo(host: Host): Cpuinfo | undefined {
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

/** Parsed /proc/cpuinfo; missing or malformed is an error naming the file. */
export function requireCpuinfo(host: Host): Cpuinfo {
  const info = cpuinfo(host);
  if (!info) throw new ExtractError(`${CPUINFO} does not exist`, CPUINFO);
  return info;
}

/** A CPU list file, `undefined` when missing; malformed content is an error naming it. */
export function readCpuList(host: Host, path: string): number[] | undefined {
  const text = host.tryReadText(path);
  if (text === undefined) return undefined;
  const r = parseCpuList(text);
  if (!r.ok) throw new ExtractError(`${path}: ${r.error}`, path);
  return r.value;
}

/** A hexadecimal CPU mask file, `undefined` when missing. */
export function readCpuMask(host: Host, path: string): number[] | undefined {
  const text = host.tryReadText(path);
  if (text === undefined) return undefined;
  const r = parseCpuMask(text);
  if (!r.ok) throw new ExtractError(`${path}: ${r.error}`, path);
  return r.value;
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

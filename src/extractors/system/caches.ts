/**
 * CPU caches from /sys/devices/system/cpu/cpuN/cache/indexM: names as lscpu
 * writes them, sizes in bytes, instances counted by distinct sharing sets.
 *
 * @module
 */
import type { Section } from "../types.ts";
import { trimValue } from "../../linux/trim_value.ts";
import { maxOf } from "../../util/array_ops.ts";

/** One cache instance: the CPUs sharing it and its size. */
export interface CacheInstance {
  /** `L1d`, `L1i`, `L2`, `L3` … */
  name: string;
  /** Size in bytes. */
  size: number;
  /** Lowest online CPU sharing it (for ordering). */
  firstCpu: number;
}

/**
 * A cache's name as lscpu writes it: `L` + level, then `d` for Data, `i` for
 * Instruction and nothing for Unified (`L1d`, `L2`, s390's `L2i`).
 */
export function cacheName(level: string, type: string): string | undefined {
  const l = trimValue(level);
  if (!/^\d{1,2}$/.test(l)) return undefined;
  const t = trimValue(type);
  const suffix = t === "Data" ? "d" : t === "Instruction" ? "i" : t === "Unified" ? "" : undefined;
  return suffix === undefined ? undefined : `L${l}${suffix}`;
}

/** Parse a sysfs cache size (`32K`, `1024K`, `16M`, `512`) into bytes; `undefined` when it is not one. */
export function parseCacheSize(text: string): number | undefined {
  const m = /^(\d+)\s*([KMG]?)$/i.exec(trimValue(text));
  if (!m) return undefined;
  const mult = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase()]!;
  return Number(m[1]) * mult;
}

/**
 * `cache.<name>.size` (bytes of one instance; the largest when instances differ,
 * as on hybrid machines), `cache.<name>.instances` and `cache.<name>.total`
 * (bytes over all instances, what lscpu prints), ordered by name.
 */
export function cacheKeys(instances: readonly CacheInstance[]): Section {
  const byName = new Map<string, number[]>();
  for (const i of instances) {
    let sizes = byName.get(i.name);
    if (!sizes) byName.set(i.name, sizes = []);
    sizes.push(i.size);
  }
  const out: Section = {};
  for (const name of [...byName.keys()].sort()) {
    const sizes = byName.get(name)!;
    out[`cache.${name}.size`] = String(maxOf(sizes));
    out[`cache.${name}.instances`] = String(sizes.length);
    out[`cache.${name}.total`] = String(sizes.reduce((a, b) => a + b, 0));
  }
  return out;
}

/**
 * Memory sizes as admins think of them, and never overstated: a node with
 * 503.9 GiB is a "503 GiB" node (GiB = floor(KiB / 1048576)), Slurm's
 * RealMemory is floor(KiB / 1024) MiB, and nodes of one group are described by
 * the smallest of them.
 *
 * Identical nodes rarely report identical MemTotal (firmware, kernel version and
 * crash-kernel reservations differ by a few MiB to a few hundred), so sizes are
 * compared with a tolerance: within 1 % or 1 GiB, whichever is larger, they are
 * the same size. A missing DIMM (a sixteenth of a node or more) is not.
 *
 * @module
 */
import { kibToGiB, kibToMiB } from "../util/size.ts";
import { withCommas } from "../util/plural.ts";

const KIB_PER_GIB = 1024 * 1024;
const KIB_PER_TIB = 1024 * 1024 * 1024;

/** KiB to whole MiB, rounded down (Slurm's RealMemory): the one rule of src/util/size.ts. */
export const mib: (kib: number) => number = kibToMiB;

/** KiB to whole GiB, rounded down. */
export const gib: (kib: number) => number = kibToGiB;

/** The most two sizes (KiB) may differ by and still be the same size: 1 % of the smaller, at least 1 GiB. */
export function memoryTolerance(smallerKib: number): number {
  return Math.max(smallerKib / 100, KIB_PER_GIB);
}

/** Whether two sizes (KiB) are the same size for people and schedulers (see {@linkcode memoryTolerance}). */
export function sameMemory(aKib: number, bKib: number): boolean {
  return Math.abs(aKib - bKib) <= memoryTolerance(Math.min(aKib, bKib));
}

/**
 * Sort sizes into classes of "the same size": ascending, each class starts at
 * its smallest size and takes every larger size within its tolerance. Returns
 * each size's class, named by that smallest size (KiB), so that a class is
 * described by what all its nodes have at least.
 */
export function memoryClasses(kibs: Iterable<number>): Map<number, number> {
  const sorted = [...new Set(kibs)].sort((a, b) => a - b);
  const out = new Map<number, number>();
  let start = -1;
  for (const k of sorted) {
    if (start < 0 || k - start > memoryTolerance(start)) start = k;
    out.set(k, start);
  }
  return out;
}

/** A size for people: whole GiB (or TiB from 10 TiB up), rounded down; `0 B` for none. */
export function formatMemory(kib: number): string {
  if (kib <= 0) return "0 B";
  if (kib >= 10 * KIB_PER_TIB) return `${withCommas(Math.floor(kib / KIB_PER_TIB))} TiB`;
  if (kib >= KIB_PER_GIB) return `${withCommas(gib(kib))} GiB`;
  return `${withCommas(mib(kib))} MiB`;
}

/**
 * A size difference for people, signed (`−8 GiB`, `+512 MiB`): the exact
 * difference rounded once, to the nearest unit of its size. Rounding it down
 * would make "15 GiB → 7 GiB" read "−7 GiB" when a node lost 8 GiB less a few
 * MiB of kernel reservations.
 */
export function formatMemoryChange(deltaKib: number): string {
  const sign = deltaKib < 0 ? "−" : "+";
  const kib = Math.abs(deltaKib);
  if (kib === 0) return "+0 B";
  const [unit, name] = kib >= 10 * KIB_PER_TIB ? [KIB_PER_TIB, "TiB"] : kib >= KIB_PER_GIB ? [KIB_PER_GIB, "GiB"] : [1024, "MiB"];
  return `${sign}${withCommas(Math.round(kib / unit))} ${name}`;
}

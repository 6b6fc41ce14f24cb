/**
 * Memory sizes as people and schedulers are shown them: whole GiB or MiB,
 * always rounded down, so that nothing is promised that a node lacks
 * (Slurm's RealMemory is MiB; Flux's own hwloc code counts whole GiB the same way).
 *
 * @module
 */

/** KiB per MiB. */
const KIB_PER_MIB = 1024;
/** KiB per GiB. */
const KIB_PER_GIB = 1024 * 1024;

/** Whole GiB in `kib` KiB, rounded down (0 for less than 1 GiB). */
export function kibToGiB(kib: number): number {
  return kib <= 0 ? 0 : Math.floor(kib / KIB_PER_GIB);
}

/** Whole MiB in `kib` KiB, rounded down (0 for less than 1 MiB). */
export function kibToMiB(kib: number): number {
  return kib <= 0 ? 0 : Math.floor(kib / KIB_PER_MIB);
}

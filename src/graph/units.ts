/**
 * The graph's unit policy: memory vertices count whole GiB, rounded down (whole
 * MiB below 1 GiB, so that no memory is lost), and carry the size exact to the
 * MiB as an attribute. A scheduler that counts memory in a vertex's unit is
 * never promised memory a node lacks.
 *
 * @module
 */
import { ATTR } from "../node/vocabulary.ts";
import { kibToGiB, kibToMiB } from "../util/size.ts";
import { BoundedCache } from "../util/caches.ts";

/** Unit of a memory vertex's `size` from 1 GiB up. */
export const MEMORY_UNIT = "GiB";

/** Unit of a memory vertex's `size` below 1 GiB. */
export const SMALL_MEMORY_UNIT = "MiB";

/** Attribute of a memory vertex: its size in MiB, rounded down (exact to the MiB). */
export const MEMORY_MIB_ATTRIBUTE = ATTR.memorySizeMib;

/**
 * The `size` and `unit` of the memory vertex for `kib` KiB of memory: whole
 * GiB, rounded down; below 1 GiB whole MiB (hwloc's 274 MiB test machines, a
 * 996 MiB NUMA node), so that every NUMA node with memory keeps its vertex
 * while graphs of larger nodes stay as they were; `undefined` below 1 MiB.
 */
export function memoryVertexSize(kib: number): { size: number; unit: string } | undefined {
  const gib = kibToGiB(kib);
  if (gib >= 1) return { size: gib, unit: MEMORY_UNIT };
  const mib = kibToMiB(kib);
  return mib >= 1 ? { size: mib, unit: SMALL_MEMORY_UNIT } : undefined;
}

/** Attributes already made, by size: one object per size, shared by every node with it (never change it). */
const made = new BoundedCache<number, Record<string, string>>("graph.sizeAttributes", 4096);

/** The attributes of the memory vertex for `kib` KiB: its exact size in MiB (shared: do not change them). */
export function memoryVertexAttributes(kib: number): Record<string, string> {
  let attributes = made.get(kib);
  if (!attributes) {
    attributes = { [MEMORY_MIB_ATTRIBUTE]: String(kibToMiB(kib)) };
    // Bounded: a cluster of all-different sizes only makes new objects.
    made.set(kib, attributes);
  }
  return attributes;
}

/**
 * The graph's unit policy: memory vertices count whole GiB, rounded down, and
 * carry the size exact to the MiB as an attribute. A scheduler that counts
 * memory in these units is never promised memory a node lacks.
 *
 * @module
 */
import { SC } from "../node/attributes.ts";
import { kibToGiB, kibToMiB } from "../util/size.ts";
import { BoundedCache } from "../util/caches.ts";

/** Unit of a memory vertex's `size`. */
export const MEMORY_UNIT = "GiB";

/** Attribute of a memory vertex: its size in MiB, rounded down (exact to the MiB). */
export const MEMORY_MIB_ATTRIBUTE = `${SC}.hardware.memory.size_mib`;

/**
 * The `size` of the memory vertex for `kib` KiB of memory: whole GiB, rounded
 * down; `undefined` below 1 GiB, where a GiB-counting scheduler can be promised
 * none of it (so such memory gets no vertex, as flux-core's own hwloc code
 * gives it no memory count).
 */
export function memoryVertexSize(kib: number): number | undefined {
  const gib = kibToGiB(kib);
  return gib >= 1 ? gib : undefined;
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

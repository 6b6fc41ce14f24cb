/**
 * Interning: one shared copy of equal values, found by a key the caller makes.
 * Most nodes of a cluster have the same CPU layout, memory and attributes, so a
 * folder of 100,000 node files then keeps a few records' worth of them, not
 * 100,000 copies. Interned values are shared: nobody may change them.
 *
 * @module
 */
import { BoundedCache } from "./caches.ts";

/** A bounded pool of shared values (one of the caches of util/caches.ts). */
export class InternPool<T> extends BoundedCache<string, T> {
  /** `limit`: keys kept at most (a cluster of all-different nodes then interns only the first ones). */
  constructor(name: string, limit = 4096) {
    super(name, limit, "keep");
  }

  /** The value kept under `key`; else `value`, now kept under it (while the pool has room). */
  intern(key: string, value: T): T {
    return this.get(key) ?? this.set(key, value);
  }
}

/** `value`, or the equal value `pool` already holds (equal: the same JSON text). */
export function internJson<T>(pool: InternPool<T>, value: T): T {
  return pool.intern(JSON.stringify(value), value);
}

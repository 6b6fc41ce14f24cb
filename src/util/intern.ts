/**
 * Interning: one shared copy of equal values, found by a key the caller makes.
 * Most nodes of a cluster have the same CPU layout, memory and attributes, so a
 * folder of 100,000 node files then keeps a few records' worth of them, not
 * 100,000 copies. Interned values are shared: nobody may change them.
 *
 * @module
 */

/** A bounded pool of shared values. */
export class InternPool<T> {
  readonly #pool = new Map<string, T>();

  /** `limit`: keys kept at most (a cluster of all-different nodes then interns only the first ones). */
  constructor(readonly limit = 4096) {}

  /** The value kept under `key`, if any. */
  get(key: string): T | undefined {
    return this.#pool.get(key);
  }

  /** The value kept under `key`; else `value`, now kept under it (while the pool has room). */
  intern(key: string, value: T): T {
    const kept = this.#pool.get(key);
    if (kept !== undefined) return kept;
    if (this.#pool.size < this.limit) this.#pool.set(key, value);
    return value;
  }
}

/** `value`, or the equal value `pool` already holds (equal: the same JSON text). */
export function internJson<T>(pool: InternPool<T>, value: T): T {
  return pool.intern(JSON.stringify(value), value);
}

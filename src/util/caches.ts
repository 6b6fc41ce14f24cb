/**
 * Every module-level cache of compspec, in one place. The nodes of a cluster
 * mostly share their layout, memory and attributes, so parsing, record parts
 * and the graph writers' text are kept and reused (the speed of `create nodes`
 * on 10,000 nodes rests on them). Each cache is made here, under a name, with
 * its bound; {@linkcode resetCaches} empties them all (for tests, and for a
 * process that reads unrelated clusters one after another).
 *
 * What a cache holds is shared by everyone who asks: never change it.
 *
 * @module
 */

/** What every cache can do. */
interface Cache {
  readonly name: string;
  clear(): void;
}

/** The caches made so far, by name. */
const caches = new Map<string, Cache>();

function register(cache: Cache): void {
  // A name twice would mean two modules share (and reset) what they think is their own.
  if (caches.has(cache.name)) throw new Error(`internal error: cache ${cache.name} made twice`);
  caches.set(cache.name, cache);
}

/**
 * A map that keeps at most `limit` keys. When full, `"keep"` stops adding
 * (the first keys stay: a cluster of all-different nodes caches only the
 * first ones) and `"restart"` empties it first (the newest keys stay).
 */
export class BoundedCache<K, V> implements Cache {
  readonly #map = new Map<K, V>();

  constructor(readonly name: string, readonly limit: number, readonly whenFull: "keep" | "restart" = "keep") {
    register(this);
  }

  /** The value kept under `key`, if any. */
  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Keep `value` under `key` (room permitting); returns `value`. */
  set(key: K, value: V): V {
    if (this.#map.size >= this.limit) {
      if (this.whenFull === "keep") return value;
      this.#map.clear();
    }
    this.#map.set(key, value);
    return value;
  }

  /** How many keys are kept. */
  get size(): number {
    return this.#map.size;
  }

  /** Forget everything. */
  clear(): void {
    this.#map.clear();
  }
}

/** A cache by object identity: an entry lives as long as its key object (a `WeakMap`). */
export class IdentityCache<K extends object, V> implements Cache {
  #map = new WeakMap<K, V>();

  constructor(readonly name: string) {
    register(this);
  }

  /** The value kept for `key`, if any. */
  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Keep `value` for `key`; returns `value`. */
  set(key: K, value: V): V {
    this.#map.set(key, value);
    return value;
  }

  /** Forget everything. */
  clear(): void {
    this.#map = new WeakMap();
  }
}

/** Empty every cache (the next run parses and renders everything afresh). */
export function resetCaches(): void {
  for (const cache of caches.values()) cache.clear();
}

/** The names of the caches made so far (the modules that make them have been loaded). */
export function cacheNames(): string[] {
  return [...caches.keys()].sort();
}

/**
 * JSON with object keys sorted at every level: the same data always gives the
 * same bytes (and the key order Go's encoder writes for maps).
 *
 * @module
 */

/** A copy of `value` whose objects have their keys in sorted order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** `JSON.stringify` of {@linkcode sortKeys}`(value)`. */
export function stableJson(value: unknown, indent: number | undefined = 2): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

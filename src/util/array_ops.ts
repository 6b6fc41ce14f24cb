/**
 * Largest, smallest and append over arrays of any length. `Math.max(...a)`,
 * `Math.min(...a)` and `a.push(...b)` pass every element as an argument, on
 * the stack: a million of them ("Maximum call stack size exceeded") is one
 * large graph away, so src/ spreads no unbounded array into a call.
 *
 * @module
 */

/** The largest of `values` (NaN when one is NaN), or `empty` when there are none (as `Math.max()`: -Infinity). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let best = empty;
  let any = false;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (!any || v > best) best = v;
    any = true;
  }
  return best;
}

/** The smallest of `values` (NaN when one is NaN), or `empty` when there are none (as `Math.min()`: Infinity). */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let best = empty;
  let any = false;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (!any || v < best) best = v;
    any = true;
  }
  return best;
}

/** Append every item of `items` to `target` (one at a time); returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

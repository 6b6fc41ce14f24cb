/**
 * Numbers in words for people: thousands separators that do not depend on the
 * runtime's locale data, and singular or plural ("1 node", "2 nodes"). Pure.
 *
 * @module
 */

/** An integer with thousands separators (`65,344`). */
export function withCommas(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0 ? `-${grouped}` : grouped;
}

/** `n` and the noun, singular for 1: `1 node`, `1,024 PUs`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${withCommas(n)} ${n === 1 ? one : many}`;
}

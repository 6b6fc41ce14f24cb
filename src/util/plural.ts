/**
 * Counts in words for people: `1 extractor`, `2 extractors`, `1,024 PUs`. Every
 * message and summary that shows a count uses it, so none says "1 extractors";
 * thousands separators do not depend on the runtime's locale data.
 *
 * @module
 */

/** An integer with thousands separators (`65,344`). */
export function withCommas(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0 ? `-${grouped}` : grouped;
}

/** `n` and `noun`, plural unless `n` is 1 (`plural` for nouns that do not just add "s"): `1 node`, `1,024 PUs`. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${withCommas(n)} ${n === 1 ? noun : plural}`;
}

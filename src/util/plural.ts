/**
 * Counts in words: `1 extractor`, `2 extractors`, `0 node files`. Every
 * message and summary that shows a count uses it, so none says "1 extractors".
 *
 * @module
 */

/** `n` and `noun`, plural unless `n` is 1 (`plural` for nouns that do not just add "s"). */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

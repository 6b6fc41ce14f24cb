/**
 * The bounds every YAML-or-JSON input shares (compatibility artifacts and
 * requests in src/compat/document.ts, `match`'s manifest in
 * structured_text.ts): how large, and how deeply nested, untrusted text may be
 * before a parser spends seconds and gigabytes on it.
 *
 * @module
 */

/** The largest artifact or request read (real ones are well under 10 KiB); the largest YAML manifest. */
export const MAX_DOCUMENT_BYTES = 1 << 20;

/** Deepest nesting of lists and mappings accepted (an NFD artifact nests 8 levels). */
export const MAX_NESTING = 64;

/**
 * The deepest bracket nesting of flow collections, counted before parsing:
 * a deeply nested document costs the parser seconds, this scan microseconds.
 * Quoted strings and comments are skipped; the count may only over-estimate.
 */
export function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) { // [ {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) { // ] }
      if (depth > 0) depth--;
    } else if (c === 0x22) { // "…" with escapes
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x27) { // '…' ('' is an escaped quote, which this loop also steps over)
      for (i++; i < text.length && text.charCodeAt(i) !== 0x27; i++);
    } else if (c === 0x23 && (i === 0 || /\s/.test(text[i - 1]!))) { // # comment to end of line
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    }
  }
  return max;
}

/**
 * Nesting depth of parsed data (iteratively: block-style nesting is not
 * bracketed, so the pre-scan misses it), and how many keys its mappings hold.
 * The walk stops below {@linkcode MAX_NESTING}.
 */
export function shapeOf(value: unknown): { depth: number; keys: number } {
  let depth = 0;
  let keys = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > depth) depth = d;
    if (d > MAX_NESTING) break;
    if (Array.isArray(v)) for (const x of v) stack.push([x, d + 1]);
    else if (v !== null && typeof v === "object") {
      const values = Object.values(v);
      keys += values.length;
      for (const x of values) stack.push([x, d + 1]);
    }
  }
  return { depth, keys };
}

/**
 * Sets of non-negative integers as Flux writes them (RFC 22 idsets): `0-3,8,10-11`.
 * Flux names a node's cores and GPUs, and a resource set's ranks, this way.
 *
 * @module
 */
import { namedError } from "./named_error.ts";

/** An idset that cannot be decoded (the message says why). */
export class IdsetError extends namedError("IdsetError") {}

/**
 * Encode ids (any order, duplicates ignored) as ascending ranges; two or more
 * consecutive ids become a range, as Flux's `idset_encode(…, IDSET_FLAG_RANGE)`.
 *
 * @example
 * ```ts
 * encodeIdset([3, 0, 1, 2, 8]); // "0-3,8"
 * ```
 */
export function encodeIdset(ids: Iterable<number>): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    const first = sorted[i]!;
    if (!Number.isSafeInteger(first) || first < 0) throw new IdsetError(`${first} is not a non-negative integer`);
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(first) : `${first}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * Decode an idset (`0-3,8`, optionally in brackets: `[0-3]`) into ascending,
 * distinct ids; at most `limit` of them. Throws {@linkcode IdsetError}.
 */
export function decodeIdset(text: string, limit = 1 << 20): number[] {
  let s = text.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  if (s === "") return [];
  const seen = new Set<number>();
  for (const part of s.split(",")) {
    const m = /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(part.trim());
    if (!m) throw new IdsetError(`bad idset element ${JSON.stringify(part)} in ${JSON.stringify(text)}`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new IdsetError(`range ${JSON.stringify(part)} runs backwards in ${JSON.stringify(text)}`);
    if (seen.size + (hi - lo + 1) > limit) throw new IdsetError(`${JSON.stringify(text)} has more than ${limit} ids`);
    for (let n = lo; n <= hi; n++) seen.add(n);
  }
  return [...seen].sort((a, b) => a - b);
}

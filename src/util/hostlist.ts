/**
 * Hostlists as Slurm and Flux write them (Flux RFC 29): `node[001-128,130],login1`.
 * A hostname is a prefix and an optional run of trailing digits; consecutive
 * names with the same prefix share one bracket of ranges, and a range keeps the
 * zero padding of its first number (`node[08-10]` is node08, node09, node10).
 * Pure functions: names in, text out, and back.
 *
 * @module
 */
import { namedError } from "./named_error.ts";

/** A hostlist that cannot be expanded (the message says where). */
export class HostlistError extends namedError("HostlistError") {}

/** The largest number of hosts {@linkcode expandHostlist} produces (a typo like `n[0-999999999]` must not eat memory). */
export const MAX_EXPANDED_HOSTS = 1_000_000;

const TRAILING_DIGITS = /^(.*?)(\d{1,15})$/;

/** `n` printed with at least `width` digits. */
function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * Compress `names` into one hostlist, keeping their order: only neighbours in
 * `names` are merged, so sort first (natural order) for the shortest text.
 * Names are not checked; a name holding `,` or `[` cannot round-trip.
 *
 * @example
 * ```ts
 * compressHostlist(["node001", "node002", "node003", "node130", "login1"]);
 * // "node[001-003,130],login1"
 * ```
 */
export function compressHostlist(names: readonly string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < names.length) {
    const m = TRAILING_DIGITS.exec(names[i]!);
    if (!m) {
      out.push(names[i]!);
      i++;
      continue;
    }
    const prefix = m[1]!;
    // Ranges under this prefix: [first text, last number, width].
    const ranges: { first: string; last: number; width: number }[] = [];
    let count = 0;
    for (; i < names.length; i++) {
      const n = TRAILING_DIGITS.exec(names[i]!);
      if (!n || n[1] !== prefix) break;
      const digits = n[2]!;
      const value = Number(digits);
      const r = ranges[ranges.length - 1];
      // Joins the open range when it is the next number and prints the same under that range's padding.
      if (r && value === r.last + 1 && pad(value, r.width) === digits) r.last = value;
      else ranges.push({ first: digits, last: value, width: digits.length });
      count++;
    }
    if (count === 1) {
      out.push(`${prefix}${ranges[0]!.first}`);
      continue;
    }
    const body = ranges.map((r) =>
      Number(r.first) === r.last ? r.first : `${r.first}-${pad(r.last, r.width)}`
    ).join(",");
    out.push(`${prefix}[${body}]`);
  }
  return out.join(",");
}

/** Split at commas that are not inside brackets. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[") {
      if (depth > 0) throw new HostlistError(`nested '[' at offset ${i} in ${JSON.stringify(text)}`);
      depth++;
    } else if (c === "]") {
      if (depth === 0) throw new HostlistError(`']' without '[' at offset ${i} in ${JSON.stringify(text)}`);
      depth--;
    } else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new HostlistError(`unclosed '[' in ${JSON.stringify(text)}`);
  parts.push(text.slice(start));
  return parts;
}

/**
 * Expand a hostlist into names, in the order written. Accepts what
 * {@linkcode compressHostlist} writes, plus a suffix after the bracket
 * (`n[1-2]-ib`), as Slurm and Flux do. Throws {@linkcode HostlistError}.
 *
 * @example
 * ```ts
 * expandHostlist("node[08-10],login1"); // ["node08", "node09", "node10", "login1"]
 * ```
 */
export function expandHostlist(text: string): string[] {
  const out: string[] = [];
  const trimmed = text.trim();
  if (trimmed === "") return out;
  for (const part of topLevelParts(trimmed)) {
    const p = part.trim();
    if (p === "") throw new HostlistError(`empty host name in ${JSON.stringify(text)}`);
    const open = p.indexOf("[");
    if (open < 0) {
      out.push(p);
      continue;
    }
    const close = p.indexOf("]", open);
    const prefix = p.slice(0, open);
    const suffix = p.slice(close + 1);
    if (suffix.includes("[")) throw new HostlistError(`more than one bracket in ${JSON.stringify(p)}`);
    for (const range of p.slice(open + 1, close).split(",")) {
      const m = /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(range.trim());
      if (!m) throw new HostlistError(`bad range ${JSON.stringify(range)} in ${JSON.stringify(p)}`);
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      if (hi < lo) throw new HostlistError(`range ${JSON.stringify(range)} runs backwards in ${JSON.stringify(p)}`);
      if (out.length + (hi - lo + 1) > MAX_EXPANDED_HOSTS) {
        throw new HostlistError(`${JSON.stringify(text)} names more than ${MAX_EXPANDED_HOSTS} hosts`);
      }
      for (let n = lo; n <= hi; n++) out.push(`${prefix}${pad(n, m[1]!.length)}${suffix}`);
    }
  }
  return out;
}

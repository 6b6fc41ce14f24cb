/**
 * Read /proc/cpuinfo the way archspec's `proc_cpuinfo()` does: key/value
 * pairs of the first processor block only.
 *
 * @module
 */
import { scanCpuinfoLines } from "../linux/cpuinfo_lines.ts";

/**
 * Where JS whitespace (`\s`, `trim()`) and Python's (`str.strip()`,
 * `str.split()`) differ: Python also counts \x1c-\x1f and \x85, JS also \ufeff.
 * Text without these takes the fast native path; text with them the exact one.
 * (Native string ops matter on a cold start: compiling a hand-written loop
 * costs more than parsing a whole cpuinfo block.)
 */
// deno-lint-ignore no-control-regex -- these control characters are the point
const WS_DIFFERS = /[\x1c-\x1f\x85\ufeff]/;

function isPyWs(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 ||
    c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Python `str.strip()` (no argument). */
export function pyStrip(s: string): string {
  if (!WS_DIFFERS.test(s)) return s.trim();
  let from = 0;
  let to = s.length;
  while (from < to && isPyWs(s.charCodeAt(from))) from++;
  while (to > from && isPyWs(s.charCodeAt(to - 1))) to--;
  return s.slice(from, to);
}

/** Python `str.split()` (no argument): whitespace runs, no empty strings. */
export function pySplit(s: string): string[] {
  if (!WS_DIFFERS.test(s)) {
    const words = s.split(/\s+/);
    // Only the ends can be empty: split leaves "" before leading / after trailing whitespace.
    if (words[0] === "") words.shift();
    if (words.length > 0 && words[words.length - 1] === "") words.pop();
    return words;
  }
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (isPyWs(s.charCodeAt(i))) {
      if (start >= 0) out.push(s.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/**
 * The first processor block of /proc/cpuinfo as archspec reads it.
 *
 * Per line: `key, sep, value = line.partition(":")`, then
 * `data[key.strip()] = value.strip()`; reading stops at the first line
 * without ':' once `data` is non-empty (the blank line after processor 0).
 * Like Python, a colon-less line met while `data` is still empty is stored
 * (as `line.strip() → ""`) rather than skipped; later duplicate keys win.
 * Lines split as Python's universal newlines do (`\n`, `\r\n`, `\r`); a
 * trailing newline does not start another line.
 */
export function parseFirstBlock(cpuinfo: string): Map<string, string> {
  const text = cpuinfo.includes("\r") ? cpuinfo.replace(/\r\n?/g, "\n") : cpuinfo;
  const data = new Map<string, string>();
  // Stops early: a 256-CPU cpuinfo is ~0.5 MB, and only block 0 matters.
  scanCpuinfoLines(text, {
    field(key, value) {
      data.set(key, value);
    },
    other(line) {
      if (data.size > 0) return false;
      data.set(pyStrip(line), "");
    },
  }, pyStrip);
  return data;
}

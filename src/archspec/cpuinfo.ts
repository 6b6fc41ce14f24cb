/**
 * Read /proc/cpuinfo the way archspec's `proc_cpuinfo()` does: key/value
 * pairs of the first processor block only.
 *
 * @module
 */

/**
 * Python's `str.strip()`/`str.split()` whitespace. JS `\s` differs slightly
 * (it lacks \x1c-\x1f and \x85, and adds \ufeff), and archspec runs Python.
 */
const PY_WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, "g");
const SPLIT = new RegExp(`[${PY_WS}]+`);

/** Python `str.strip()` (no argument). */
export function pyStrip(s: string): string {
  return s.replace(STRIP, "");
}

/** Python `str.split()` (no argument): whitespace runs, no empty strings. */
export function pySplit(s: string): string[] {
  return s.split(SPLIT).filter((w) => w !== "");
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
  const data = new Map<string, string>();
  // Walk line by line and stop early: a 256-CPU cpuinfo is ~0.5 MB, and only block 0 matters.
  const eol = /\r\n|\r|\n/g;
  let start = 0;
  while (start < cpuinfo.length) {
    const m = eol.exec(cpuinfo);
    const end = m ? m.index : cpuinfo.length;
    const line = cpuinfo.slice(start, end);
    start = m ? eol.lastIndex : cpuinfo.length;
    const at = line.indexOf(":");
    if (at < 0 && data.size > 0) break;
    if (at < 0) data.set(pyStrip(line), "");
    else data.set(pyStrip(line.slice(0, at)), pyStrip(line.slice(at + 1)));
  }
  return data;
}

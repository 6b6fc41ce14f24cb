/**
 * Parsing the kernel command line (/proc/cmdline) into key=value pairs.
 *
 * @module
 */
import type { Section } from "../types.ts";

/**
 * Parse a kernel command line the way the kernel splits it: parameters are
 * separated by whitespace, double quotes may enclose spaces (`foo="a b"`) and are
 * removed, and everything after a lone `--` is for init, not the kernel, so it is
 * not reported.
 *
 * Each `key=value` gives key → value (split at the first `=`, so
 * `root=UUID=1234` keeps `UUID=1234`); a bare flag such as `quiet` gives
 * key → `""`, as compspec-go writes it. A repeated key keeps its last value.
 *
 * @example
 * ```ts
 * parseKernelCmdline('ro quiet root=UUID=ab12 dyndbg="file x.c +p"');
 * // { ro: "", quiet: "", root: "UUID=ab12", dyndbg: "file x.c +p" }
 * ```
 */
export function parseKernelCmdline(text: string): Section {
  const out: Section = {};
  for (const token of splitCmdline(text)) {
    if (token === "--") break; // the rest are init's arguments
    const eq = token.indexOf("=");
    const key = eq < 0 ? token : token.slice(0, eq);
    if (key === "") continue; // "=x" names nothing
    out[key] = eq < 0 ? "" : token.slice(eq + 1);
  }
  return out;
}

/** Split at whitespace outside double quotes, dropping the quote characters. */
function splitCmdline(text: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let inQuotes = false;
  let started = false;
  for (const ch of text) {
    if (ch === '"') {
      inQuotes = !inQuotes;
      started = true;
    } else if (!inQuotes && (ch === " " || ch === "\t" || ch === "\n" || ch === "\r")) {
      if (started) tokens.push(current);
      current = "";
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens;
}

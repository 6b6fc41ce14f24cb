/**
 * /proc/meminfo and /sys/devices/system/node/nodeN/meminfo.
 *
 * @module
 */
import { fail, ok, type ParseResult } from "./result.ts";

/** One meminfo line: compspec-go's key and the value with its unit. */
export interface MeminfoLine {
  /** `memtotal`, `active_anon` (lower case, `(` → `_`, `)` removed). */
  key: string;
  /** `"24105 kB"`, `"0"`. */
  value: string;
}

/**
 * Parse meminfo text as compspec-go does: every `Name: value` line gives
 * `name` (lower-cased, `(` → `_`, `)` removed) → value as written (`24105 kB`).
 * A per-node file's `Node 0 ` prefix is dropped. Never throws: a non-blank line
 * without a colon, or no lines at all, is an error result.
 */
export function parseMeminfo(text: string): ParseResult<MeminfoLine[]> {
  const out: MeminfoLine[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) return fail(`line ${i + 1} is not "Name: value": ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().replace(/^Node\s+\d+\s+/, "");
    out.push({ key: meminfoKey(name), value: line.slice(colon + 1).trim() });
  }
  if (out.length === 0) return fail("no lines");
  return ok(out);
}

/** compspec-go's key for a meminfo name: `Active(anon)` → `active_anon`. */
export function meminfoKey(name: string): string {
  return name.replaceAll("(", "_").replaceAll(")", "").toLowerCase();
}

/** Parse a meminfo size (`32768 kB`) into kB; `undefined` when it is not one. */
export function meminfoKb(value: string): number | undefined {
  const m = /^(\d+)\s*kB$/i.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

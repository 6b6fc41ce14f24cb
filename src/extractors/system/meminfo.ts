/**
 * /proc/meminfo and /sys/devices/system/node/nodeN/meminfo.
 *
 * @module
 */
import { fail, ok, type ParseResult } from "../../linux/result.ts";
import { trimValue } from "../../linux/trim_value.ts";

/** One meminfo line: compspec-go's key and the value with its unit. */
export interface MeminfoLine {
  /** `memtotal`, `active_anon` (lower case, `(` → `_`, `)` removed). */
  key: string;
  /** `"24105 kB"`, `"0"`. */
  value: string;
}

/** Parsed meminfo: its lines, and what was skipped. */
export interface Meminfo {
  lines: MeminfoLine[];
  /** Why lines were skipped (`line 3 is not "Name: value": …`); empty for a well-formed file. */
  skipped: string[];
}

/**
 * Parse meminfo text as compspec-go does: every `Name: value` line gives
 * `name` (lower-cased, `(` → `_`, `)` removed) → value as written (`24105 kB`).
 * A per-node file's `Node 0 ` prefix is dropped. Never throws: a non-blank line
 * without a colon is skipped (and said in `skipped`); text with no line at all
 * is an error result.
 */
export function parseMeminfo(text: string): ParseResult<Meminfo> {
  const lines: MeminfoLine[] = [];
  const skipped: string[] = [];
  const raw = text.split("\n");
  for (let i = 0; i < raw.length; i++) {
    const line = trimValue(raw[i]!);
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) {
      skipped.push(`line ${i + 1} is not "Name: value": ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    const name = line.slice(0, colon).trim().replace(/^Node\s+\d+\s+/, "");
    lines.push({ key: meminfoKey(name), value: line.slice(colon + 1).trim() });
  }
  if (lines.length === 0) return fail(skipped.length > 0 ? skipped[0]! : "no lines");
  return ok({ lines, skipped });
}

/** compspec-go's key for a meminfo name: `Active(anon)` → `active_anon`. */
export function meminfoKey(name: string): string {
  return name.replaceAll("(", "_").replaceAll(")", "").toLowerCase();
}

/** Parse a meminfo size (`32768 kB`) into kB; `undefined` when it is not one. */
export function meminfoKb(value: string): number | undefined {
  const m = /^(\d+)\s*kB$/i.exec(trimValue(value));
  return m ? Number(m[1]) : undefined;
}

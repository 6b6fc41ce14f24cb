/**
 * Parsing /proc/cpuinfo on every architecture Linux runs on: x86's and ARM's
 * one block per CPU, armv7's shared trailer, POWER's machine trailer, s390's
 * `processor N: version = …` lines and `cpu number` blocks, sparc's global
 * block with no per-CPU entries at all.
 *
 * @module
 */
import { fail, ok, type ParseResult } from "./result.ts";

/** One logical CPU's own lines. */
export interface CpuinfoEntry {
  /** The CPU number (`processor`, `cpu number`, or s390's `processor N:`). */
  cpu: number;
  /** Field name as written (`model name`, `CPU part`) → value; empty values are left out. */
  fields: Map<string, string>;
}

/** /proc/cpuinfo, split into per-CPU entries and the lines that belong to no CPU. */
export interface Cpuinfo {
  /** Per-CPU entries, sorted by CPU number. */
  processors: CpuinfoEntry[];
  /** Lines outside any CPU's block (s390 header, armv7 and POWER trailers, sparc's whole file). */
  global: Map<string, string>;
}

/**
 * Parse /proc/cpuinfo text. Never throws: text without a single `key : value`
 * line is an error result.
 *
 * A line `processor : N` starts CPU N's block, which runs to the next blank
 * line; `cpu number : N` (s390) does the same and merges into CPU N; s390's
 * `processor N: version = 00, identification = …, machine = 2964` gives CPU N
 * the fields `version`, `identification`, `machine`. Every other line outside a
 * block is global. Keys and values are trimmed; within a block the last
 * duplicate wins.
 */
export function parseCpuinfo(text: string): ParseResult<Cpuinfo> {
  const byCpu = new Map<number, CpuinfoEntry>();
  const global = new Map<string, string>();
  let current: CpuinfoEntry | undefined;
  let pairs = 0;
  const entry = (cpu: number): CpuinfoEntry => {
    let e = byCpu.get(cpu);
    if (!e) byCpu.set(cpu, e = { cpu, fields: new Map() });
    return e;
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      current = undefined;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === "") continue;
    pairs++;
    if ((key === "processor" || key === "cpu number") && /^\d{1,6}$/.test(value)) {
      current = entry(Number(value));
      if (key === "processor") current.fields.set(key, value);
      continue;
    }
    const s390 = /^processor (\d{1,6})$/.exec(key);
    if (s390) {
      // processor 0: version = 00,  identification = 4729E7,  machine = 2964
      const e = entry(Number(s390[1]));
      for (const part of value.split(",")) {
        const eq = part.indexOf("=");
        if (eq < 0) continue;
        const k = part.slice(0, eq).trim();
        const v = part.slice(eq + 1).trim();
        if (k !== "" && v !== "") e.fields.set(k, v);
      }
      continue;
    }
    if (value === "") continue; // compspec-go leaves empty values out too
    (current ? current.fields : global).set(key, value);
  }
  if (pairs === 0) return fail("no 'key : value' lines");
  return ok({ processors: [...byCpu.values()].sort((a, b) => a.cpu - b.cpu), global });
}

/** Look a field up case-insensitively (`model name`, `Model Name`). */
export function getField(fields: ReadonlyMap<string, string>, ...names: string[]): string | undefined {
  for (const name of names) {
    const direct = fields.get(name);
    if (direct !== undefined) return direct;
    const lower = name.toLowerCase();
    for (const [k, v] of fields) if (k.toLowerCase() === lower) return v;
  }
  return undefined;
}

/**
 * Everything cpuinfo says about one CPU: its own lines, then the global lines
 * it does not override (armv7 puts `Features` and `CPU part` after the blocks;
 * s390 puts `vendor_id` and `features` before them).
 */
export function cpuFields(info: Cpuinfo, cpu: number): Map<string, string> {
  const own = info.processors.find((p) => p.cpu === cpu)?.fields ?? new Map<string, string>();
  const out = new Map(own);
  const ownLower = new Set([...own.keys()].map((k) => k.toLowerCase()));
  for (const [k, v] of info.global) if (!ownLower.has(k.toLowerCase())) out.set(k, v);
  return out;
}

/** compspec-go's key for a cpuinfo field: lower case, spaces to `_` (`CPU part` → `cpu_part`). */
export function rawKey(field: string): string {
  return field.toLowerCase().replace(/\s+/g, "_");
}

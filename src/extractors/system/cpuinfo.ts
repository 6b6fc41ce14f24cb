/**
 * Parsing /proc/cpuinfo on every architecture Linux runs on: x86's and ARM's
 * one block per CPU, armv7's shared trailer, POWER's machine trailer, s390's
 * `processor N: version = …` lines and `cpu number` blocks, sparc's global
 * block with no per-CPU entries at all.
 *
 * @module
 */
import { cpuinfoBlocks, scanCpuinfoLines } from "../../linux/cpuinfo_lines.ts";
import { fail, ok, type ParseResult } from "../../linux/result.ts";
import { BoundedCache } from "../../util/caches.ts";

/** One logical CPU's own lines. */
export interface CpuinfoEntry {
  /** The CPU number (`processor`, `cpu number`, or s390's `processor N:`). */
  readonly cpu: number;
  /** Field name as written (`model name`, `CPU part`) → value; empty values are left out. */
  readonly fields: Map<string, string>;
}

/** /proc/cpuinfo, split into per-CPU entries and the lines that belong to no CPU. */
export interface Cpuinfo {
  /** Per-CPU entries, sorted by CPU number. */
  processors: CpuinfoEntry[];
  /** Lines outside any CPU's block (s390 header, armv7 and POWER trailers, sparc's whole file). */
  global: Map<string, string>;
}

/**
 * A CPU's block that is parsed only when its fields are asked for: a 256-CPU
 * machine's cpuinfo is hundreds of kB, and most callers need one or two CPUs'
 * fields and a field or two of the others ({@linkcode peekField}).
 */
class LazyEntry implements CpuinfoEntry {
  #text: string;
  #fields: Map<string, string> | undefined;
  constructor(readonly cpu: number, text: string) {
    this.#text = text;
  }
  get fields(): Map<string, string> {
    if (!this.#fields) {
      const f = new Map<string, string>();
      scanCpuinfoLines(this.#text, {
        field(key, value) {
          if (key !== "" && value !== "") f.set(key, value);
        },
      });
      this.#fields = f;
    }
    return this.#fields;
  }
  /** The block's text, while it is not parsed yet. */
  get unparsed(): string | undefined {
    return this.#fields ? undefined : this.#text;
  }
}

class EagerEntry implements CpuinfoEntry {
  readonly fields = new Map<string, string>();
  constructor(readonly cpu: number) {}
}

// A block that is one CPU's and nothing else: `processor : N` first, no other CPU-starting line.
const SIMPLE_BLOCK = /^processor[ \t]*:[ \t]*(\d{1,6})[ \t]*(?:\n|$)/;

/**
 * Parse /proc/cpuinfo text. Never throws: text without a single `key : value`
 * line is an error result.
 *
 * A line `processor : N` starts CPU N's block, which runs to the next blank
 * line; `cpu number : N` (s390) does the same and merges into CPU N; s390's
 * `processor N: version = 00, identification = …, machine = 2964` gives CPU N
 * the fields `version`, `identification`, `machine`. Every other line outside a
 * block is global. Keys and values are trimmed; within a block the last
 * duplicate wins. Blocks are parsed when first used.
 */
export function parseCpuinfo(text: string): ParseResult<Cpuinfo> {
  const byCpu = new Map<number, CpuinfoEntry>();
  const global = new Map<string, string>();
  let pairs = 0;
  const eager = (cpu: number): Map<string, string> => {
    let e = byCpu.get(cpu);
    if (!e) byCpu.set(cpu, e = new EagerEntry(cpu));
    return e.fields;
  };
  for (const block of cpuinfoBlocks(text)) {
    const simple = SIMPLE_BLOCK.exec(block);
    if (simple && !block.includes("\nprocessor") && !block.includes("\ncpu number")) {
      const cpu = Number(simple[1]);
      if (!byCpu.has(cpu)) {
        byCpu.set(cpu, new LazyEntry(cpu, block));
        pairs++;
        continue;
      }
    }
    let current: Map<string, string> | undefined;
    scanCpuinfoLines(block, {
      field(key, value) {
        if (key === "") return;
        pairs++;
        if ((key === "processor" || key === "cpu number") && /^\d{1,6}$/.test(value)) {
          current = eager(Number(value));
          if (key === "processor") current.set(key, value);
          return;
        }
        const s390 = /^processor (\d{1,6})$/.exec(key);
        if (s390) {
          // processor 0: version = 00,  identification = 4729E7,  machine = 2964
          const f = eager(Number(s390[1]));
          for (const part of value.split(",")) {
            const eq = part.indexOf("=");
            if (eq < 0) continue;
            const k = part.slice(0, eq).trim();
            const v = part.slice(eq + 1).trim();
            if (k !== "" && v !== "") f.set(k, v);
          }
          return;
        }
        if (value === "") return; // compspec-go leaves empty values out too
        (current ?? global).set(key, value);
      },
    });
  }
  if (pairs === 0) return fail("no 'key : value' lines");
  return ok({ processors: [...byCpu.values()].sort((a, b) => a.cpu - b.cpu), global });
}

/**
 * One field of a CPU's own lines (case-insensitive), without parsing the whole
 * block when it is not parsed yet.
 */
export function peekField(entry: CpuinfoEntry, name: string): string | undefined {
  const text = entry instanceof LazyEntry ? entry.unparsed : undefined;
  if (text === undefined) return getField(entry.fields, name);
  const m = fieldPattern(name).exec(text);
  return m && m[1] !== "" ? m[1] : undefined;
}

// peekField runs per CPU for the same few names: compile each name's pattern once.
const fieldPatterns = new BoundedCache<string, RegExp>("system.cpuinfoFieldPatterns", 256);
function fieldPattern(name: string): RegExp {
  let re = fieldPatterns.get(name);
  if (!re) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    fieldPatterns.set(name, re = new RegExp(`^[ \\t]*${escaped}[ \\t]*:[ \\t]*(.*?)[ \\t\\r]*$`, "mi"));
  }
  return re;
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

/**
 * The kernel's CPU list syntax (`0-5,48-53`, `0-63:2`) and its hexadecimal CPU
 * masks (`ff,00000003`), as found in /sys/devices/system/cpu/online,
 * .../topology/thread_siblings_list, .../node/node0/cpulist and cpumap.
 *
 * @module
 */
import { fail, ok, type ParseResult } from "./result.ts";
import { trimValue } from "./trim_value.ts";

/** Largest CPU number accepted; the kernel's NR_CPUS limit is 8192, so anything above is garbage. */
export const MAX_CPU = 65535;

/**
 * Parse a kernel CPU list (`0-3,8,10-15`, also the `a-b:stride` form and an
 * empty list) into sorted, distinct CPU numbers. Surrounding whitespace and
 * NULs are not part of the list. This is the one CPU-list grammar: the
 * extractor reads sysfs with it, and the node record reads back what
 * {@linkcode formatCpuList} wrote.
 *
 * @example
 * ```ts
 * parseCpuList("0-2,8\n"); // { ok: true, value: [0, 1, 2, 8] }
 * parseCpuList("x");       // { ok: false, error: "…" }
 * ```
 */
export function parseCpuList(text: string): ParseResult<number[]> {
  const s = trimValue(text);
  if (s === "") return ok([]);
  const seen = new Set<number>();
  for (const part of s.split(",")) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+)(?:\/\d+)?)?)?$/.exec(part.trim());
    if (!m) return fail(`bad CPU list element ${JSON.stringify(part)}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const stride = m[3] === undefined ? 1 : Number(m[3]);
    if (a > MAX_CPU || b > MAX_CPU) return fail(`CPU number above ${MAX_CPU} in ${JSON.stringify(part)}`);
    if (b < a || stride < 1) return fail(`bad CPU range ${JSON.stringify(part)}`);
    for (let i = a; i <= b; i += stride) seen.add(i);
  }
  return ok([...seen].sort((x, y) => x - y));
}

/**
 * Parse a hexadecimal CPU mask as in `cpumap` or `thread_siblings`: 32-bit
 * groups separated by commas, most significant first (`00000000,0000ffff`).
 */
export function parseCpuMask(text: string): ParseResult<number[]> {
  const s = trimValue(text);
  if (s === "") return ok([]);
  const groups = s.split(",");
  if (groups.length * 32 > MAX_CPU + 1) return fail("CPU mask too long");
  const cpus: number[] = [];
  for (let g = 0; g < groups.length; g++) {
    const hex = groups[groups.length - 1 - g]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) return fail(`bad CPU mask group ${JSON.stringify(hex)}`);
    const v = parseInt(hex, 16);
    for (let bit = 0; bit < 32; bit++) {
      if ((v >>> bit) & 1) cpus.push(g * 32 + bit);
    }
  }
  return ok(cpus.sort((x, y) => x - y));
}

/**
 * Format CPU numbers in the kernel's list syntax: runs of two or more become
 * ranges, as the kernel itself prints them (`0-5,48-53`; `6,7` stays `6-7`).
 */
export function formatCpuList(cpus: Iterable<number>): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(",");
}

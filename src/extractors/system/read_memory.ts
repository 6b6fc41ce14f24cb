/**
 * The `system.memory` section: /proc/meminfo and the memory and CPUs of each
 * NUMA node.
 *
 * @module
 */
import { ExtractError, type Section } from "../types.ts";
import { formatCpuList } from "../../linux/cpulist.ts";
import { type MeminfoLine, meminfoKb, parseMeminfo } from "./meminfo.ts";
import { MEMORY_KEY } from "../../node/vocabulary.ts";
import { NODE, numaNodes, parsedOrLeftOut, type ReadContext, warnLeftOut } from "./read_common.ts";

const MEMINFO = "/proc/meminfo";

/**
 * The `system.memory` section: every /proc/meminfo line, then
 * `numa.N.memtotal` / `numa.N.cpus` for each NUMA node kept. Without
 * /proc/meminfo (a saved root that has only /sys), `memtotal` is the sum of
 * the NUMA nodes' totals. Fails only when neither is there to read.
 */
export function readMemorySection(ctx: ReadContext): Section {
  const out: Section = {};
  const text = ctx.host.tryReadText(MEMINFO);
  const lines = text === undefined ? undefined : meminfoLines(ctx, text, MEMINFO);
  for (const { key, value } of lines ?? []) out[key] = value;
  let numaKb = 0;
  let numaTotals = 0;
  for (const { id, cpus } of numaNodes(ctx)) {
    const path = `${NODE}/node${id}/meminfo`;
    const nodeText = ctx.host.tryReadText(path);
    const total = nodeText === undefined ? undefined : meminfoLines(ctx, nodeText, path)?.find((l) => l.key === MEMORY_KEY.memtotal);
    const kb = total && meminfoKb(total.value);
    if (kb !== undefined) {
      out[MEMORY_KEY.numaMemtotal(id)] = `${kb} kB`;
      numaKb += kb;
      numaTotals++;
    }
    out[MEMORY_KEY.numaCpus(id)] = formatCpuList(cpus);
  }
  if (lines === undefined && numaTotals === 0) {
    const problem = text === undefined ? "does not exist" : 'has no "Name: value" line';
    throw new ExtractError(`${MEMINFO} ${problem}, and no NUMA node has a meminfo with MemTotal`, MEMINFO);
  }
  if (out[MEMORY_KEY.memtotal] === undefined && numaTotals > 0) out[MEMORY_KEY.memtotal] = `${numaKb} kB`;
  return out;
}

/** A meminfo file's lines; `undefined` when unparsable (with a warning), bad lines skipped (with one). */
function meminfoLines(ctx: ReadContext, text: string, path: string): MeminfoLine[] | undefined {
  const parsed = parsedOrLeftOut(ctx, parseMeminfo(text), path);
  if (parsed && parsed.skipped.length > 0) warnLeftOut(ctx, path, parsed.skipped.join("; "));
  return parsed?.lines;
}

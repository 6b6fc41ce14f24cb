/**
 * The `system.memory` section: /proc/meminfo and the memory and CPUs of each
 * NUMA node.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { ExtractError, type Section } from "../types.ts";
import { formatCpuList } from "./cpulist.ts";
import { meminfoKb, parseMeminfo } from "./meminfo.ts";
import { NODE, readCpuList, readCpuMask } from "./read_common.ts";

const MEMINFO = "/proc/meminfo";

/** The `system.memory` section: /proc/meminfo keys and `numa.N.memtotal` / `numa.N.cpus`. */
export function memorySection(host: Host): Section {
  const text = host.readText(MEMINFO);
  const r = parseMeminfo(text);
  if (!r.ok) throw new ExtractError(`${MEMINFO}: ${r.error}`, MEMINFO);
  const out: Section = {};
  for (const { key, value } of r.value) out[key] = value;
  for (const name of host.listDir(NODE) ?? []) {
    const m = /^node(\d+)$/.exec(name);
    if (!m) continue;
    const dir = `${NODE}/${name}`;
    const mem = host.tryReadText(`${dir}/meminfo`);
    if (mem !== undefined) {
      const nr = parseMeminfo(mem);
      if (!nr.ok) throw new ExtractError(`${dir}/meminfo: ${nr.error}`, `${dir}/meminfo`);
      const total = nr.value.find((l) => l.key === "memtotal");
      const kb = total && meminfoKb(total.value);
      if (kb !== undefined) out[`numa.${m[1]}.memtotal`] = `${kb} kB`;
    }
    const cpus = readCpuList(host, `${dir}/cpulist`) ?? readCpuMask(host, `${dir}/cpumap`);
    if (cpus) out[`numa.${m[1]}.cpus`] = formatCpuList(cpus);
  }
  return out;
}

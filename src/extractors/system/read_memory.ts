/**
 * The `system.memory` section: /proc/meminfo and the memory and CPUs of each
 * NUMA node.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import type { Section } from "../types.ts";
import { formatCpuList } from "./cpulist.ts";
import { meminfoKb, parseMeminfo } from "./meminfo.ts";
import { NODE, nodeCpus, parsedOrThrow } from "./read_common.ts";

const MEMINFO = "/proc/meminfo";

/** The `system.memory` section: /proc/meminfo keys and `numa.N.memtotal` / `numa.N.cpus`. */
export function memorySection(host: Host): Section {
  const out: Section = {};
  for (const { key, value } of parsedOrThrow(parseMeminfo(host.readText(MEMINFO)), MEMINFO)) out[key] = value;
  for (const name of host.listDir(NODE) ?? []) {
    const m = /^node(\d+)$/.exec(name);
    if (!m) continue;
    const path = `${NODE}/${name}/meminfo`;
    const mem = host.tryReadText(path);
    if (mem !== undefined) {
      const total = parsedOrThrow(parseMeminfo(mem), path).find((l) => l.key === "memtotal");
      const kb = total && meminfoKb(total.value);
      if (kb !== undefined) out[`numa.${m[1]}.memtotal`] = `${kb} kB`;
    }
    const cpus = nodeCpus(host, name);
    if (cpus) out[`numa.${m[1]}.cpus`] = formatCpuList(cpus);
  }
  return out;
}

/**
 * The `system.processor` section: compspec-go's /proc/cpuinfo keys for one
 * representative CPU per CPU type.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import type { Section } from "../types.ts";
import { processorSection } from "./processor.ts";
import { cpuTypesOf, onlineCpus, requireCpuinfo } from "./read_common.ts";

/** One representative CPU per CPU type: the lowest online CPU of each. */
export function processorOf(host: Host): Section {
  const info = requireCpuinfo(host);
  let online: number[];
  try {
    online = onlineCpus(host).online;
  } catch {
    online = info.processors.map((p) => p.cpu);
  }
  if (online.length === 0) online = [0];
  const types = cpuTypesOf(host, info, online);
  const count = info.processors.length > 0 ? info.processors.length : online.length;
  return processorSection(info, types.map((t) => t.cpus[0]!), count);
}

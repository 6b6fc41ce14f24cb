/**
 * The `system.processor` section: compspec-go's /proc/cpuinfo keys for one
 * representative CPU per CPU type.
 *
 * @module
 */
import type { Section } from "../types.ts";
import { processorSection } from "./processor.ts";
import { cpuTypesOf, onlineCpus, type ReadContext, requireCpuinfo } from "./read_common.ts";

/** One representative CPU per CPU type: the lowest online CPU of each. */
export function readProcessorSection(ctx: ReadContext): Section {
  const info = requireCpuinfo(ctx.host);
  let online: number[];
  try {
    online = onlineCpus(ctx).online;
  } catch {
    online = info.processors.map((p) => p.cpu);
  }
  if (online.length === 0) online = [0];
  const types = cpuTypesOf(ctx, info, online);
  const count = info.processors.length > 0 ? info.processors.length : online.length;
  return processorSection(info, types.map((t) => t.cpus[0]!), count);
}

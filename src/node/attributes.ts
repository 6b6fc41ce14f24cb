/**
 * The attributes a scheduler matches a node on, named by the vocabulary
 * (`vocabulary.ts`: like the compatibility artifacts of compspec-go's `create
 * artifact`) so that an image's requirements and a node's facts use the same
 * words. The vocabulary is documented in docs/graph.md.
 *
 * @module
 */
import { kibToGiB, kibToMiB } from "../util/size.ts";
import type { NodeFile, SectionData } from "./schema.ts";
import { ARCH_KEY, ATTR, CPU_KEY, GPU_KEY, MPI_KEY, OS_KEY, OSRELEASE_KEY, PROCESSOR_KEY, section } from "./vocabulary.ts";

/** First present, non-blank value (trimmed). */
function first(...values: (string | undefined)[]): string | undefined {
  for (const v of values) {
    if (v === undefined) continue;
    const t = v.trim();
    if (t !== "") return t;
  }
  return undefined;
}

function sorted(entries: [string, string | undefined][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries.filter((e): e is [string, string] => e[1] !== undefined).sort((a, b) => a[0] < b[0] ? -1 : 1)) {
    out[k] = v;
  }
  return out;
}

/** A whole number as text when it is at least 1 (a size of 0 would promise nothing, or mislead). */
function positive(n: number): string | undefined {
  return n >= 1 ? String(n) : undefined;
}

/** Attributes of GPU `i` of a `system.gpu` section (its vertex carries them). */
export function gpuAttributes(gpu: SectionData, i: number): Record<string, string> {
  const bytes = first(gpu[GPU_KEY.of(i, "memory")]);
  const kib = bytes !== undefined && /^\d{1,18}$/.test(bytes) ? Number(bytes) / 1024 : 0;
  return sorted([
    [ATTR.gpuVendor, first(gpu[GPU_KEY.of(i, "vendor")])],
    [ATTR.gpuVendorId, first(gpu[GPU_KEY.of(i, "vendor_id")])],
    [ATTR.gpuDeviceId, first(gpu[GPU_KEY.of(i, "device_id")])],
    [ATTR.gpuModel, first(gpu[GPU_KEY.of(i, "model")])],
    [ATTR.gpuMemory, positive(kibToGiB(kib))],
    [ATTR.gpuMemoryMib, positive(kibToMiB(kib))],
  ]);
}

/** What the node-level counts are computed from. */
export interface LayoutCounts {
  sockets: readonly (readonly (readonly number[])[])[];
  memory: { kib: number }[];
  gpus: { attributes: Record<string, string> }[];
  /** Whether the CPU layout is the node's real one (threads per core is only known then). */
  real: boolean;
  /** `system.memory.memtotal` in KiB, when the file has it. */
  memtotalKib?: number;
}

function distinct(values: (string | undefined)[]): string | undefined {
  const seen: string[] = [];
  for (const v of values) if (v !== undefined && !seen.includes(v)) seen.push(v);
  return seen.length === 0 ? undefined : seen.join(",");
}

/** Node-level attributes from a node file and its reduced layout; keys sorted. */
export function nodeAttributes(file: NodeFile, facts: LayoutCounts): Record<string, string> {
  const os = section(file, "system", "os");
  const osrelease = section(file, "nfd", "system");
  const mpi = section(file, "library", "mpi");
  const cpu = section(file, "system", "cpu");
  const processor = section(file, "system", "processor");
  const arch = section(file, "system", "arch");
  const gpu = section(file, "system", "gpu");

  let cores = 0;
  let cpus = 0;
  let threads = 0;
  for (const s of facts.sockets) {
    cores += s.length;
    for (const c of s) {
      cpus += c.length;
      threads = Math.max(threads, c.length);
    }
  }
  let memKib = facts.memtotalKib ?? 0;
  if (facts.memtotalKib === undefined) for (const m of facts.memory) memKib += m.kib;

  return sorted([
    [ATTR.osName, first(os?.[OS_KEY.name], osrelease?.[OSRELEASE_KEY.prettyName], osrelease?.[OSRELEASE_KEY.name])],
    [ATTR.osVersion, first(os?.[OS_KEY.version], osrelease?.[OSRELEASE_KEY.versionId])],
    [ATTR.osVendor, first(os?.[OS_KEY.vendor], osrelease?.[OSRELEASE_KEY.id])],
    [ATTR.osRelease, first(os?.[OS_KEY.release], osrelease?.[OSRELEASE_KEY.versionId])],
    [ATTR.mpiImplementation, first(mpi?.[MPI_KEY.variant])],
    [ATTR.mpiVersion, first(mpi?.[MPI_KEY.version])],
    [ATTR.cpuVendor, first(cpu?.[CPU_KEY.vendor], processor?.[PROCESSOR_KEY.vendor], processor?.[PROCESSOR_KEY.rawVendor])],
    [ATTR.cpuModel, first(cpu?.[CPU_KEY.model], processor?.[PROCESSOR_KEY.model], processor?.[PROCESSOR_KEY.rawModel])],
    // compspec-go's artifacts put the Go architecture name here; archspec's target is finer.
    [ATTR.cpuTarget, first(arch?.[ARCH_KEY.target], arch?.[ARCH_KEY.name])],
    [ATTR.cpuTargetAncestors, first(arch?.[ARCH_KEY.targetAncestors])],
    [ATTR.sockets, String(facts.sockets.length)],
    [ATTR.cores, String(cores)],
    [ATTR.cpus, String(cpus)],
    [ATTR.threadsPerCore, facts.real ? String(threads) : undefined],
    // Rounded down (GiB) and exact to the MiB (what Slurm's RealMemory takes): never more than the node has.
    [ATTR.memoryTotal, positive(kibToGiB(memKib))],
    [ATTR.memoryTotalMib, positive(kibToMiB(memKib))],
    [ATTR.gpuAvailable, gpu === undefined ? undefined : facts.gpus.length > 0 ? "yes" : "no"],
    [ATTR.gpuCount, gpu === undefined ? undefined : String(facts.gpus.length)],
    [ATTR.gpuVendor, distinct(facts.gpus.map((g) => g.attributes[ATTR.gpuVendor]))],
    [ATTR.gpuModel, distinct(facts.gpus.map((g) => g.attributes[ATTR.gpuModel]))],
    [ATTR.gpuDeviceId, distinct(facts.gpus.map((g) => g.attributes[ATTR.gpuDeviceId]))],
  ]);
}

/**
 * The attributes a scheduler matches a node on, named like the compatibility
 * artifacts of compspec-go's `create artifact` (`org.supercontainers.*`,
 * `io.archspec.*`) so that an image's requirements and a node's facts use the
 * same words. The vocabulary is documented in docs/graph.md.
 *
 * @module
 */
import { kibToGiB, kibToMiB } from "../util/size.ts";
import type { NodeFile, SectionData } from "./schema.ts";

/** Prefix of the supercontainers vocabulary. */
export const SC = "org.supercontainers";
/** Prefix of the archspec vocabulary. */
export const ARCHSPEC = "io.archspec.cpu";

/** Section `extractor.section` of a node file, if present. */
export function section(file: NodeFile, extractor: string, name: string): SectionData | undefined {
  return file.results[extractor]?.sections[name];
}

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
  const bytes = first(gpu[`${i}.memory`]);
  const kib = bytes !== undefined && /^\d{1,18}$/.test(bytes) ? Number(bytes) / 1024 : 0;
  return sorted([
    [`${SC}.hardware.gpu.vendor`, first(gpu[`${i}.vendor`])],
    [`${SC}.hardware.gpu.vendor_id`, first(gpu[`${i}.vendor_id`])],
    [`${SC}.hardware.gpu.device_id`, first(gpu[`${i}.device_id`])],
    [`${SC}.hardware.gpu.model`, first(gpu[`${i}.model`])],
    [`${SC}.hardware.gpu.memory`, positive(kibToGiB(kib))],
    [`${SC}.hardware.gpu.memory_mib`, positive(kibToMiB(kib))],
  ]);
}

/** What the node-level counts are computed from. */
export interface NodeFacts {
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
export function nodeAttributes(file: NodeFile, facts: NodeFacts): Record<string, string> {
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
    [`${SC}.os.name`, first(os?.name, osrelease?.["osrelease.PRETTY_NAME"], osrelease?.["osrelease.NAME"])],
    [`${SC}.os.version`, first(os?.version, osrelease?.["osrelease.VERSION_ID"])],
    [`${SC}.os.vendor`, first(os?.vendor, osrelease?.["osrelease.ID"])],
    [`${SC}.os.release`, first(os?.release, osrelease?.["osrelease.VERSION_ID"])],
    [`${SC}.mpi.implementation`, first(mpi?.variant)],
    [`${SC}.mpi.version`, first(mpi?.version)],
    [`${ARCHSPEC}.vendor`, first(cpu?.vendor, processor?.["0.normalized.vendor"], processor?.["0.raw.vendor_id"])],
    [`${ARCHSPEC}.model`, first(cpu?.model, processor?.["0.normalized.model"], processor?.["0.raw.model_name"])],
    // compspec-go's artifacts put the Go architecture name here; archspec's target is finer.
    [`${ARCHSPEC}.target`, first(arch?.target, arch?.name)],
    [`${ARCHSPEC}.target.ancestors`, first(arch?.["target.ancestors"])],
    [`${SC}.hardware.cpu.sockets`, String(facts.sockets.length)],
    [`${SC}.hardware.cpu.cores`, String(cores)],
    [`${SC}.hardware.cpu.cpus`, String(cpus)],
    [`${SC}.hardware.cpu.threads_per_core`, facts.real ? String(threads) : undefined],
    // Rounded down (GiB) and exact to the MiB (what Slurm's RealMemory takes): never more than the node has.
    [`${SC}.hardware.memory.total`, positive(kibToGiB(memKib))],
    [`${SC}.hardware.memory.total_mib`, positive(kibToMiB(memKib))],
    [`${SC}.hardware.gpu.available`, gpu === undefined ? undefined : facts.gpus.length > 0 ? "yes" : "no"],
    [`${SC}.hardware.gpu.count`, gpu === undefined ? undefined : String(facts.gpus.length)],
    [`${SC}.hardware.gpu.vendor`, distinct(facts.gpus.map((g) => g.attributes[`${SC}.hardware.gpu.vendor`]))],
    [`${SC}.hardware.gpu.model`, distinct(facts.gpus.map((g) => g.attributes[`${SC}.hardware.gpu.model`]))],
    [`${SC}.hardware.gpu.device_id`, distinct(facts.gpus.map((g) => g.attributes[`${SC}.hardware.gpu.device_id`]))],
  ]);
}

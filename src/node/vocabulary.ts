/**
 * compspec's one vocabulary: every extractor and section name a node file has,
 * the keys of the sections more than one layer reads, and the attribute names
 * a node is matched on (`org.supercontainers.*`, `io.archspec.*`, named like
 * compspec-go's `create artifact`, documented in docs/graph.md). Writers
 * (the extractors) and readers (the node record, `describe`, `check`, the
 * graph writers and readers) import these names instead of spelling them, so
 * a fact has one name everywhere.
 *
 * @module
 */
import type { NodeFile, SectionData } from "./schema.ts";

/** Every extractor of a node file and its sections, as `compspec list` shows them. */
export const NODE_SECTIONS = {
  kernel: ["boot", "config", "modules"],
  library: ["mpi"],
  nfd: ["cpu", "kernel", "local", "memory", "network", "pci", "storage", "system", "usb"],
  system: ["cpu", "processor", "arch", "memory", "os", "gpu"],
} as const;

/** An extractor's name (`system`). */
export type ExtractorName = keyof typeof NODE_SECTIONS;
/** A section name of extractor `E` (`cpu` of `system`). */
export type SectionName<E extends ExtractorName> = (typeof NODE_SECTIONS)[E][number];

/** Section `extractor.name` of a node file, if present; names are checked by the type checker. */
export function section<E extends ExtractorName, S extends SectionName<E>>(
  file: NodeFile,
  extractor: E,
  name: S,
): SectionData | undefined {
  return file.results[extractor]?.sections[name];
}

/** The format of `system.cpu.topology` this compspec writes and reads. */
export const TOPOLOGY_FORMAT = "cpu:package:die:core:node";

/** Keys of `system.cpu`. */
export const CPU_KEY = {
  /** Space-separated `cpu:package:die:core:node` entries, one per logical CPU. */
  topology: "topology",
  topologyFormat: "topology.format",
  topologySource: "topology.source",
  /** Logical CPU count (compspec-go's files have only this). */
  cores: "cores",
  vendor: "vendor",
  model: "model",
} as const;

/** Keys of `system.memory`: /proc/meminfo's lines (lower case) and per NUMA node. */
export const MEMORY_KEY = {
  /** /proc/meminfo's MemTotal (`24105 kB`). */
  memtotal: "memtotal",
  /** NUMA node `n`'s MemTotal (`numa.0.memtotal`). */
  numaMemtotal: (n: number): string => `numa.${n}.memtotal`,
  /** NUMA node `n`'s CPU list (`numa.0.cpus`); present and empty: a CPU-less node (GPU, CXL memory). */
  numaCpus: (n: number): string => `numa.${n}.cpus`,
} as const;

/** The NUMA node number of a `numa.N.memtotal` key, or `undefined` for another key. */
export function numaOfMemtotalKey(key: string): number | undefined {
  const m = /^numa\.(\d{1,9})\.memtotal$/.exec(key);
  return m ? Number(m[1]) : undefined;
}

/** The fields of each GPU in `system.gpu` (`<index>.<field>`). */
export type GpuField = "vendor" | "vendor_id" | "device_id" | "model" | "pci" | "numa_node" | "memory" | "driver" | "memory_numa_node";

/** Keys of `system.gpu`. */
export const GPU_KEY = {
  count: "count",
  /** GPU `i`'s `field` (`0.model`). */
  of: (i: number, field: GpuField): string => `${i}.${field}`,
} as const;

/** Keys of `system.os` (/etc/os-release, compspec-go's names). */
export const OS_KEY = { name: "name", version: "version", vendor: "vendor", release: "release" } as const;

/** Keys of `nfd.system` that stand in for `system.os` in compspec-go's files. */
export const OSRELEASE_KEY = {
  prettyName: "osrelease.PRETTY_NAME",
  name: "osrelease.NAME",
  versionId: "osrelease.VERSION_ID",
  id: "osrelease.ID",
} as const;

/** Keys of `system.processor` (compspec-go's, for CPU 0). */
export const PROCESSOR_KEY = {
  vendor: "0.normalized.vendor",
  rawVendor: "0.raw.vendor_id",
  model: "0.normalized.model",
  rawModel: "0.raw.model_name",
} as const;

/** Keys of `system.arch`. */
export const ARCH_KEY = { arch: "arch", name: "name", target: "target", targetAncestors: "target.ancestors" } as const;

/** Keys of `library.mpi`. */
export const MPI_KEY = { variant: "variant", version: "version" } as const;

/** Keys of `nfd.kernel` and `nfd.cpu` the node record and `describe` read. */
export const NFD_KEY = { kernelRelease: "version.full", socketCount: "topology.socket_count" } as const;

/** `extractor.section.key`, as messages name a value. */
export function keyPath<E extends ExtractorName>(extractor: E, name: SectionName<E>, key: string): string {
  return `${extractor}.${name}.${key}`;
}

/** Prefix of the supercontainers vocabulary. */
export const SC = "org.supercontainers";
/** Prefix of the archspec vocabulary. */
export const ARCHSPEC = "io.archspec.cpu";

/** Prefix of `create nodes --labels` attributes: `nfd.<source>.<key>` carries key `<key>` of section `nfd.<source>`. */
export const LABEL_PREFIX = "nfd.";

/** The `--labels` attribute listing the `nfd` sections a labelled node's file had. */
export const LABEL_SECTIONS_KEY = "nfd.sections";

/** Every attribute name compspec gives a node or a GPU (node attributes, GPU vertex attributes, Flux properties' sources). */
export const ATTR = {
  osName: `${SC}.os.name`,
  osVersion: `${SC}.os.version`,
  osVendor: `${SC}.os.vendor`,
  osRelease: `${SC}.os.release`,
  mpiImplementation: `${SC}.mpi.implementation`,
  mpiVersion: `${SC}.mpi.version`,
  cpuVendor: `${ARCHSPEC}.vendor`,
  cpuModel: `${ARCHSPEC}.model`,
  cpuTarget: `${ARCHSPEC}.target`,
  cpuTargetAncestors: `${ARCHSPEC}.target.ancestors`,
  sockets: `${SC}.hardware.cpu.sockets`,
  cores: `${SC}.hardware.cpu.cores`,
  cpus: `${SC}.hardware.cpu.cpus`,
  threadsPerCore: `${SC}.hardware.cpu.threads_per_core`,
  memoryTotal: `${SC}.hardware.memory.total`,
  memoryTotalMib: `${SC}.hardware.memory.total_mib`,
  gpuAvailable: `${SC}.hardware.gpu.available`,
  gpuCount: `${SC}.hardware.gpu.count`,
  gpuVendor: `${SC}.hardware.gpu.vendor`,
  gpuVendorId: `${SC}.hardware.gpu.vendor_id`,
  gpuDeviceId: `${SC}.hardware.gpu.device_id`,
  gpuModel: `${SC}.hardware.gpu.model`,
  gpuMemory: `${SC}.hardware.gpu.memory`,
  gpuMemoryMib: `${SC}.hardware.gpu.memory_mib`,
  /** A memory vertex's exact size (the graph writers' and readers'). */
  memorySizeMib: `${SC}.hardware.memory.size_mib`,
} as const;

/** Names rainbow's subsystems (`create subsystem`) use beside {@linkcode ATTR}'s, for facts no node attribute carries by that name. */
export const SUBSYSTEM_ATTR = {
  /** The GPU model's short name (`H100`), when all the node's GPUs share one. */
  gpuShortModel: `${SC}.hardware.gpu.model.short`,
  /** The kernel release as a version (from `--labels`' `nfd.kernel.version.full`). */
  kernelVersion: `${SC}.kernel.version`,
} as const;

/** An attribute name compspec gives. */
export type AttributeName = (typeof ATTR)[keyof typeof ATTR];

/**
 * Which node file sections answer which attributes (first prefix that matches
 * wins), as `extractor.section`: the sections the node record derives them
 * from. A test checks that every {@linkcode ATTR} name has its sources here.
 */
export const ATTRIBUTE_SOURCES: readonly (readonly [prefix: string, sections: readonly string[]])[] = [
  [`${SC}.os.`, ["system.os", "nfd.system"]],
  [`${SC}.mpi.`, ["library.mpi"]],
  [`${SC}.hardware.gpu.`, ["system.gpu"]],
  [`${SC}.hardware.memory.`, ["system.memory"]],
  [`${SC}.hardware.cpu.`, ["system.cpu"]],
  [ATTR.cpuTarget, ["system.arch"]],
  [`${ARCHSPEC}.`, ["system.cpu", "system.processor"]],
];

/** The sections (`extractor.section`) attribute `key` comes from, or `undefined` when compspec does not describe nodes by it. */
export function attributeSources(key: string): readonly string[] | undefined {
  return ATTRIBUTE_SOURCES.find(([prefix]) => key.startsWith(prefix))?.[1];
}

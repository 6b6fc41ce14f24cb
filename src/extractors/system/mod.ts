/**
 * The `system` extractor: CPU counts and real topology, compspec-go's processor,
 * arch, memory and os sections, and GPUs. Reads only through `ctx.host`, runs
 * no command, and reads only the files the asked-for section needs.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { ExtractError, type Extractor, type Section, type SectionInfo } from "../types.ts";
import { archSection } from "./read_arch.ts";
import { takeWarnings } from "./read_common.ts";
import { cpuSection } from "./read_cpu.ts";
import { gpuOf } from "./read_gpu.ts";
import { memorySection } from "./read_memory.ts";
import { osOf } from "./read_os.ts";
import { processorOf } from "./read_processor.ts";

/** The sections, in their default order: name, one line for `compspec list`, and how to read it. */
const SECTIONS: ReadonlyArray<SectionInfo & { read: (host: Host) => Section }> = [
  {
    name: "cpu",
    description: "counts (cores, CPUs, sockets, NUMA), per-CPU topology, caches, CPU types",
    read: cpuSection,
  },
  {
    name: "processor",
    description: "/proc/cpuinfo fields of one CPU per CPU type (compspec-go keys)",
    read: processorOf,
  },
  { name: "arch", description: "architecture (uname -m, Go name) and archspec target", read: archSection },
  { name: "memory", description: "/proc/meminfo and memory per NUMA node", read: memorySection },
  { name: "os", description: "operating system name, version, vendor, release (/etc/os-release)", read: osOf },
  {
    name: "gpu",
    description: "NVIDIA, AMD and Intel GPUs from PCI: model, NUMA node, memory, driver",
    read: gpuOf,
  },
];

/** CPU, topology, memory, GPUs, architecture and OS. */
export const systemExtractor: Extractor = {
  name: "system",
  description: "CPU, topology, memory, GPUs, architecture and OS of the node",
  sections: SECTIONS.map(({ name, description }) => ({ name, description })),
  discover(ctx, section) {
    const s = SECTIONS.find((s) => s.name === section);
    if (!s) throw new ExtractError(`system has no section ${JSON.stringify(section)}`);
    try {
      return s.read(ctx.host);
    } finally {
      // Files this section could not parse cost only their values: say which, once each.
      for (const w of takeWarnings(ctx.host)) ctx.warn?.(w);
    }
  },
};

/**
 * The `system` extractor: CPU counts and real topology, compspec-go's processor,
 * arch, memory and os sections, and GPUs. Reads only through `ctx.host`, runs
 * no command, and reads only the files the asked-for section needs.
 *
 * @module
 */
import type { Extractor } from "../types.ts";
import { readArchSection } from "./read_arch.ts";
import { readCpuSection } from "./read_cpu.ts";
import { readGpuSection } from "./read_gpu.ts";
import { readMemorySection } from "./read_memory.ts";
import { readOsSection } from "./read_os.ts";
import { readProcessorSection } from "./read_processor.ts";

/** CPU, topology, memory, GPUs, architecture and OS; the sections in their default order. */
export const systemExtractor: Extractor = {
  name: "system",
  description: "CPU, topology, memory, GPUs, architecture and OS of the node",
  sections: [
    {
      name: "cpu",
      description: "counts (cores, CPUs, sockets, NUMA), per-CPU topology, caches, CPU types",
      discover: readCpuSection,
    },
    {
      name: "processor",
      description: "/proc/cpuinfo fields of one CPU per CPU type (compspec-go keys)",
      discover: readProcessorSection,
    },
    { name: "arch", description: "architecture (uname -m, Go name) and archspec target", discover: readArchSection },
    { name: "memory", description: "/proc/meminfo and memory per NUMA node", discover: readMemorySection },
    { name: "os", description: "operating system name, version, vendor, release (/etc/os-release)", discover: readOsSection },
    {
      name: "gpu",
      description: "NVIDIA, AMD and Intel GPUs from PCI: model, NUMA node, memory, driver",
      discover: readGpuSection,
    },
  ],
};

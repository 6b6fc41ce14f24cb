/**
 * The `system` extractor: CPU counts and real topology, compspec-go's processor,
 * arch, memory and os sections, and GPUs. Reads only through `ctx.host`, runs
 * no command, and reads only the files the asked-for section needs.
 *
 * @module
 */
import { type DiscoverContext, ExtractError, type Extractor, type Section } from "../types.ts";
import { archSection } from "./read_arch.ts";
import { cpuSection } from "./read_cpu.ts";
import { gpuOf } from "./read_gpu.ts";
import { memorySection } from "./read_memory.ts";
import { osOf } from "./read_os.ts";
import { processorOf } from "./read_processor.ts";

/** CPU, topology, memory, GPUs, architecture and OS. */
export const systemExtractor: Extractor = {
  name: "system",
  description: "CPU, topology, memory, GPUs, architecture and OS of the node",
  sections: [
    { name: "cpu", description: "counts (cores, CPUs, sockets, NUMA), per-CPU topology, caches, CPU types" },
    { name: "processor", description: "/proc/cpuinfo fields of one CPU per CPU type (compspec-go keys)" },
    { name: "arch", description: "architecture (uname -m, Go name) and archspec target" },
    { name: "memory", description: "/proc/meminfo and memory per NUMA node" },
    { name: "os", description: "operating system name, version, vendor, release (/etc/os-release)" },
    { name: "gpu", description: "NVIDIA, AMD and Intel GPUs from PCI: model, NUMA node, memory, driver" },
  ],
  discover(ctx: DiscoverContext, section: string): Section {
    switch (section) {
      case "cpu":
        return cpuSection(ctx.host);
      case "processor":
        return processorOf(ctx.host);
      case "arch":
        return archSection(ctx.host);
      case "memory":
        return memorySection(ctx.host);
      case "os":
        return osOf(ctx.host);
      case "gpu":
        return gpuOf(ctx.host);
    }
    throw new ExtractError(`system has no section ${JSON.stringify(section)}`);
  },
};

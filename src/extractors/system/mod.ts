/** The `system` extractor (issue 2). @module */
import { ExtractError, type Extractor } from "../types.ts";

/** CPU, topology, memory, GPUs, architecture and OS. */
export const systemExtractor: Extractor = {
  name: "system",
  description: "CPU, topology, memory, GPUs, architecture and OS of the node",
  sections: [
    { name: "cpu", description: "counts and real topology" },
    { name: "processor", description: "/proc/cpuinfo" },
    { name: "arch", description: "architecture" },
    { name: "memory", description: "/proc/meminfo" },
    { name: "os", description: "operating system" },
    { name: "gpu", description: "GPUs" },
  ],
  discover(_ctx, section) {
    throw new ExtractError(`system[${section}] is not implemented yet`);
  },
};

/** The `kernel` extractor (issue 3). @module */
import { ExtractError, type Extractor } from "../types.ts";

/** Kernel boot parameters, configuration and loaded modules. */
export const kernelExtractor: Extractor = {
  name: "kernel",
  description: "kernel boot parameters, build configuration and loaded modules",
  sections: [
    { name: "boot", description: "/proc/cmdline as key=value" },
    { name: "config", description: "kernel build configuration (/boot/config-<release> or /proc/config.gz)" },
    { name: "modules", description: "loaded modules from /sys/module, with versions and parameters" },
  ],
  discover(_ctx, section) {
    throw new ExtractError(`kernel[${section}] is not implemented yet`);
  },
};

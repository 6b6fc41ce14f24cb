/**
 * The `kernel` extractor: boot parameters (/proc/cmdline), build configuration
 * (/boot/config-<release> or /proc/config.gz) and modules (/sys/module), with
 * compspec-go's section names and keys.
 *
 * @module
 */
import { ExtractError, type Extractor } from "../types.ts";
import { parseKernelCmdline } from "./cmdline.ts";
import { readKernelConfig } from "./config.ts";
import { readKernelModules } from "./modules.ts";

/** Kernel boot parameters, configuration and loaded modules. */
export const kernelExtractor: Extractor = {
  name: "kernel",
  description: "kernel boot parameters, build configuration and loaded modules",
  sections: [
    { name: "boot", description: "/proc/cmdline as key=value" },
    { name: "config", description: "kernel build configuration (/boot/config-<release> or /proc/config.gz)" },
    { name: "modules", description: "loaded modules from /sys/module, with versions and parameters" },
  ],
  discover(ctx, section) {
    switch (section) {
      case "boot":
        return parseKernelCmdline(ctx.host.readText("/proc/cmdline"));
      case "config":
        return readKernelConfig(ctx.host);
      case "modules":
        return readKernelModules(ctx.host);
      default:
        throw new ExtractError(`kernel has no section ${JSON.stringify(section)}`);
    }
  },
};

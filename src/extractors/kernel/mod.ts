/**
 * The `kernel` extractor: boot parameters (/proc/cmdline), build configuration
 * (/boot/config-<release> or /proc/config.gz) and modules (/sys/module), with
 * compspec-go's section names and keys.
 *
 * @module
 */
import type { Extractor } from "../types.ts";
import { parseKernelCmdline } from "./cmdline.ts";
import { readKernelConfig } from "./config.ts";
import { readKernelModules } from "./modules.ts";

/** Kernel boot parameters, configuration and loaded modules. */
export const kernelExtractor: Extractor = {
  name: "kernel",
  description: "kernel boot parameters, build configuration and loaded modules",
  sections: [
    {
      name: "boot",
      description: "/proc/cmdline as key=value",
      discover: (ctx) => parseKernelCmdline(ctx.host.readText("/proc/cmdline")),
    },
    {
      name: "config",
      description: "kernel build configuration (/boot/config-<release> or /proc/config.gz)",
      discover: (ctx) => readKernelConfig(ctx.host),
    },
    {
      name: "modules",
      description: "loaded modules from /sys/module, with versions and parameters",
      discover: (ctx) => readKernelModules(ctx.host),
    },
  ],
};

/** The `nfd` extractor (issue 3). @module */
import { ExtractError, type Extractor } from "../types.ts";

/** Node Feature Discovery's feature sources, read from files. */
export const nfdExtractor: Extractor = {
  name: "nfd",
  description: "Node Feature Discovery feature sources, read from /proc, /sys and /etc",
  sections: ["cpu", "kernel", "local", "memory", "network", "pci", "storage", "system", "usb"].map((name) => ({
    name,
    description: `NFD ${name} source`,
  })),
  discover(_ctx, section) {
    throw new ExtractError(`nfd[${section}] is not implemented yet`);
  },
};

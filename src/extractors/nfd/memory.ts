/**
 * NFD's `memory` source: `numa` (node count) and `nv` (NVDIMM bus devices).
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { listOptional, readTrimmed } from "../common/optional_read.ts";
import { type Features, type Instance, newFeatures } from "./flatten.ts";

/** Discover the `memory` source. Missing directories only drop their sets, as in NFD. */
export function discoverMemory(host: Host): Features {
  const features = newFeatures();
  const nodes = numaNodes(host);
  if (nodes !== undefined) {
    features.attributes.numa = { is_numa: String(nodes.length > 1), node_count: String(nodes.length) };
  }
  const nv: Instance[] = [];
  for (const name of listOptional(host, "/sys/bus/nd/devices") ?? []) {
    const instance: Instance = { name };
    for (const attr of ["devtype", "mode"]) {
      const value = readTrimmed(host, `/sys/bus/nd/devices/${name}/${attr}`);
      if (value !== undefined) instance[attr] = value;
    }
    nv.push(instance);
  }
  features.instances.nv = nv;
  return features;
}

/**
 * NUMA node names from /sys/bus/node/devices, or (in a saved root without the
 * bus links) the `nodeN` directories of /sys/devices/system/node, which are the
 * same nodes. `undefined` when neither exists (a kernel without NUMA).
 */
export function numaNodes(host: Host): string[] | undefined {
  const bus = listOptional(host, "/sys/bus/node/devices");
  if (bus !== undefined) return bus;
  return listOptional(host, "/sys/devices/system/node")?.filter((n) => /^node\d+$/.test(n));
}

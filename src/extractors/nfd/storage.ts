/**
 * NFD's `storage` source: one `block` instance per /sys/block device with its
 * queue's `dax`, `rotational`, `nr_zones` and `zoned`.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { listRequired, readTrimmed } from "../common/optional_read.ts";
import { type Features, type Instance, newFeatures } from "./flatten.ts";

const QUEUE_ATTRS = ["dax", "rotational", "nr_zones", "zoned"];

/** Discover the `storage` source. Throws `HostError` when /sys/block cannot be listed (NFD fails too). */
export function discoverStorage(host: Host): Features {
  const features = newFeatures();
  const blocks: Instance[] = [];
  for (const name of listRequired(host, "/sys/block", "block devices")) {
    const instance: Instance = { name };
    for (const attr of QUEUE_ATTRS) {
      const value = readTrimmed(host, `/sys/block/${name}/queue/${attr}`);
      if (value !== undefined) instance[attr] = value;
    }
    blocks.push(instance);
  }
  features.instances.block = blocks;
  return features;
}

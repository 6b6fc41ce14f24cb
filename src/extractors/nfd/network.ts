/**
 * NFD's `network` source: physical interfaces (those with a `device` link) as
 * `device` instances and the rest as `virtual` instances, from /sys/class/net.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { listRequired, readTrimmed } from "../common/optional_read.ts";
import { type Features, type Instance, newFeatures } from "./flatten.ts";

const NET = "/sys/class/net";

/** Attributes read for physical interfaces; the key is the file's basename. */
const DEVICE_ATTRS = ["operstate", "speed", "device/sriov_numvfs", "device/sriov_totalvfs"];
/** Attributes read for virtual interfaces. */
const VIRTUAL_ATTRS = ["operstate", "speed"];

/** Discover the `network` source. Throws `HostError` when /sys/class/net cannot be listed (NFD fails too). */
export function discoverNetwork(host: Host): Features {
  const features = newFeatures();
  const devices: Instance[] = [];
  const virtual: Instance[] = [];
  for (const name of listRequired(host, NET, "network interfaces")) {
    const physical = host.exists(`${NET}/${name}/device`);
    const instance: Instance = { name };
    for (const attr of physical ? DEVICE_ATTRS : VIRTUAL_ATTRS) {
      // Unreadable values (EINVAL for `speed` on a down link) are left out.
      const value = readTrimmed(host, `${NET}/${name}/${attr}`);
      if (value !== undefined) instance[attr.slice(attr.lastIndexOf("/") + 1)] = value;
    }
    (physical ? devices : virtual).push(instance);
  }
  features.instances.device = devices;
  features.instances.virtual = virtual;
  return features;
}

/**
 * NFD's `pci` source: one `device` instance per PCI function in
 * /sys/bus/pci/devices (class, vendor, device, subsystem ids, and SR-IOV and
 * IOMMU details where present).
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { listRequired, readOptional } from "../common/optional_read.ts";
import { type Features, type Instance, newFeatures } from "./flatten.ts";

const PCI = "/sys/bus/pci/devices";

/** Attributes a device must have (else it is skipped), then optional ones; names are relative paths. */
const REQUIRED = ["class", "vendor", "device", "subsystem_vendor", "subsystem_device"];
const OPTIONAL = ["sriov_totalvfs", "iommu_group/type", "iommu/intel-iommu/version"];

/** A PCI attribute as NFD stores it: leading `0x` removed, trimmed; `class` cut to 4 characters. */
export function pciAttribute(name: string, raw: string): string {
  const value = (raw.startsWith("0x") ? raw.slice(2) : raw).trim();
  return name === "class" && value.length > 4 ? value.slice(0, 4) : value;
}

/** Discover the `pci` source. Throws `HostError` when /sys/bus/pci/devices cannot be listed (NFD fails too). */
export function discoverPci(host: Host): Features {
  const features = newFeatures();
  const devices: Instance[] = [];
  outer: for (const bdf of listRequired(host, PCI, "PCI devices")) {
    const instance: Instance = {};
    for (const attr of [...REQUIRED, ...OPTIONAL]) {
      const raw = readOptional(host, `${PCI}/${bdf}/${attr}`);
      if (raw === undefined) {
        if (REQUIRED.includes(attr)) continue outer; // NFD skips a device it cannot identify
        continue;
      }
      instance[attr] = pciAttribute(attr, raw);
    }
    devices.push(instance);
  }
  features.instances.device = devices;
  return features;
}

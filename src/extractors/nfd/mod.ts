/**
 * The `nfd` extractor: Node Feature Discovery's nine feature sources as
 * compspec-go flattens them, read from /proc, /sys and /etc through the host
 * (no CPUID instruction, no Kubernetes). See docs/nfd.md.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { ExtractError, type Extractor, type SectionInfo } from "../types.ts";
import { discoverCpu } from "./cpu.ts";
import { type Features, flattenFeatures } from "./flatten.ts";
import { discoverKernel } from "./kernel.ts";
import { discoverLocal } from "./local.ts";
import { discoverMemory } from "./memory.ts";
import { discoverNetwork } from "./network.ts";
import { discoverPci } from "./pci.ts";
import { discoverStorage } from "./storage.ts";
import { discoverSystem } from "./system.ts";
import { discoverUsb } from "./usb.ts";

type Source = (host: Host, env: Readonly<Record<string, string | undefined>>) => Features;

const SOURCES: ReadonlyArray<SectionInfo & { discover: Source }> = [
  {
    name: "cpu",
    description:
      "cpuid.* flags and model.* from /proc/cpuinfo, topology, cstate/pstate/rdt/security from sysfs (sst.bf.enabled needs CPUID: omitted)",
    discover: (host) => discoverCpu(host),
  },
  {
    name: "kernel",
    description: "kernel version, kconfig options, loaded and built-in modules, SELinux state",
    discover: (host) => discoverKernel(host),
  },
  {
    name: "local",
    description: "feature.* and label.* from /etc/kubernetes/node-feature-discovery/features.d files",
    discover: (host) => discoverLocal(host),
  },
  {
    name: "memory",
    description: "NUMA node count and NVDIMM (nd bus) devices",
    discover: (host) => discoverMemory(host),
  },
  {
    name: "network",
    description: "physical (device.N.*) and virtual (virtual.N.*) interfaces from /sys/class/net",
    discover: (host) => discoverNetwork(host),
  },
  {
    name: "pci",
    description: "PCI devices (class, vendor, device, subsystem ids, SR-IOV, IOMMU) from /sys/bus/pci/devices",
    discover: (host) => discoverPci(host),
  },
  {
    name: "storage",
    description: "block devices and their queue properties (dax, rotational, zoned) from /sys/block",
    discover: (host) => discoverStorage(host),
  },
  {
    name: "system",
    description: "os-release fields, DMI sys_vendor and the NODE_NAME node name",
    discover: (host, env) => discoverSystem(host, env.NODE_NAME ?? ""),
  },
  {
    name: "usb",
    description: "USB devices (class, vendor, device, serial; per interface for class 00) from /sys/bus/usb/devices",
    discover: (host) => discoverUsb(host),
  },
];

/** Node Feature Discovery's feature sources, read from files and flattened as compspec-go does. */
export const nfdExtractor: Extractor = {
  name: "nfd",
  description: "Node Feature Discovery feature sources, read from /proc, /sys and /etc",
  sections: SOURCES.map(({ name, description }) => ({ name, description })),
  discover(ctx, section) {
    const source = SOURCES.find((s) => s.name === section);
    if (!source) throw new ExtractError(`nfd has no section ${JSON.stringify(section)}`);
    return flattenFeatures(source.discover(ctx.host, ctx.env));
  },
};

/**
 * The `nfd` extractor: Node Feature Discovery's nine feature sources as
 * compspec-go flattens them, read from /proc, /sys and /etc through the host
 * (no CPUID instruction, no Kubernetes). See docs/nfd.md.
 *
 * @module
 */
import type { DiscoverContext, Extractor, ExtractorSection } from "../types.ts";
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

/** One feature source as a section: its features, flattened as compspec-go does. */
function source(name: string, description: string, discover: (ctx: DiscoverContext) => Features): ExtractorSection {
  return { name, description, discover: (ctx) => flattenFeatures(discover(ctx)) };
}

const SOURCES: readonly ExtractorSection[] = [
  source(
    "cpu",
    "cpuid.* flags and model.* from /proc/cpuinfo, topology, cstate/pstate/rdt/security from sysfs (sst.bf.enabled needs CPUID: omitted)",
    (ctx) => discoverCpu(ctx.host),
  ),
  source(
    "kernel",
    "kernel version, kconfig options, loaded and built-in modules, SELinux state",
    (ctx) => discoverKernel(ctx.host),
  ),
  source(
    "local",
    "feature.* and label.* from /etc/kubernetes/node-feature-discovery/features.d files",
    (ctx) => discoverLocal(ctx.host),
  ),
  source(
    "memory",
    "NUMA node count and NVDIMM (nd bus) devices",
    (ctx) => discoverMemory(ctx.host),
  ),
  source(
    "network",
    "physical (device.N.*) and virtual (virtual.N.*) interfaces from /sys/class/net",
    (ctx) => discoverNetwork(ctx.host),
  ),
  source(
    "pci",
    "PCI devices (class, vendor, device, subsystem ids, SR-IOV, IOMMU) from /sys/bus/pci/devices",
    (ctx) => discoverPci(ctx.host),
  ),
  source(
    "storage",
    "block devices and their queue properties (dax, rotational, zoned) from /sys/block",
    (ctx) => discoverStorage(ctx.host),
  ),
  source(
    "system",
    "os-release fields, DMI sys_vendor and the NODE_NAME node name",
    (ctx) => discoverSystem(ctx.host, ctx.env.NODE_NAME ?? ""),
  ),
  source(
    "usb",
    "USB devices (class, vendor, device, serial; per interface for class 00) from /sys/bus/usb/devices",
    (ctx) => discoverUsb(ctx.host),
  ),
];

/** Node Feature Discovery's feature sources, read from files and flattened as compspec-go does. */
export const nfdExtractor: Extractor = {
  name: "nfd",
  description: "Node Feature Discovery feature sources, read from /proc, /sys and /etc",
  sections: SOURCES,
};

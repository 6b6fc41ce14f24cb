/**
 * The `system.gpu` section: NVIDIA, AMD and Intel GPUs read from PCI sysfs
 * and, for NVIDIA, the driver's /proc files; named by the driver, else by the
 * PCI ID database.
 *
 * @module
 */
import type { Section } from "../types.ts";
import {
  type Gpu,
  gpuSection,
  gpuVendor,
  mayBeGpuClass,
  parseMemorySize,
  parseNvidiaInformation,
  parseNvidiaNumaNode,
} from "./gpu.ts";
import { pciDeviceName } from "./pci_names.ts";
import { type ReadContext, readInt, readValue } from "./read_common.ts";

const PCI = "/sys/bus/pci/devices";

/**
 * GPUs from /sys/bus/pci/devices. `count` is `0` when the PCI bus is visible
 * and has no GPU; the section is empty when /sys/bus/pci is not there at all
 * (a container without /sys), since then nothing can be said.
 */
export function readGpuSection(ctx: ReadContext): Section {
  const devices = ctx.host.listDir(PCI);
  if (devices === undefined) return {};
  const gpus: Gpu[] = [];
  for (const pci of devices) {
    const dir = `${PCI}/${pci}`;
    const cls = readValue(ctx.host, `${dir}/class`);
    if (cls === undefined || !mayBeGpuClass(cls)) continue;
    const vendorId = readValue(ctx.host, `${dir}/vendor`)?.toLowerCase() ?? "";
    const vendor = gpuVendor(cls, vendorId);
    if (!vendor) continue;
    const deviceId = readValue(ctx.host, `${dir}/device`)?.toLowerCase() ?? "";
    const link = ctx.host.readLink(`${dir}/driver`);
    const gpu: Gpu = {
      pci,
      vendor,
      vendorId,
      deviceId,
      numaNode: readInt(ctx, `${dir}/numa_node`) ?? -1,
      driver: link ? link.split("/").filter((p) => p !== "").pop() : undefined,
    };
    if (vendor === "NVIDIA") {
      const nvidia = `/proc/driver/nvidia/gpus/${pci}`;
      const infoText = ctx.host.tryReadText(`${nvidia}/information`);
      if (infoText !== undefined) {
        const f = parseNvidiaInformation(infoText);
        gpu.model = f.get("Model");
        const mem = f.get("FB Memory") ?? f.get("Memory") ?? f.get("Total Memory");
        if (mem !== undefined) gpu.memory = parseMemorySize(mem);
      }
      // Coherent GPU memory the driver onlined as a CPU-less NUMA node (POWER9 NVLink, Grace Hopper).
      const numaStatus = ctx.host.tryReadText(`${nvidia}/numa_status`);
      if (numaStatus !== undefined) gpu.memoryNumaNode = parseNvidiaNumaNode(numaStatus);
    } else {
      gpu.model = readValue(ctx.host, `${dir}/product_name`) || undefined;
      const vram = readValue(ctx.host, `${dir}/mem_info_vram_total`);
      if (vram && /^\d+$/.test(vram)) gpu.memory = Number(vram);
    }
    gpu.model ??= pciDeviceName(vendorId, deviceId);
    gpus.push(gpu);
  }
  return gpuSection(gpus);
}

/**
 * The `system.gpu` section: NVIDIA, AMD and Intel GPUs read from PCI sysfs
 * and, for NVIDIA, the driver's /proc files.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import type { Section } from "../types.ts";
import { type Gpu, gpuSection, gpuVendor, mayBeGpuClass, parseMemorySize, parseNvidiaInformation } from "./gpu.ts";
import { readInt } from "./read_common.ts";

const PCI = "/sys/bus/pci/devices";

/**
 * GPUs from /sys/bus/pci/devices. `count` is `0` when the PCI bus is visible
 * and has no GPU; the section is empty when /sys/bus/pci is not there at all
 * (a container without /sys), since then nothing can be said.
 */
export function gpuOf(host: Host): Section {
  const devices = host.listDir(PCI);
  if (devices === undefined) return {};
  const gpus: Gpu[] = [];
  for (const pci of devices) {
    const dir = `${PCI}/${pci}`;
    const cls = host.tryReadText(`${dir}/class`);
    if (cls === undefined || !mayBeGpuClass(cls)) continue;
    const vendorId = host.tryReadText(`${dir}/vendor`)?.trim().toLowerCase() ?? "";
    const vendor = gpuVendor(cls, vendorId);
    if (!vendor) continue;
    const deviceId = host.tryReadText(`${dir}/device`)?.trim().toLowerCase() ?? "";
    const link = host.readLink(`${dir}/driver`);
    const gpu: Gpu = {
      pci,
      vendor,
      vendorId,
      deviceId,
      numaNode: readInt(host, `${dir}/numa_node`) ?? -1,
      driver: link ? link.split("/").filter((p) => p !== "").pop() : undefined,
    };
    if (vendor === "NVIDIA") {
      const infoText = host.tryReadText(`/proc/driver/nvidia/gpus/${pci}/information`);
      if (infoText !== undefined) {
        const f = parseNvidiaInformation(infoText);
        gpu.model = f.get("Model");
        const mem = f.get("FB Memory") ?? f.get("Memory") ?? f.get("Total Memory");
        if (mem !== undefined) gpu.memory = parseMemorySize(mem);
      }
    } else {
      gpu.model = host.tryReadText(`${dir}/product_name`)?.trim() || undefined;
      const vram = host.tryReadText(`${dir}/mem_info_vram_total`)?.trim();
      if (vram && /^\d+$/.test(vram)) gpu.memory = Number(vram);
    }
    gpus.push(gpu);
  }
  return gpuSection(gpus);
}

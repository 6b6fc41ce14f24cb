/**
 * GPUs from PCI class and vendor in /sys/bus/pci/devices, with what the kernel
 * and drivers say about them. Pure: the reading is in `read_gpu.ts`.
 *
 * @module
 */
import type { Section } from "../types.ts";
import { trimValue } from "../../linux/trim_value.ts";
import { GPU_KEY, type GpuField } from "../../node/vocabulary.ts";

/** PCI vendor ids of the GPU vendors compspec reports. */
export const GPU_VENDORS: Readonly<Record<string, string>> = {
  "0x10de": "NVIDIA",
  "0x1002": "AMD",
  "0x8086": "Intel",
};

/**
 * The GPU vendor of a PCI function, or `undefined` when it is not a GPU: class
 * 0x0300 (VGA), 0x0302 (3D controller, as data-centre NVIDIA GPUs are) or 0x0380
 * (other display controller) from NVIDIA (0x10de), AMD (0x1002) or Intel (0x8086);
 * AMD Instinct accelerators that call themselves 0x1200 (processing
 * accelerator) count too. Any other vendor (a BMC's ASPEED VGA, 0x1a03) does not.
 */
export function gpuVendor(classCode: string, vendorId: string): string | undefined {
  const vendor = GPU_VENDORS[trimValue(vendorId).toLowerCase()];
  if (!vendor) return undefined;
  const cls = trimValue(classCode).toLowerCase().replace(/^0x/, "").slice(0, 4);
  if (cls === "0300" || cls === "0302" || cls === "0380") return vendor;
  if (cls === "1200" && vendor === "AMD") return vendor;
  return undefined;
}

/** Whether a PCI class may be a GPU's, so that its vendor is worth reading. */
export function mayBeGpuClass(classCode: string): boolean {
  const cls = trimValue(classCode).toLowerCase().replace(/^0x/, "");
  return cls.startsWith("03") || cls.startsWith("12");
}

/**
 * Parse /proc/driver/nvidia/gpus/<pci>/information (`Model:  NVIDIA H100 80GB HBM3`,
 * `GPU UUID: …`) into field → value. Never throws.
 */
export function parseNvidiaInformation(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const k = line.slice(0, colon).trim();
    const v = line.slice(colon + 1).trim();
    if (k !== "" && v !== "" && !out.has(k)) out.set(k, v);
  }
  return out;
}

/**
 * The NUMA node of /proc/driver/nvidia/gpus/<pci>/numa_status (`Node: 255`,
 * read as hwloc reads it: the number after the first `Node:`); `undefined`
 * when there is none or it is negative (`Node: -1`: no onlined memory).
 */
export function parseNvidiaNumaNode(text: string): number | undefined {
  const m = /Node:[ \t]*(-?\d{1,9})/.exec(text);
  const node = m ? Number(m[1]) : -1;
  return node >= 0 ? node : undefined;
}

/** Parse a memory size as drivers write it (`81559 MiB`, `80 GB`, `85899345920`) into bytes. */
export function parseMemorySize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(B|bytes|KiB|KB|kB|MiB|MB|GiB|GB)?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? "B").toLowerCase();
  const mult = unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 ** 2 : unit.startsWith("g") ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * mult);
}

/** One GPU as found. */
export interface Gpu {
  /** PCI address, `0000:3b:00.0`. */
  pci: string;
  vendor: string;
  vendorId: string;
  deviceId: string;
  /** Model name, where the kernel or driver names it. */
  model?: string;
  /** NUMA node, -1 when unknown. */
  numaNode: number;
  /** Memory in bytes, where exposed. */
  memory?: number;
  /** Bound driver (`nvidia`, `amdgpu`, `i915`, `xe`), where one is bound. */
  driver?: string;
  /** The CPU-less NUMA node that holds this GPU's memory, where the driver onlined it as one. */
  memoryNumaNode?: number;
}

/**
 * `count`, then by PCI address `<i>.vendor`, `.vendor_id`, `.device_id`, `.model`
 * (the device id when nothing names it), `.pci`, `.numa_node`, and where known
 * `.memory`, `.driver`, `.memory_numa_node`.
 */
export function gpuSection(gpus: readonly Gpu[]): Section {
  const out: Section = { [GPU_KEY.count]: String(gpus.length) };
  [...gpus].sort((a, b) => (a.pci < b.pci ? -1 : a.pci > b.pci ? 1 : 0)).forEach((g, i) => {
    const key = (field: GpuField) => GPU_KEY.of(i, field);
    out[key("vendor")] = g.vendor;
    out[key("vendor_id")] = g.vendorId;
    out[key("device_id")] = g.deviceId;
    out[key("model")] = g.model ?? g.deviceId;
    out[key("pci")] = g.pci;
    out[key("numa_node")] = String(g.numaNode);
    if (g.memory !== undefined) out[key("memory")] = String(g.memory);
    if (g.driver !== undefined) out[key("driver")] = g.driver;
    if (g.memoryNumaNode !== undefined) out[key("memory_numa_node")] = String(g.memoryNumaNode);
  });
  return out;
}

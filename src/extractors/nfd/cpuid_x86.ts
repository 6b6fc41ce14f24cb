/**
 * x86 `cpuid.*` names (klauspost/cpuid v2.2.7 `FeatureID` strings, as NFD
 * reports them) derived from `/proc/cpuinfo` flags. The kernel derives its
 * flags from the same CPUID bits, so the result matches NFD in practice; a few
 * names need bits the kernel does not print and cannot be derived (see
 * docs/nfd.md).
 *
 * @module
 */
import { X86_CPUID_FLAGS } from "../../linux/cpuid_names.ts";

/** The first processor's identity and flags, as read from /proc/cpuinfo. */
export interface X86Cpu {
  /** `vendor_id`, e.g. `GenuineIntel`. */
  vendorId: string;
  /** `cpu family`, decimal. */
  family: number;
  /** `model`, decimal. */
  model: number;
  /** `flags` tokens. */
  flags: ReadonlySet<string>;
  /** Hardware threads per core > 1 (from `siblings` > `cpu cores`). */
  smt: boolean;
}

/** klauspost's vendor name for a CPUID leaf-0 vendor string. */
export function x86VendorName(vendorId: string): string {
  switch (vendorId) {
    case "GenuineIntel":
      return "Intel";
    case "AuthenticAMD":
    case "AMDisbetter!":
      return "AMD";
    case "HygonGenuine":
      return "Hygon";
    case "CentaurHauls":
    case "VIA VIA VIA ":
      return "VIA";
    case "TransmetaCPU":
    case "GenuineTMx86":
      return "Transmeta";
    case "Geode by NSC":
      return "NSC";
    case "Vortex86 SoC":
    case "SiS SiS SiS ":
    case "RiseRiseRise":
      return "SiS";
    case "Genuine  RDC":
      return "RDC";
    case "KVMKVMKVMKVM":
      return "KVM";
    case "Microsoft Hv":
      return "MSVM";
    case "VMwareVMware":
      return "VMware";
    case "XenVMMXenVMM":
      return "XenHVM";
    case "bhyve bhyve ":
      return "Bhyve";
    default:
      return "VendorUnknown";
  }
}

/** NFD's x86 `cpuid` flag names for a CPU, sorted. */
export function x86CpuidFlags(cpu: X86Cpu): string[] {
  const f = cpu.flags;
  const vendor = x86VendorName(cpu.vendorId);
  const out = new Set<string>();
  for (const [name, flag] of X86_CPUID_FLAGS) if (f.has(flag)) out.add(name);
  // klauspost sets FXSROPT from leaf 1 EDX bit 25, which is the SSE bit (a quirk we keep).
  if (f.has("sse") || f.has("fxsr_opt")) out.add("FXSROPT");
  // `abm` (LZCNT) also implies POPCNT in klauspost.
  if (f.has("abm")) out.add("POPCNT");
  // OSXSAVE is hidden by the kernel; it is set whenever the kernel enabled XSAVE, which is when it prints `xsave`.
  if (f.has("xsave")) out.add("OSXSAVE");
  if (f.has("ht") && (vendor === "Intel" || vendor === "AMD") && cpu.smt) out.add("HTT");
  // klauspost sets IBRS only from the AMD leaf 0x80000008.
  if (f.has("ibrs") && (vendor === "AMD" || vendor === "Hygon")) out.add("IBRS");
  if (
    f.has("avx") &&
    ((vendor === "Intel" && cpu.family === 6 && cpu.model < 60) ||
      (vendor === "AMD" && (cpu.family < 23 || (cpu.family === 23 && cpu.model < 49))))
  ) out.add("AVXSLOW");
  return [...out].sort();
}

/** NFD's `rdt` attributes derivable from cpuinfo flags (RDTL3CA_NUM_CLOSID is added by the caller). */
export function x86RdtAttributes(cpu: X86Cpu): Record<string, string> {
  const f = cpu.flags;
  const out: Record<string, string> = {};
  const mon = f.has("cqm") && f.has("cqm_llc");
  if (mon) out.RDTMON = "true";
  if (mon && f.has("cqm_occup_llc")) out.RDTCMT = "true";
  if (mon && f.has("cqm_mbm_total") && f.has("cqm_mbm_local")) out.RDTMBM = "true";
  const alloc = f.has("rdt_a");
  if (alloc && f.has("cat_l3")) out.RDTL3CA = "true";
  if (alloc && f.has("cat_l2")) out.RDTL2CA = "true";
  // The kernel also sets `mba` from an AMD leaf; NFD only reads Intel's leaf 0x10.
  if (alloc && f.has("mba") && x86VendorName(cpu.vendorId) === "Intel") out.RDTMBA = "true";
  return out;
}


/**
 * NFD's `cpuid` names on ARM, POWER and s390x (its own HWCAP tables), and
 * klauspost's arm64 model from MIDR_EL1.
 *
 * @module
 */
import { ARM64_NAMES, ARM_NAMES, PPC_HWCAP, PPC_HWCAP2, S390X_NAMES } from "../../linux/cpuid_names.ts";

function fromTokens(tokens: readonly string[], names: readonly string[]): string[] {
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const out = new Set<string>();
  for (const t of tokens) {
    const name = byLower.get(t.toLowerCase());
    if (name) out.add(name);
  }
  return [...out].sort();
}

/** NFD's arm64 `cpuid` names from the /proc/cpuinfo `Features` tokens (newer tokens NFD does not know are dropped). */
export function arm64CpuidFlags(features: readonly string[]): string[] {
  return fromTokens(features, ARM64_NAMES);
}

/** NFD's 32-bit ARM `cpuid` names from the `Features` tokens (`fastmult` is NFD's `FASTMUL`). */
export function armCpuidFlags(features: readonly string[]): string[] {
  return fromTokens(features.map((t) => (t === "fastmult" ? "fastmul" : t)), ARM_NAMES);
}

/** NFD's s390x `cpuid` names from the /proc/cpuinfo `features` tokens. */
export function s390xCpuidFlags(features: readonly string[]): string[] {
  return fromTokens(features, S390X_NAMES);
}

/** NFD's ppc64le `cpuid` names from AT_HWCAP and AT_HWCAP2. */
export function ppc64leCpuidFlags(hwcap: number, hwcap2: number): string[] {
  const out: string[] = [];
  for (const [bit, name] of PPC_HWCAP) if ((hwcap & bit) >>> 0 !== 0) out.push(name);
  for (const [bit, name] of PPC_HWCAP2) if ((hwcap2 & bit) >>> 0 !== 0) out.push(name);
  return out.sort();
}

/**
 * AT_HWCAP (16) and AT_HWCAP2 (26) from a 64-bit `/proc/self/auxv`, whose byte
 * order is found from the entries themselves (the AT_NULL terminator and small
 * type numbers). `undefined` when the bytes are not a 64-bit auxv.
 */
export function parseAuxv(bytes: Uint8Array): { hwcap: number; hwcap2: number } | undefined {
  if (bytes.length < 16 || bytes.length % 16 !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const little of [true, false]) {
    let hwcap = 0;
    let hwcap2 = 0;
    let ok = false;
    for (let at = 0; at + 16 <= bytes.length; at += 16) {
      const type = view.getBigUint64(at, little);
      if (type > 1000n) break; // wrong byte order: auxv types are small numbers
      const value = view.getBigUint64(at + 8, little);
      if (type === 0n) {
        ok = true;
        break;
      }
      if (type === 16n) hwcap = Number(value & 0xffffffffn);
      if (type === 26n) hwcap2 = Number(value & 0xffffffffn);
    }
    if (ok) return { hwcap, hwcap2 };
  }
  return undefined;
}

const ARM_IMPLEMENTERS: Record<number, string> = {
  0x41: "ARM", 0x42: "Broadcom", 0x43: "Cavium", 0x44: "DEC", 0x46: "Fujitsu", 0x49: "Infineon",
  0x4d: "Motorola", 0x4e: "NVIDIA", 0x50: "AMCC", 0x51: "Qualcomm", 0x56: "Marvell", 0x69: "Intel",
  0xc0: "Ampere",
};

/** klauspost's arm64 model from MIDR_EL1: vendor name, family `(MIDR>>16)&0xFF`, id `MIDR&0xFFFF`. */
export function arm64ModelFromMidr(midr: number): { vendor: string; family: number; id: number } {
  const implementer = (midr >>> 24) & 0xff;
  return {
    vendor: ARM_IMPLEMENTERS[implementer] ?? "VendorUnknown",
    family: (midr >>> 16) & 0xff,
    id: midr & 0xffff,
  };
}

/**
 * MIDR_EL1 from /proc/cpuinfo's `CPU implementer`, `CPU variant`, `CPU part`,
 * `CPU revision` (the architecture nibble reads 0xF in MIDR; cpuinfo prints 8).
 */
export function midrFromCpuinfo(implementer: number, variant: number, part: number, revision: number): number {
  return (((implementer & 0xff) << 24) | ((variant & 0xf) << 20) | (0xf << 16) | ((part & 0xfff) << 4) |
    (revision & 0xf)) >>> 0;
}


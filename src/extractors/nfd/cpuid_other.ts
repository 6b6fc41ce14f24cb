/**
 * NFD's `cpuid` names on ARM, POWER and s390x (its own HWCAP tables), and
 * klauspost's arm64 model from MIDR_EL1.
 *
 * @module
 */

/** arm64 HWCAP and HWCAP2 names NFD knows; the kernel's Features tokens are these, lower-cased. */
const ARM64_NAMES: readonly string[] = [
  "FP", "ASIMD", "EVTSTRM", "AES", "PMULL", "SHA1", "SHA2", "CRC32", "ATOMICS", "FPHP", "ASIMDHP", "CPUID",
  "ASIMDRDM", "JSCVT", "FCMA", "LRCPC", "DCPOP", "SHA3", "SM3", "SM4", "ASIMDDP", "SHA512", "SVE", "ASIMDFHM",
  "DIT", "USCAT", "ILRCPC", "FLAGM", "SSBS", "SB", "PACA", "PACG",
  "DCPODP", "SVE2", "SVEAES", "SVEPMULL", "SVEBITPERM", "SVESHA3", "SVESM4", "FLAGM2", "FRINT", "SVEI8MM",
  "SVEF32MM", "SVEF64MM", "SVEBF16", "I8MM", "BF16", "DGH", "RNG", "BTI", "MTE", "ECV", "AFP", "RPRES", "MTE3",
  "SME", "SMEI16I64", "SMEF64F64", "SMEI8I32", "SMEF16F32", "SMEB16F32", "SMEF32F32", "SMEFA64", "WFXT",
  "EBF16", "SVEEBF16",
];

/** 32-bit ARM names (mixed case is NFD's) and HWCAP2 names. */
const ARM_NAMES: readonly string[] = [
  "SWP", "HALF", "THUMB", "26BIT", "FASTMUL", "FPA", "VFP", "EDSP", "JAVA", "IWMMXT", "CRUNCH", "THUMBEE", "NEON",
  "VFPv3", "VFPv3D16", "TLS", "VFPv4", "IDIVA", "IDIVT", "VFPD32", "LPAE", "EVTSTRM",
  "AES", "PMULL", "SHA1", "SHA2", "CRC32",
];

/** s390x HWCAP names; the kernel's `features` tokens are these, lower-cased. */
const S390X_NAMES: readonly string[] = [
  "ESAN3", "ZARCH", "STFLE", "MSA", "LDISP", "EIMM", "DFP", "EDAT", "ETF3EH", "HIGHGPRS", "TE", "VX", "VXD",
  "VXE", "GS", "VXE2", "VXP", "SORT", "DFLT", "VXP2", "NNPA", "PCIMIO", "SIE",
];

/** ppc64le AT_HWCAP bits. */
const PPC_HWCAP: ReadonlyArray<readonly [number, string]> = [
  [0x80000000, "PPC32"], [0x40000000, "PPC64"], [0x20000000, "PPC601"], [0x10000000, "ALTIVEC"],
  [0x08000000, "FPU"], [0x04000000, "MMU"], [0x02000000, "4xxMAC"], [0x01000000, "UCACHE"], [0x00800000, "SPE"],
  [0x00400000, "EFPFLOAT"], [0x00200000, "EFPDOUBLE"], [0x00100000, "NOTB"], [0x00080000, "POWER4"],
  [0x00040000, "POWER5"], [0x00020000, "POWER5+"], [0x00010000, "CELLBE"], [0x8000, "BOOKE"], [0x4000, "SMT"],
  [0x2000, "IC_SNOOP"], [0x1000, "ARCH_2_05"], [0x800, "PA6T"], [0x400, "DFP"], [0x200, "POWER6X"],
  [0x100, "ARCH_2_06"], [0x80, "VSX"], [0x40, "ARCHPMU"], [0x2, "TRUE_LE"], [0x1, "PPCLE"],
];

/** ppc64le AT_HWCAP2 bits. */
const PPC_HWCAP2: ReadonlyArray<readonly [number, string]> = [
  [0x80000000, "ARCH_2_07"], [0x40000000, "HTM"], [0x20000000, "DSCR"], [0x10000000, "EBB"], [0x08000000, "ISEL"],
  [0x04000000, "TAR"], [0x02000000, "VCRYPTO"], [0x01000000, "HTM-NOSC"], [0x00800000, "ARCH_3_00"],
  [0x00400000, "IEEE128"], [0x00200000, "DARN"], [0x00100000, "SCV"], [0x00080000, "HTM-NO-SUSPEND"],
  [0x00040000, "ARCH_3_1"], [0x00020000, "MMA"],
];

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

/** Every `cpuid` name NFD reports on ARM, POWER and s390x. */
export const OTHER_CPUID_NAMES: readonly string[] = [
  ...ARM64_NAMES, ...ARM_NAMES, ...S390X_NAMES, ...PPC_HWCAP.map(([, n]) => n), ...PPC_HWCAP2.map(([, n]) => n),
];

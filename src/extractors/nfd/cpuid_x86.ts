/**
 * x86 `cpuid.*` names (klauspost/cpuid v2.2.7 `FeatureID` strings, as NFD
 * reports them) derived from `/proc/cpuinfo` flags. The kernel derives its
 * flags from the same CPUID bits, so the result matches NFD in practice; a few
 * names need bits the kernel does not print and cannot be derived (see
 * docs/nfd.md).
 *
 * @module
 */

/** NFD name → the /proc/cpuinfo flag that carries the same CPUID bit. */
const DIRECT: ReadonlyArray<readonly [string, string]> = [
  // Leaf 1 EDX
  ["X87", "fpu"], ["CMPXCHG8", "cx8"], ["SYSEE", "sep"], ["CMOV", "cmov"], ["MMX", "mmx"],
  ["FXSR", "fxsr"], ["SSE", "sse"], ["SSE2", "sse2"],
  // Leaf 1 ECX
  ["SSE3", "pni"], ["CLMUL", "pclmulqdq"], ["VMX", "vmx"], ["SSSE3", "ssse3"], ["FMA3", "fma"],
  ["CX16", "cx16"], ["SSE4", "sse4_1"], ["SSE42", "sse4_2"], ["MOVBE", "movbe"], ["POPCNT", "popcnt"],
  ["AESNI", "aes"], ["XSAVE", "xsave"], ["AVX", "avx"], ["F16C", "f16c"], ["RDRAND", "rdrand"],
  ["HYPERVISOR", "hypervisor"],
  // Leaf 7.0 EBX
  ["SGX", "sgx"], ["BMI1", "bmi1"], ["HLE", "hle"], ["AVX2", "avx2"], ["BMI2", "bmi2"], ["ERMS", "erms"],
  ["RTM", "rtm"], ["MPX", "mpx"], ["RDSEED", "rdseed"], ["ADX", "adx"], ["SHA", "sha_ni"],
  ["AVX512F", "avx512f"], ["AVX512DQ", "avx512dq"], ["AVX512IFMA", "avx512ifma"], ["AVX512PF", "avx512pf"],
  ["AVX512ER", "avx512er"], ["AVX512CD", "avx512cd"], ["AVX512BW", "avx512bw"], ["AVX512VL", "avx512vl"],
  // Leaf 7.0 ECX
  ["AVX512VBMI", "avx512vbmi"], ["WAITPKG", "waitpkg"], ["AVX512VBMI2", "avx512_vbmi2"], ["GFNI", "gfni"],
  ["VAES", "vaes"], ["VPCLMULQDQ", "vpclmulqdq"], ["AVX512VNNI", "avx512_vnni"],
  ["AVX512BITALG", "avx512_bitalg"], ["TME", "tme"], ["AVX512VPOPCNTDQ", "avx512_vpopcntdq"],
  ["CLDEMOTE", "cldemote"], ["MOVDIRI", "movdiri"], ["MOVDIR64B", "movdir64b"], ["ENQCMD", "enqcmd"],
  ["SGXLC", "sgx_lc"],
  // Leaf 7.0 EDX
  ["FSRM", "fsrm"], ["AVX512VP2INTERSECT", "avx512_vp2intersect"], ["MD_CLEAR", "md_clear"],
  ["SERIALIZE", "serialize"], ["TSXLDTRK", "tsxldtrk"], ["PCONFIG", "pconfig"], ["CETIBT", "ibt"],
  ["AMXBF16", "amx_bf16"], ["AVX512FP16", "avx512_fp16"], ["AMXTILE", "amx_tile"], ["AMXINT8", "amx_int8"],
  ["FLUSH_L1D", "flush_l1d"], ["IA32_ARCH_CAP", "arch_capabilities"],
  // Kernel synthetic flags set from both the Intel (7.0 EDX) and AMD (0x80000008 EBX) bits.
  ["IBPB", "ibpb"], ["STIBP", "stibp"], ["SPEC_CTRL_SSBD", "ssbd"],
  // Leaf 7.1 EAX
  ["AVXVNNI", "avx_vnni"], ["AVX512BF16", "avx512_bf16"], ["LAM", "lam"],
  // Leaf 0xD.1 EAX
  ["XSAVEOPT", "xsaveopt"], ["XSAVEC", "xsavec"], ["XGETBV1", "xgetbv1"], ["XSAVES", "xsaves"],
  // 0x80000001
  ["LAHF", "lahf_lm"], ["SVM", "svm"], ["SSE4A", "sse4a"], ["IBS", "ibs"], ["TOPEXT", "topoext"],
  ["XOP", "xop"], ["FMA4", "fma4"], ["SYSCALL", "syscall"], ["NX", "nx"], ["MMXEXT", "mmxext"],
  ["RDTSCP", "rdtscp"], ["AMD3DNOWEXT", "3dnowext"], ["AMD3DNOW", "3dnow"], ["LZCNT", "abm"],
  // 0x80000007
  ["MCAOVERFLOW", "overflow_recov"], ["SUCCOR", "succor"], ["CPBOOST", "cpb"],
  // 0x80000008 EBX
  ["CLZERO", "clzero"], ["MSRIRC", "irperf"], ["RDPRU", "rdpru"], ["WBNOINVD", "wbnoinvd"],
  ["PPIN", "amd_ppin"], ["CPPC", "cppc"],
  // 0x8000000A EDX (SVM features)
  ["SVMNP", "npt"], ["LBRVIRT", "lbrv"], ["SVML", "svm_lock"], ["NRIPS", "nrip_save"],
  ["TSCRATEMSR", "tsc_scale"], ["VMCBCLEAN", "vmcb_clean"], ["SVMFBASID", "flushbyasid"],
  ["SVMDA", "decodeassists"], ["SVMPF", "pausefilter"], ["SVMPFT", "pfthreshold"],
  // 0x8000001F (the kernel prints these on AMD only)
  ["SME", "sme"], ["SEV", "sev"], ["SEV_ES", "sev_es"], ["SEV_SNP", "sev_snp"], ["SEV_DEBUGSWAP", "debug_swap"],
  ["TDX_GUEST", "tdx_guest"],
  // Bits that 6.12-era kernels keep hidden but some kernels print; when present they map 1:1.
  ["MOVSB_ZL", "fzrm"], ["STOSB_SHORT", "fsrs"], ["CMPSB_SCADBS_SHORT", "fsrc"], ["AVXIFMA", "avx_ifma"],
  ["CMPCCXADD", "cmpccxadd"], ["WRMSRNS", "wrmsrns"], ["AMXFP16", "amx_fp16"], ["PREFETCHI", "prefetchi"],
  ["AVXVNNIINT8", "avx_vnni_int8"], ["AVXNECONVERT", "avx_ne_convert"], ["HRESET", "hreset"],
  ["MSRLIST", "msrlist"], ["CETSS", "user_shstk"], ["PSFD", "amd_psfd"],
];

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
  for (const [name, flag] of DIRECT) if (f.has(flag)) out.add(name);
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

/**
 * klauspost v2.2.7 names whose CPUID bits 6.12-era kernels do not print in
 * /proc/cpuinfo (and no other file carries), so compspec cannot report them.
 * Derived-from-flags names above cover everything else NFD reports on x86.
 */
export const X86_CPUID_ONLY: readonly string[] = [
  "AVX10", "AVX10_128", "AVX10_256", "AVX10_512", "APX_F", "AVXVNNIINT8", "AVXNECONVERT", "AVXIFMA",
  "CMPCCXADD", "CMPSB_SCADBS_SHORT", "MOVSB_ZL", "STOSB_SHORT", "PREFETCHI", "PSFD", "HRESET", "WRMSRNS",
  "AMXFP16", "MSRLIST", "KEYLOCKER", "KEYLOCKERW", "CETSS", "SRBDS_CTRL", "RTM_ALWAYS_ABORT", "HYBRID_CPU",
  "IA32_CORE_CAP", "IDPRED_CTRL", "RRSBA_CTRL", "BHI_CTRL", "MCDT_NO", "HWA", "TBM", "INVLPGB", "MCOMMIT",
  "INT_WBINVD", "IBRS_PREFERRED", "IBRS_PROVIDES_SMP", "STIBP_ALWAYSON", "EFER_LMSLE_UNS", "TLB_FLUSH_NESTED",
  "MSR_PAGEFLUSH", "VMPL", "SME_COHERENT", "SEV_64BIT", "SEV_RESTRICTED", "SEV_ALTERNATIVE", "IBS_PREVENTHOST",
  "VTE", "VMSA_REGPROT", "SRSO_MSR_FIX", "SRSO_USER_KERNEL_NO", "SRSO_NO", "IBPB_BRTYPE", "SBPB", "FP128", "MOVU",
  "FP256", "IBSFFV", "IBSFETCHSAM", "IBSOPSAM", "IBSRDWROPCNT", "IBSOPCNT", "IBSBRNTRGT", "IBSOPCNTEXT",
  "IBSRIPINVALIDCHK", "IBS_OPFUSE", "IBS_FETCH_CTLX", "IBS_OPDATA4", "IBS_ZEN4",
];

/** Every x86 `cpuid` name NFD can report (klauspost v2.2.7), whether or not compspec derives it. */
export const X86_CPUID_NAMES: readonly string[] = [
  ...DIRECT.map(([name]) => name),
  "FXSROPT", "OSXSAVE", "HTT", "IBRS", "AVXSLOW",
  ...X86_CPUID_ONLY,
];

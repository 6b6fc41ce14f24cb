/**
 * The names of NFD's `cpu.cpuid` flags (klauspost/cpuid v2.2.7 `FeatureID`
 * strings on x86; NFD's own HWCAP tables on ARM, POWER and s390x), with the
 * /proc/cpuinfo flag or HWCAP bit each is read from: one list that the `nfd`
 * extractor decodes with and `check` validates an artifact's names against.
 *
 * @module
 */

/** NFD name → the /proc/cpuinfo flag that carries the same CPUID bit. */
export const X86_CPUID_FLAGS: ReadonlyArray<readonly [string, string]> = [
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

/** x86 names klauspost derives from more than one flag or from the vendor and model (see the nfd extractor's `x86CpuidFlags`). */
export const X86_CPUID_DERIVED: readonly string[] = ["FXSROPT", "OSXSAVE", "HTT", "IBRS", "AVXSLOW"];

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
  ...X86_CPUID_FLAGS.map(([name]) => name),
  ...X86_CPUID_DERIVED,
  ...X86_CPUID_ONLY,
];

/** arm64 HWCAP and HWCAP2 names NFD knows; the kernel's Features tokens are these, lower-cased. */
export const ARM64_NAMES: readonly string[] = [
  "FP", "ASIMD", "EVTSTRM", "AES", "PMULL", "SHA1", "SHA2", "CRC32", "ATOMICS", "FPHP", "ASIMDHP", "CPUID",
  "ASIMDRDM", "JSCVT", "FCMA", "LRCPC", "DCPOP", "SHA3", "SM3", "SM4", "ASIMDDP", "SHA512", "SVE", "ASIMDFHM",
  "DIT", "USCAT", "ILRCPC", "FLAGM", "SSBS", "SB", "PACA", "PACG",
  "DCPODP", "SVE2", "SVEAES", "SVEPMULL", "SVEBITPERM", "SVESHA3", "SVESM4", "FLAGM2", "FRINT", "SVEI8MM",
  "SVEF32MM", "SVEF64MM", "SVEBF16", "I8MM", "BF16", "DGH", "RNG", "BTI", "MTE", "ECV", "AFP", "RPRES", "MTE3",
  "SME", "SMEI16I64", "SMEF64F64", "SMEI8I32", "SMEF16F32", "SMEB16F32", "SMEF32F32", "SMEFA64", "WFXT",
  "EBF16", "SVEEBF16",
];

/** 32-bit ARM names (mixed case is NFD's) and HWCAP2 names. */
export const ARM_NAMES: readonly string[] = [
  "SWP", "HALF", "THUMB", "26BIT", "FASTMUL", "FPA", "VFP", "EDSP", "JAVA", "IWMMXT", "CRUNCH", "THUMBEE", "NEON",
  "VFPv3", "VFPv3D16", "TLS", "VFPv4", "IDIVA", "IDIVT", "VFPD32", "LPAE", "EVTSTRM",
  "AES", "PMULL", "SHA1", "SHA2", "CRC32",
];

/** s390x HWCAP names; the kernel's `features` tokens are these, lower-cased. */
export const S390X_NAMES: readonly string[] = [
  "ESAN3", "ZARCH", "STFLE", "MSA", "LDISP", "EIMM", "DFP", "EDAT", "ETF3EH", "HIGHGPRS", "TE", "VX", "VXD",
  "VXE", "GS", "VXE2", "VXP", "SORT", "DFLT", "VXP2", "NNPA", "PCIMIO", "SIE",
];

/** ppc64le AT_HWCAP bits. */
export const PPC_HWCAP: ReadonlyArray<readonly [number, string]> = [
  [0x80000000, "PPC32"], [0x40000000, "PPC64"], [0x20000000, "PPC601"], [0x10000000, "ALTIVEC"],
  [0x08000000, "FPU"], [0x04000000, "MMU"], [0x02000000, "4xxMAC"], [0x01000000, "UCACHE"], [0x00800000, "SPE"],
  [0x00400000, "EFPFLOAT"], [0x00200000, "EFPDOUBLE"], [0x00100000, "NOTB"], [0x00080000, "POWER4"],
  [0x00040000, "POWER5"], [0x00020000, "POWER5+"], [0x00010000, "CELLBE"], [0x8000, "BOOKE"], [0x4000, "SMT"],
  [0x2000, "IC_SNOOP"], [0x1000, "ARCH_2_05"], [0x800, "PA6T"], [0x400, "DFP"], [0x200, "POWER6X"],
  [0x100, "ARCH_2_06"], [0x80, "VSX"], [0x40, "ARCHPMU"], [0x2, "TRUE_LE"], [0x1, "PPCLE"],
];

/** ppc64le AT_HWCAP2 bits. */
export const PPC_HWCAP2: ReadonlyArray<readonly [number, string]> = [
  [0x80000000, "ARCH_2_07"], [0x40000000, "HTM"], [0x20000000, "DSCR"], [0x10000000, "EBB"], [0x08000000, "ISEL"],
  [0x04000000, "TAR"], [0x02000000, "VCRYPTO"], [0x01000000, "HTM-NOSC"], [0x00800000, "ARCH_3_00"],
  [0x00400000, "IEEE128"], [0x00200000, "DARN"], [0x00100000, "SCV"], [0x00080000, "HTM-NO-SUSPEND"],
  [0x00040000, "ARCH_3_1"], [0x00020000, "MMA"],
];

/** Every `cpuid` name NFD reports on ARM, POWER and s390x. */
export const OTHER_CPUID_NAMES: readonly string[] = [
  ...ARM64_NAMES, ...ARM_NAMES, ...S390X_NAMES, ...PPC_HWCAP.map(([, n]) => n), ...PPC_HWCAP2.map(([, n]) => n),
];

/** Every `cpu.cpuid` name NFD can report, on any architecture (and AVX10_VERSION, an attribute of the same set). */
export const CPUID_NAMES: readonly string[] = [...new Set([...X86_CPUID_NAMES, ...OTHER_CPUID_NAMES, "AVX10_VERSION"])];

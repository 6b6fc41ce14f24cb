/**
 * The machine family (`uname -m`) of a saved machine, inferred from its
 * /proc/cpuinfo, and compspec-go's word for it.
 *
 * @module
 */
import { type Cpuinfo, cpuFields, getField, parseCpuinfo } from "./cpuinfo.ts";

/**
 * Infer `uname -m` from /proc/cpuinfo text, for a saved root without
 * /proc/sys/kernel/arch. Pure; never throws; `undefined` when the text does not
 * tell. The rules, first match wins:
 *
 * - `vendor_id` of an x86 vendor (GenuineIntel, AuthenticAMD, HygonGenuine,
 *   CentaurHauls, "  Shanghai  " …) or `flags` with `fpu`: `x86_64` when `flags`
 *   has `lm` (long mode), else `i686`;
 * - `vendor_id : IBM/S390`: `s390x` when `features` has `zarch`, else `s390`;
 * - `CPU architecture: 8` (or `AArch64`), or `Features` with `asimd`: `aarch64`;
 *   `CPU architecture: 7` / `Processor : ARMv7 …`: `armv7l`; other ARM: `armv6l`/`armv5tel`;
 * - `isa : rv64…` / `rv32…`: `riscv64` / `riscv32`;
 * - LoongArch (`CPU Family : Loongson-64bit`, `ISA … loongarch64`): `loongarch64`;
 * - POWER (`cpu : POWERn …`): `ppc64le` for POWER8 and later, which nearly always
 *   run little-endian Linux, `ppc64` for POWER7 and earlier and for `PPC970`/`Cell`;
 *   other `cpu` lines of the PowerPC family (`740/750`, `e500`…) give `ppc`.
 *   cpuinfo cannot tell endianness, so this is an inference; a saved root that
 *   has /proc/sys/kernel/arch is read from there instead.
 * - SPARC (`type : sun4u`/`sun4v`, or `cpu` naming Sparc): `sparc64`;
 * - MIPS (`cpu model : … MIPS …`, `isa : mips64…`): `mips64` when the isa says so, else `mips`.
 */
export function machineFromCpuinfo(text: string): string | undefined {
  const parsed = parseCpuinfo(text);
  return parsed.ok ? machineFromParsedCpuinfo(parsed.value) : undefined;
}

/** {@linkcode machineFromCpuinfo} for cpuinfo already parsed. */
export function machineFromParsedCpuinfo(info: Cpuinfo): string | undefined {
  const f = cpuFields(info, info.processors[0]?.cpu ?? -1);
  const get = (...names: string[]) => getField(f, ...names);
  const words = (s: string | undefined) => new Set((s ?? "").split(/\s+/));

  const vendor = get("vendor_id");
  const x86Vendors = /GenuineIntel|AuthenticAMD|HygonGenuine|CentaurHauls|Shanghai|GenuineTMx86|CyrixInstead|Geode|VIA/;
  const flags = words(get("flags"));
  if ((vendor && x86Vendors.test(vendor)) || (flags.has("fpu") && get("cpu family") !== undefined)) {
    return flags.has("lm") ? "x86_64" : "i686";
  }
  if (vendor === "IBM/S390") return words(get("features")).has("zarch") ? "s390x" : "s390";

  const armArch = get("CPU architecture");
  const proc = get("Processor", "model name") ?? "";
  if (armArch !== undefined || get("CPU implementer") !== undefined) {
    if (armArch === "8" || /aarch64/i.test(armArch ?? "") || words(get("Features")).has("asimd")) return "aarch64";
    if (armArch === "7" || /ARMv7/.test(proc)) return "armv7l";
    if (armArch === "6" || /ARMv6/.test(proc)) return "armv6l";
    return "armv5tel";
  }

  const isa = get("isa") ?? "";
  if (/^rv64/i.test(isa)) return "riscv64";
  if (/^rv32/i.test(isa)) return "riscv32";

  if (/Loongson-64bit/i.test(get("CPU Family") ?? "") || /loongarch64/i.test(get("ISA") ?? "")) return "loongarch64";

  const cpu = get("cpu") ?? "";
  const power = /^POWER(\d+)/i.exec(cpu);
  if (power) return Number(power[1]) >= 8 ? "ppc64le" : "ppc64";
  if (/^(PPC970|Cell)/i.test(cpu)) return "ppc64";
  if (/sparc/i.test(cpu) || /^sun4/.test(get("type") ?? "")) return "sparc64";
  if (get("timebase") !== undefined || /^(740|750|7400|7410|7447|7448|7450|7455|e300|e500|e5500|e6500|604|603|601|POWER|PPC)/i.test(cpu)) {
    return /^(e5500|e6500)/i.test(cpu) ? "ppc64" : "ppc";
  }
  const mips = get("cpu model") ?? "";
  if (/MIPS|Loongson|Octeon/i.test(mips) || /^mips/i.test(isa)) return /mips64/i.test(isa) ? "mips64" : "mips";
  return undefined;
}

/**
 * compspec-go's architecture word (Go's GOARCH) for a `uname -m` value:
 * `x86_64` → `amd64`, `aarch64` → `arm64`, `i686` → `i386`, `armv7l` → `arm`,
 * `loongarch64` → `loong64`; others (`ppc64le`, `s390x`, `riscv64`) are the same.
 */
export function archName(machine: string): string {
  const m = machine.trim();
  if (m === "x86_64" || m === "amd64") return "amd64";
  if (m === "aarch64" || m === "arm64" || m === "aarch64_be") return "arm64";
  if (/^i[3-6]86$/.test(m)) return "i386";
  if (/^arm/.test(m)) return "arm";
  if (m === "loongarch64") return "loong64";
  if (m === "mips64") return "mips64";
  return m;
}

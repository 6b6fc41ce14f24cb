/**
 * archspec's partial host microarchitecture: what `proc_cpuinfo()` builds from
 * the first processor block, per machine family.
 *
 * @module
 */
import { parseFirstBlock, pySplit } from "./cpuinfo.ts";
import { targets, withSyntheticSse3 } from "./targets.ts";

/** What detection knows about the host CPU. */
export interface HostInfo {
  /** riscv64 only: the uarch name (`u74mc`, `x60`, or `riscv64`); "" otherwise. */
  name: string;
  /** x86_64: `vendor_id`; aarch64: vendor from `CPU implementer`; else "generic" (or "" on ppc). */
  vendor: string;
  /** x86_64 `flags` / aarch64 `Features`, verbatim, plus synthetic `sse3`. */
  features: ReadonlySet<string>;
  /** aarch64 `CPU part`, raw (`0xd4f`); "" elsewhere. */
  cpuPart: string;
  /** ppc64/ppc64le: the N of the first `POWER<N>` in `cpu`; 0 when absent (QEMU). */
  generation: number;
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Build archspec's partial uarch for `machine` (`uname -m`) from cpuinfo text.
 * Families archspec does not read cpuinfo for get `generic(machine)`.
 */
export function hostInfo(cpuinfo: string, machine: string): HostInfo {
  const data = parseFirstBlock(cpuinfo);
  const base: HostInfo = { name: "", vendor: "", features: EMPTY, cpuPart: "", generation: 0 };
  switch (machine) {
    case "x86_64":
      return { ...base, vendor: data.get("vendor_id") ?? "generic", features: features(data.get("flags")) };
    case "aarch64": {
      // Unmapped implementer codes stay raw (`0x6d`), so they match no vendor target.
      const code = data.get("CPU implementer");
      const vendor = code === undefined ? "generic" : targets().armVendors.get(code) ?? code;
      return { ...base, vendor, features: features(data.get("Features")), cpuPart: data.get("CPU part") ?? "" };
    }
    case "ppc64":
    case "ppc64le": {
      const m = /POWER(\d+)/.exec(data.get("cpu") ?? "");
      return { ...base, generation: m ? Number(m[1]) : 0 };
    }
    case "riscv64":
      return { ...base, name: riscvName(data) };
    default:
      return { ...base, name: machine, vendor: "generic" };
  }
}

function features(value: string | undefined): ReadonlySet<string> {
  return value === undefined || value === "" ? EMPTY : withSyntheticSse3(pySplit(value));
}

/** archspec's RISC-V uarch rewrites; only `u74mc` and `x60` are targets. */
function riscvName(data: Map<string, string>): string {
  const uarch = data.get("uarch");
  if (uarch === "sifive,u74-mc") return "u74mc";
  if (uarch === "spacemit,x60" || data.get("model name") === "Spacemit(R) X60") return "x60";
  return uarch ?? "riscv64";
}

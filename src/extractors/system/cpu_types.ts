/**
 * Hybrid machines: which CPUs are of which type (ARM big.LITTLE by `CPU part`,
 * Intel P-cores and E-cores by /sys/devices/cpu_core and cpu_atom), and the
 * identity of a CPU in words.
 *
 * @module
 */
import { armImplementerName, armPartName } from "./arm.ts";
import { type Cpuinfo, getField, peekField } from "./cpuinfo.ts";
import type { Section } from "../types.ts";

/** One CPU type and its online CPUs. */
export interface CpuType {
  /** Model name, ARM core name, or Intel core type (`intel_core`, `intel_atom`). */
  model: string;
  /** Online CPUs of this type, ascending. */
  cpus: number[];
}

/** An Intel hybrid PMU (`/sys/devices/cpu_core`): its name and CPUs. */
export interface HybridPmu {
  /** `cpu_core`, `cpu_atom`. */
  name: string;
  cpus: number[];
}

/**
 * Split the online CPUs into types, ordered by each type's lowest CPU. With two
 * or more Intel hybrid PMUs the PMUs decide (P-cores and E-cores share one
 * `model name`); otherwise cpuinfo does: ARM's (`CPU implementer`, `CPU part`),
 * else the model name. Without cpuinfo every CPU is of one type.
 */
export function cpuTypes(info: Cpuinfo | undefined, online: readonly number[], pmus: readonly HybridPmu[] = []): CpuType[] {
  const groups = new Map<string, CpuType>();
  const add = (key: string, model: string, cpu: number) => {
    let g = groups.get(key);
    if (!g) groups.set(key, g = { model, cpus: [] });
    g.cpus.push(cpu);
  };
  const usePmus = pmus.filter((p) => p.cpus.length > 0).length >= 2;
  const pmuOf = new Map<number, string>();
  if (usePmus) for (const p of pmus) for (const c of p.cpus) pmuOf.set(c, p.name);
  const byCpu = new Map(info?.processors.map((p) => [p.cpu, p]));
  const global = info?.global ?? new Map<string, string>();
  for (const cpu of [...online].sort((a, b) => a - b)) {
    if (usePmus) {
      const pmu = pmuOf.get(cpu) ?? "cpu_unknown";
      add(pmu, `intel_${pmu.replace(/^cpu_/, "")}`, cpu);
      continue;
    }
    // The CPU's own line, else a global one (armv7 puts CPU part in a trailer).
    const entry = byCpu.get(cpu);
    const get = (name: string) => (entry && peekField(entry, name)) ?? getField(global, name);
    const impl = get("CPU implementer");
    const part = impl === undefined ? undefined : get("CPU part"); // each miss scans the CPU's whole block
    if (impl !== undefined && part !== undefined) {
      add(`${impl}:${part}`, armPartName(impl, part) ?? `${armImplementerName(impl)} ${part}`, cpu);
    } else {
      // armv7's `Processor` only with its capital: `processor` is the CPU number.
      const model = get("model name") ?? get("cpu") ?? get("uarch") ?? global.get("Processor") ?? get("machine") ??
        get("isa") ?? "";
      add(model, model, cpu);
    }
  }
  return [...groups.values()];
}

function modelOf(f: ReadonlyMap<string, string>): string | undefined {
  // armv7's `Processor` only with its capital: `processor` is the CPU number.
  return getField(f, "model name", "cpu", "uarch") ?? f.get("Processor") ?? getField(f, "machine", "isa");
}

/**
 * The `vendor`, `model`, `family`, `model_id` and `stepping` of one CPU from its
 * cpuinfo fields (only those known):
 * x86: `vendor_id`, `model name`, `cpu family`, `model`, `stepping`;
 * ARM: implementer name, core name (else the part code), `CPU architecture`, `CPU part`, `r<variant>p<revision>`;
 * POWER: `IBM`, `cpu`, -, `revision`'s PVR, `revision`;
 * s390: `vendor_id`, `machine`, -, `machine`, `version`;
 * RISC-V: `mvendorid`, `uarch` (else `isa`), -, `marchid`, `mimpid`;
 * LoongArch: `Loongson`, `Model Name`, `CPU Family`, -, `CPU Revision`.
 */
export function cpuIdentity(f: ReadonlyMap<string, string>): Section {
  const get = (...n: string[]) => getField(f, ...n);
  const out: Section = {};
  const set = (k: string, v: string | undefined) => {
    if (v !== undefined && v !== "") out[k] = v;
  };
  const impl = get("CPU implementer");
  const vendorId = get("vendor_id");
  if (impl !== undefined) {
    const part = get("CPU part") ?? "";
    set("vendor", armImplementerName(impl));
    set("model", armPartName(impl, part) ?? (part || undefined));
    set("family", get("CPU architecture"));
    set("model_id", part);
    const variant = get("CPU variant");
    const revision = get("CPU revision");
    if (variant !== undefined && revision !== undefined) set("stepping", `r${parseInt(variant, 16)}p${revision}`);
  } else if (vendorId === "IBM/S390") {
    set("vendor", vendorId);
    set("model", get("machine"));
    set("model_id", get("machine"));
    set("stepping", get("version"));
  } else if (vendorId !== undefined) {
    set("vendor", vendorId);
    set("model", get("model name"));
    set("family", get("cpu family"));
    set("model_id", get("model"));
    set("stepping", get("stepping"));
  } else if (get("mvendorid") !== undefined || /^rv\d/.test(get("isa") ?? "")) {
    set("vendor", get("mvendorid"));
    set("model", get("uarch") ?? get("isa"));
    set("model_id", get("marchid"));
    set("stepping", get("mimpid"));
  } else if (get("Model Name") !== undefined && /loongson/i.test(get("CPU Family") ?? get("Model Name") ?? "")) {
    set("vendor", "Loongson");
    set("model", get("Model Name"));
    set("family", get("CPU Family"));
    set("stepping", get("CPU Revision"));
  } else if (/^POWER/i.test(get("cpu") ?? "")) {
    set("vendor", "IBM");
    set("model", get("cpu"));
    set("model_id", /pvr\s+([0-9a-f]+)/i.exec(get("revision") ?? "")?.[1]);
    set("stepping", get("revision"));
  } else {
    set("model", modelOf(f));
  }
  return out;
}

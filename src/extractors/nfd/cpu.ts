/**
 * NFD's `cpu` source from files: `cpuid` flags and `model` from /proc/cpuinfo
 * (instead of the CPUID instruction), `cstate`, `pstate`, `rdt`, `security`
 * (x86), `coprocessor` (POWER), `security.se.enabled` (s390x) and `topology`
 * from sysfs. `sst.bf.enabled` needs CPUID leaf 0x16 and is left out.
 *
 * @module
 */
import { type Host, HostError } from "../../host/host.ts";
import { listOptional, readOptional, readTrimmed } from "../common/optional_read.ts";
import { CPUINFO, cpuinfoText } from "../system/read_common.ts";
import { type CpuArch, type CpuinfoFields, detectArch, intField, parseCpuinfoFields, tokens } from "./cpuinfo.ts";
import {
  arm64CpuidFlags,
  arm64ModelFromMidr,
  armCpuidFlags,
  midrFromCpuinfo,
  parseAuxv,
  ppc64leCpuidFlags,
  s390xCpuidFlags,
} from "./cpuid_other.ts";
import { type X86Cpu, x86CpuidFlags, x86RdtAttributes, x86VendorName } from "./cpuid_x86.ts";
import { type Features, newFeatures } from "./flatten.ts";

const SYS_CPU = "/sys/devices/system/cpu";

/** Discover the `cpu` source. Throws {@linkcode HostError} when /proc/cpuinfo cannot be read. */
export function discoverCpu(host: Host): Features {
  // Through the system extractor's per-host memo, so a run reads /proc/cpuinfo once (the kernel
  // generates it anew on every read: hundreds of kB on big machines). Missing: the host's own error.
  const fields = parseCpuinfoFields(cpuinfoText(host) ?? host.readText(CPUINFO));
  const arch = detectArch(fields);
  const features = newFeatures();
  features.flags.cpuid = cpuidFlags(host, arch, fields);
  features.attributes.model = cpuModel(host, arch, fields);
  if (arch === "x86") {
    const cpu = x86Cpu(fields);
    setIfAny(features, "cstate", cstate(host));
    setIfAny(features, "pstate", pstate(host));
    setIfAny(features, "rdt", rdt(host, cpu));
    setIfAny(features, "security", x86Security(host, cpu));
  } else if (arch === "s390x") {
    // Exact compare: NFD requires the file to be "1\n".
    if (readOptional(host, "/sys/firmware/uv/prot_virt_host") === "1\n") {
      features.attributes.security = { "se.enabled": "true" };
    }
  } else if (arch === "ppc") {
    if (host.exists("/sys/devices/vio/ibm,compression-v1/nx_gzip_caps")) {
      features.attributes.coprocessor = { nx_gzip: "true" };
    }
  }
  setIfAny(features, "topology", topology(host));
  return features;
}

function setIfAny(features: Features, set: string, attrs: Record<string, string> | undefined): void {
  if (attrs && Object.keys(attrs).length > 0) features.attributes[set] = attrs;
}

/** The x86 identity NFD's CPUID reads, from the first processor block. */
export function x86Cpu(fields: CpuinfoFields): X86Cpu {
  const siblings = intField(fields, "siblings");
  const cores = intField(fields, "cpu cores");
  return {
    vendorId: fields.get("vendor_id") ?? "",
    family: intField(fields, "cpu family") ?? 0,
    model: intField(fields, "model") ?? 0,
    flags: new Set(tokens(fields, "flags")),
    smt: siblings !== undefined && cores !== undefined && siblings > cores,
  };
}

/** `cpuid` flag names for the machine family. */
export function cpuidFlags(host: Host, arch: CpuArch, fields: CpuinfoFields): string[] {
  switch (arch) {
    case "x86":
      return x86CpuidFlags(x86Cpu(fields));
    case "arm64":
      return arm64CpuidFlags(tokens(fields, "Features"));
    case "arm":
      return armCpuidFlags(tokens(fields, "Features"));
    case "s390x":
      return s390xCpuidFlags(tokens(fields, "features"));
    case "ppc": {
      // POWER's HWCAP bits are not in /proc/cpuinfo; only the auxiliary vector has them.
      let auxv;
      try {
        auxv = parseAuxv(host.readBytes("/proc/self/auxv"));
      } catch (e) {
        if (!(e instanceof HostError)) throw e;
      }
      return auxv ? ppc64leCpuidFlags(auxv.hwcap, auxv.hwcap2) : [];
    }
    default:
      return [];
  }
}

/** `model.vendor_id`, `model.family`, `model.id` as klauspost/cpuid reports them. */
export function cpuModel(host: Host, arch: CpuArch, fields: CpuinfoFields): Record<string, string> {
  let vendor = "VendorUnknown";
  let family = 0;
  let id = 0;
  if (arch === "x86") {
    const cpu = x86Cpu(fields);
    vendor = x86VendorName(cpu.vendorId);
    family = cpu.family;
    id = cpu.model;
  } else if (arch === "arm64" && tokens(fields, "Features").includes("cpuid")) {
    // klauspost reads MIDR_EL1 only when the kernel emulates the ID registers (HWCAP_CPUID).
    const midr = midrOf(host, fields);
    if (midr !== undefined) ({ vendor, family, id } = arm64ModelFromMidr(midr));
  }
  return { vendor_id: vendor, family: String(family), id: String(id) };
}

function midrOf(host: Host, fields: CpuinfoFields): number | undefined {
  const implementer = intField(fields, "CPU implementer");
  const variant = intField(fields, "CPU variant");
  const part = intField(fields, "CPU part");
  const revision = intField(fields, "CPU revision");
  if (implementer !== undefined && variant !== undefined && part !== undefined && revision !== undefined) {
    return midrFromCpuinfo(implementer, variant, part, revision);
  }
  const raw = readTrimmed(host, `${SYS_CPU}/cpu0/regs/identification/midr_el1`);
  if (raw && /^0x[0-9a-f]+$/i.test(raw)) return Number(BigInt(raw) & 0xffffffffn);
  return undefined;
}

/** `cstate.enabled`: only with the intel_idle driver, from its `max_cstate` parameter. */
export function cstate(host: Host): Record<string, string> | undefined {
  if (!host.isDirectory(SYS_CPU)) return undefined;
  const driver = readTrimmed(host, `${SYS_CPU}/cpuidle/current_driver`);
  if (driver !== "intel_idle") return undefined;
  const max = atoi(readTrimmed(host, "/sys/module/intel_idle/parameters/max_cstate"));
  return max === undefined ? undefined : { enabled: String(max > 0) };
}

/** `pstate.status`, `pstate.turbo`, `pstate.scaling_governor` from intel_pstate. */
export function pstate(host: Host): Record<string, string> | undefined {
  const dir = `${SYS_CPU}/intel_pstate`;
  if (!host.isDirectory(dir)) return undefined;
  const status = readTrimmed(host, `${dir}/status`);
  if (status === undefined || status === "off") return undefined;
  const out: Record<string, string> = { status };
  const noTurbo = readOptional(host, `${dir}/no_turbo`);
  if (noTurbo !== undefined && noTurbo.length > 0) out.turbo = String(noTurbo[0] === "0");
  // The governor is only meaningful in active mode.
  if (status !== "active") return out;
  let governor = "";
  for (const policy of listOptional(host, `${SYS_CPU}/cpufreq`) ?? []) {
    const cpus = readTrimmed(host, `${SYS_CPU}/cpufreq/${policy}/affected_cpus`);
    if (!cpus) continue;
    const g = readTrimmed(host, `${SYS_CPU}/cpufreq/${policy}/scaling_governor`);
    if (g === undefined) continue;
    if (governor === "") governor = g;
    else if (governor !== g) return out; // mixed governors: NFD reports none
  }
  if (governor !== "") out.scaling_governor = governor;
  return out;
}

/** `rdt.*` from cpuinfo flags, plus `RDTL3CA_NUM_CLOSID` from a mounted resctrl. */
export function rdt(host: Host, cpu: X86Cpu): Record<string, string> {
  const out = x86RdtAttributes(cpu);
  if (out.RDTL3CA) {
    const root = resctrlRoot(readOptional(host, "/proc/self/mountinfo") ?? "");
    const closids = root ? atoi(readTrimmed(host, `${root}/info/L3/num_closids`)) : undefined;
    if (closids !== undefined) out.RDTL3CA_NUM_CLOSID = String(closids - 1);
  }
  return out;
}

/** Mount point of the first `resctrl` filesystem in a mountinfo text. */
export function resctrlRoot(mountinfo: string): string | undefined {
  for (const line of mountinfo.split("\n")) {
    const sep = line.indexOf(" - ");
    if (sep < 0) continue;
    if (line.slice(sep + 3).split(" ")[0] !== "resctrl") continue;
    const mountPoint = line.slice(0, sep).split(" ")[4];
    // mountinfo escapes space, tab, newline and backslash as octal.
    if (mountPoint) return mountPoint.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  }
  return undefined;
}

/** x86 `security.*`: SGX, TDX and SEV, from cpuinfo flags, kvm module parameters and the misc cgroup. */
export function x86Security(host: Host, cpu: X86Cpu): Record<string, string> {
  const out: Record<string, string> = {};
  if (cpu.flags.has("sgx")) {
    let epc = 0n;
    for (const node of listOptional(host, "/sys/devices/system/node") ?? []) {
      if (!/^node\d+$/.test(node)) continue;
      const raw = readTrimmed(host, `/sys/devices/system/node/${node}/x86/sgx_total_bytes`);
      if (raw && /^\d+$/.test(raw)) epc += BigInt(raw);
    }
    if (epc > 0n) {
      out["sgx.enabled"] = "true";
      out["sgx.epc"] = String(epc);
    }
  }
  let capacity: string | undefined | null = null; // null: not read yet
  const misc = (prefix: string): string | undefined => {
    if (capacity === null) {
      capacity = readOptional(host, "/sys/fs/cgroup/misc.capacity") ??
        readOptional(host, "/sys/fs/cgroup/misc/misc.capacity");
    }
    return miscCapacity(capacity ?? "", prefix);
  };
  if (readOptional(host, "/sys/module/kvm_intel/parameters/tdx") === "Y\n") {
    out["tdx.enabled"] = "true";
    const keys = misc("tdx");
    if (keys !== undefined) out["tdx.total_keys"] = keys;
  }
  if (cpu.flags.has("tdx_guest")) out["tdx.protected"] = "true";
  const kvmAmd = (param: string) => {
    const v = readOptional(host, `/sys/module/kvm_amd/parameters/${param}`);
    return v !== undefined && (v[0] === "1" || v[0] === "Y");
  };
  if (kvmAmd("sev")) {
    out["sev.enabled"] = "true";
    const asids = misc("sev");
    if (asids !== undefined) out["sev.asids"] = asids;
  }
  if (kvmAmd("sev_es")) {
    out["sev.es.enabled"] = "true";
    const ids = misc("sev_es");
    if (ids !== undefined) out["sev.encrypted_state_ids"] = ids;
  }
  if (kvmAmd("sev_snp")) out["sev.snp.enabled"] = "true";
  return out;
}

/** Second field of the first misc.capacity line starting with `prefix` (Go's `HasPrefix`, first match wins). */
export function miscCapacity(text: string, prefix: string): string | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const value = atoi(line.split(/\s+/)[1]);
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

/** Go's `strconv.Atoi`: an optionally signed decimal integer, else `undefined`. */
function atoi(text: string | undefined): number | undefined {
  return text !== undefined && /^[+-]?\d+$/.test(text) ? parseInt(text, 10) : undefined;
}

/**
 * `topology.hardware_multithreading` and `topology.socket_count` from each CPU's
 * `thread_siblings_list` and `physical_package_id`; any unreadable CPU empties the set.
 * CPUs are listed from /sys/bus/cpu/devices, or /sys/devices/system/cpu in a
 * saved root that lacks the bus links (they name the same directories).
 */
export function topology(host: Host): Record<string, string> | undefined {
  let base = "/sys/bus/cpu/devices";
  let cpus = listOptional(host, base);
  if (cpus === undefined) {
    base = SYS_CPU;
    cpus = listOptional(host, base)?.filter((name) => /^cpu\d+$/.test(name));
  }
  if (cpus === undefined) return undefined;
  let smt = false;
  const packages = new Set<string>();
  for (const cpu of cpus) {
    const siblings = readOptional(host, `${base}/${cpu}/topology/thread_siblings_list`);
    const pkg = readOptional(host, `${base}/${cpu}/topology/physical_package_id`);
    if (siblings === undefined || pkg === undefined) return undefined;
    if (siblings.includes(",") || siblings.includes("-")) smt = true;
    packages.add(pkg.trim());
  }
  return { hardware_multithreading: String(smt), socket_count: String(packages.size) };
}

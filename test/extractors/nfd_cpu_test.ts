import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { arm64ModelFromMidr, midrFromCpuinfo, parseAuxv } from "../../src/extractors/nfd/cpuid_other.ts";
import { parseCpuinfoFields } from "../../src/extractors/nfd/cpuinfo.ts";
import { miscCapacity, resctrlRoot } from "../../src/extractors/nfd/cpu.ts";
import { x86CpuidFlags } from "../../src/extractors/nfd/cpuid_x86.ts";
import { corpusNames, unpackedRoot } from "../util/fixtures.ts";
import { keysUnder, nfdRoot, nfdSection } from "./nfd_util.ts";

/** First value of a cpuinfo field, read straight from the file. */
function field(cpuinfo: string, key: string): string | undefined {
  const m = new RegExp(`^${key}\\s*:\\s*(.*)$`, "m").exec(cpuinfo);
  return m?.[1]?.trim();
}

describe("nfd[cpu] on the hand-made Intel root", () => {
  const root = nfdRoot("intel-2s");
  const cpu = nfdSection(root, "cpu");
  const cpuinfo = fs.readFileSync(path.join(root, "proc/cpuinfo"), "utf8");
  const flags = new Set(field(cpuinfo, "flags")!.split(" "));

  test("cpuid names come from the flags through the mapping", () => {
    expect(flags.has("avx512_vnni")).toBe(true);
    expect(cpu["cpuid.AVX512VNNI"]).toBe("true");
    expect(cpu["cpuid.AMXBF16"]).toBe("true");
    expect(cpu["cpuid.SSE4"]).toBe("true"); // sse4_1
    expect(cpu["cpuid.SSE3"]).toBe("true"); // pni
    expect(cpu["cpuid.X87"]).toBe("true"); // fpu
    expect(cpu["cpuid.FXSROPT"]).toBe("true"); // klauspost quirk: from the SSE bit
    expect(cpu["cpuid.OSXSAVE"]).toBe("true");
    expect(cpu["cpuid.HTT"]).toBe("true"); // siblings 4 > cpu cores 2
    expect(cpu["cpuid.LZCNT"]).toBe("true"); // abm
    expect(cpu["cpuid.IBRS"]).toBeUndefined(); // Intel: klauspost reads IBRS from an AMD leaf only
    expect(cpu["cpuid.AVXSLOW"]).toBeUndefined(); // model 143
    expect(cpu["cpuid.SVM"]).toBeUndefined();
    // Nothing but "true" and only known names.
    for (const [k, v] of Object.entries(cpu)) if (k.startsWith("cpuid.")) expect(v).toBe("true");
  });

  test("model, topology, cstate, pstate", () => {
    expect(cpu["model.vendor_id"]).toBe("Intel");
    expect(cpu["model.family"]).toBe(field(cpuinfo, "cpu family"));
    expect(cpu["model.id"]).toBe(field(cpuinfo, "model"));
    expect(cpu["topology.socket_count"]).toBe("2");
    expect(cpu["topology.hardware_multithreading"]).toBe("true");
    expect(cpu["cstate.enabled"]).toBe("true");
    expect(cpu["pstate.status"]).toBe("active");
    expect(cpu["pstate.turbo"]).toBe("true");
    // policy2 has no affected CPUs, so its "performance" does not count.
    expect(cpu["pstate.scaling_governor"]).toBe("powersave");
  });

  test("rdt and security", () => {
    expect(keysUnder(cpu, "rdt")).toEqual(["RDTCMT", "RDTL2CA", "RDTL3CA", "RDTL3CA_NUM_CLOSID", "RDTMBA", "RDTMBM", "RDTMON"]);
    const closids = fs.readFileSync(path.join(root, "sys/fs/resctrl/info/L3/num_closids"), "utf8");
    expect(cpu["rdt.RDTL3CA_NUM_CLOSID"]).toBe(String(Number(closids) - 1));
    const epc = ["node0", "node1"]
      .map((n) => BigInt(fs.readFileSync(path.join(root, `sys/devices/system/node/${n}/x86/sgx_total_bytes`), "utf8").trim()))
      .reduce((a, b) => a + b);
    expect(cpu["security.sgx.enabled"]).toBe("true");
    expect(cpu["security.sgx.epc"]).toBe(String(epc));
    expect(cpu["security.tdx.enabled"]).toBe("true");
    expect(cpu["security.tdx.total_keys"]).toBe("63");
    expect(cpu["security.tdx.protected"]).toBeUndefined();
    expect(keysUnder(cpu, "security").some((k) => k.startsWith("sev"))).toBe(false);
  });

  test("sst.bf.enabled needs CPUID and is never emitted", () => {
    expect(keysUnder(cpu, "sst")).toEqual([]);
  });
});

describe("nfd[cpu] x86 details", () => {
  test("AMD: IBRS, AVXSLOW, POPCNT from abm, no HTT without SMT; sysfs-less root keeps cpuid and model", () => {
    const cpu = nfdSection(nfdRoot("minimal"), "cpu");
    expect(cpu["cpuid.IBRS"]).toBe("true");
    expect(cpu["cpuid.AVXSLOW"]).toBeUndefined(); // family 23 model 49 is Zen 2: not slow
    expect(cpu["cpuid.POPCNT"]).toBe("true");
    expect(cpu["cpuid.HTT"]).toBeUndefined();
    expect(cpu["model.vendor_id"]).toBe("AMD");
    expect(keysUnder(cpu, "topology")).toEqual([]); // no CPU directories at all
    expect(keysUnder(cpu, "cstate")).toEqual([]);
  });

  test("AVXSLOW for old AMD and Intel", () => {
    const base = { flags: new Set(["avx"]), smt: false };
    expect(x86CpuidFlags({ ...base, vendorId: "AuthenticAMD", family: 23, model: 1 })).toContain("AVXSLOW");
    expect(x86CpuidFlags({ ...base, vendorId: "GenuineIntel", family: 6, model: 58 })).toContain("AVXSLOW");
    expect(x86CpuidFlags({ ...base, vendorId: "GenuineIntel", family: 6, model: 60 })).not.toContain("AVXSLOW");
  });

  test("resctrl mount point and misc.capacity lookups", () => {
    expect(resctrlRoot("31 22 0:27 / /mnt/rdt\\040x rw - resctrl resctrl rw\n")).toBe("/mnt/rdt x");
    expect(resctrlRoot("22 1 259:2 / / rw - ext4 /dev/sda rw\n")).toBeUndefined();
    expect(miscCapacity("sev 509\nsev_es 0\n", "sev")).toBe("509");
    expect(miscCapacity("sev 509\nsev_es 0\n", "sev_es")).toBe("0");
    expect(miscCapacity("sev 509\n", "tdx")).toBeUndefined();
  });
});

describe("nfd[cpu] on the lscpu corpus", () => {
  test("epyc_7451: cpuid, model and topology derived from the dump", () => {
    const root = unpackedRoot("x86_64-epyc_7451");
    const cpuinfo = fs.readFileSync(path.join(root, "proc/cpuinfo"), "utf8");
    const cpu = nfdSection(root, "cpu");
    expect(field(cpuinfo, "flags")!.split(" ")).toContain("avx2");
    expect(cpu["cpuid.AVX2"]).toBe("true");
    const sockets = new Set([...cpuinfo.matchAll(/^physical id\s*:\s*(\d+)/gm)].map((m) => m[1]));
    expect(cpu["topology.socket_count"]).toBe(String(sockets.size));
    expect(cpu["topology.socket_count"]).toBe("2");
    expect(cpu["topology.hardware_multithreading"]).toBe(
      String(Number(field(cpuinfo, "siblings")) > Number(field(cpuinfo, "cpu cores"))),
    );
    expect(cpu["model.vendor_id"]).toBe("AMD");
    expect(cpu["model.family"]).toBe(field(cpuinfo, "cpu family"));
    expect(cpu["model.id"]).toBe(field(cpuinfo, "model"));
    expect(cpu["cpuid.AVXSLOW"]).toBe("true"); // Zen 1: family 23, model 1
    expect(cpu["cstate.enabled"]).toBeUndefined(); // acpi_idle, not intel_idle
  });

  test("every x86 corpus machine: each mapped flag agrees with cpuinfo", () => {
    const pairs: [string, string][] = [["AVX2", "avx2"], ["SSE2", "sse2"], ["SSE42", "sse4_2"], ["AESNI", "aes"],
      ["HYPERVISOR", "hypervisor"], ["AVX512F", "avx512f"], ["SVM", "svm"], ["VMX", "vmx"], ["NX", "nx"]];
    let checked = 0;
    for (const name of corpusNames()) {
      const root = unpackedRoot(name);
      const file = path.join(root, "proc/cpuinfo");
      if (!fs.existsSync(file)) continue;
      const cpuinfo = fs.readFileSync(file, "utf8");
      const flags = field(cpuinfo, "flags");
      if (flags === undefined || field(cpuinfo, "vendor_id") === undefined) continue;
      const set = new Set(flags.split(/\s+/));
      const cpu = nfdSection(root, "cpu");
      for (const [nfd, flag] of pairs) expect([name, nfd, cpu[`cpuid.${nfd}`]]).toEqual([name, nfd, set.has(flag) ? "true" : undefined]);
      expect(cpu["model.family"]).toBe(field(cpuinfo, "cpu family"));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  test("arm64: Features tokens and MIDR (cross-checked with sysfs midr_el1)", () => {
    const root = unpackedRoot("arm-A510-A710-A715-X3");
    const cpuinfo = fs.readFileSync(path.join(root, "proc/cpuinfo"), "utf8");
    const cpu = nfdSection(root, "cpu");
    for (const token of field(cpuinfo, "Features")!.split(" ")) expect(cpu[`cpuid.${token.toUpperCase()}`]).toBe("true");
    const midr = Number(BigInt(fs.readFileSync(path.join(root, "sys/devices/system/cpu/cpu0/regs/identification/midr_el1"), "utf8").trim()) & 0xffffffffn);
    expect(cpu["model.vendor_id"]).toBe("ARM");
    expect(cpu["model.family"]).toBe(String((midr >>> 16) & 0xff));
    expect(cpu["model.id"]).toBe(String(midr & 0xffff));
    expect(keysUnder(cpu, "cstate")).toEqual([]); // x86 only
  });

  test("MIDR helpers: Neoverse-N1 r3p1", () => {
    expect(midrFromCpuinfo(0x41, 3, 0xd0c, 1)).toBe(0x413fd0c1);
    expect(arm64ModelFromMidr(0x413fd0c1)).toEqual({ vendor: "ARM", family: 63, id: 53441 });
    expect(arm64ModelFromMidr(0xc00fac30).vendor).toBe("Ampere");
  });

  test("armv7: NFD's 32-bit names, model unknown", () => {
    const root = unpackedRoot("armv7");
    const cpu = nfdSection(root, "cpu");
    const tokens = field(fs.readFileSync(path.join(root, "proc/cpuinfo"), "utf8"), "Features")!.split(/\s+/);
    expect(tokens).toContain("fastmult");
    expect(cpu["cpuid.FASTMUL"]).toBe("true");
    expect(cpu["cpuid.VFPv3"]).toBe("true");
    expect(cpu["cpuid.NEON"]).toBe("true");
    expect(keysUnder(cpu, "cpuid").length).toBe(tokens.length);
    expect(cpu["model.vendor_id"]).toBe("VendorUnknown");
  });

  test("s390x corpus and hand-made root: features and se.enabled", () => {
    const root = unpackedRoot("s390-lpar");
    const cpu = nfdSection(root, "cpu");
    const tokens = field(fs.readFileSync(path.join(root, "proc/cpuinfo"), "utf8"), "features")!.split(/\s+/);
    expect(keysUnder(cpu, "cpuid")).toEqual(tokens.map((t) => t.toUpperCase()).sort());
    expect(cpu["model.vendor_id"]).toBe("VendorUnknown");
    expect(cpu["model.family"]).toBe("0");
    expect(cpu["security.se.enabled"]).toBeUndefined();
    expect(nfdSection(nfdRoot("s390x"), "cpu")["security.se.enabled"]).toBe("true");
  });

  test("riscv: no cpuid table in NFD, model unknown, topology from sysfs", () => {
    const cpu = nfdSection(unpackedRoot("rv64-linux"), "cpu");
    expect(keysUnder(cpu, "cpuid")).toEqual([]);
    expect(cpu["model.vendor_id"]).toBe("VendorUnknown");
    expect(cpu["topology.socket_count"]).toBeDefined();
  });

  test("a root without /proc/cpuinfo is an error naming it", () => {
    expect(() => nfdSection(nfdRoot("local-bad"), "cpu")).toThrow("/proc/cpuinfo does not exist");
  });
});

describe("nfd[cpu] on POWER", () => {
  test("ppc64le: HWCAP names from the auxiliary vector, nx_gzip coprocessor", () => {
    const cpu = nfdSection(nfdRoot("ppc64le"), "cpu");
    for (const name of ["PPC64", "ALTIVEC", "VSX", "TRUE_LE", "ARCH_2_07", "ARCH_3_00", "DARN", "IEEE128"]) {
      expect(cpu[`cpuid.${name}`]).toBe("true");
    }
    expect(cpu["cpuid.MMA"]).toBeUndefined();
    expect(cpu["coprocessor.nx_gzip"]).toBe("true");
    expect(cpu["model.vendor_id"]).toBe("VendorUnknown");
    expect(cpu["topology.hardware_multithreading"]).toBe("true");
  });

  test("auxv: either byte order; garbage is rejected", () => {
    const make = (little: boolean) => {
      const b = new Uint8Array(48);
      const v = new DataView(b.buffer);
      v.setBigUint64(0, 16n, little);
      v.setBigUint64(8, 0x80n, little);
      v.setBigUint64(16, 26n, little);
      v.setBigUint64(24, 0x800000n, little);
      return b;
    };
    expect(parseAuxv(make(true))).toEqual({ hwcap: 0x80, hwcap2: 0x800000 });
    expect(parseAuxv(make(false))).toEqual({ hwcap: 0x80, hwcap2: 0x800000 });
    expect(parseAuxv(new Uint8Array(7))).toBeUndefined();
    expect(parseAuxv(new Uint8Array(32).fill(0xff))).toBeUndefined();
  });

  test("cpuinfo field parser keeps the first value", () => {
    const f = parseCpuinfoFields("processor : 0\nflags : a b\n\nprocessor : 1\nflags : c\n");
    expect(f.get("flags")).toBe("a b");
  });
});

/** The system extractor's pure parsers, on real text from the fixtures and on arbitrary text (fast-check). */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { armImplementerName, armPartName } from "../../src/extractors/system/arm.ts";
import { cacheKeys, cacheName, parseCacheSize } from "../../src/extractors/system/caches.ts";
import { cpuFields, getField, parseCpuinfo, rawKey } from "../../src/extractors/system/cpuinfo.ts";
import { formatCpuList, parseCpuList, parseCpuMask } from "../../src/linux/cpulist.ts";
import { cpuIdentity, cpuTypes } from "../../src/extractors/system/cpu_types.ts";
import {
  gpuSection,
  gpuVendor,
  parseMemorySize,
  parseNvidiaInformation,
  parseNvidiaNumaNode,
} from "../../src/extractors/system/gpu.ts";
import { archName, machineFromCpuinfo } from "../../src/extractors/system/machine.ts";
import { meminfoKey, parseMeminfo } from "../../src/extractors/system/meminfo.ts";
import { osSection, parseOsRelease } from "../../src/extractors/system/os_release.ts";
import { pciDeviceName } from "../../src/extractors/system/pci_names.ts";
import { processorSection } from "../../src/extractors/system/processor.ts";
import { countTopology, formatTopology, parseTopology, placeCpus } from "../../src/extractors/system/topology.ts";
import { corpusNames, expectedLscpu, FIXTURES, unpackedRoot } from "../util/fixtures.ts";

const MACHINES = path.join(FIXTURES, "machines");
const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), "utf8");
const value = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe("cpu lists and masks", () => {
  test("kernel list syntax, strides and empty lists", () => {
    expect(value(parseCpuList("0-5,48-53\n"))).toEqual([0, 1, 2, 3, 4, 5, 48, 49, 50, 51, 52, 53]);
    expect(value(parseCpuList("0-7:2"))).toEqual([0, 2, 4, 6]);
    expect(value(parseCpuList("\n"))).toEqual([]);
    expect(parseCpuList("3-1").ok).toBe(false);
    expect(parseCpuList("a").ok).toBe(false);
    expect(parseCpuList("99999999").ok).toBe(false);
  });
  test("hex masks, most significant group first", () => {
    expect(value(parseCpuMask("00000000,00000003"))).toEqual([0, 1]);
    expect(value(parseCpuMask("1,80000000"))).toEqual([31, 32]);
    expect(parseCpuMask("zz").ok).toBe(false);
  });
  test("trailing NULs and whitespace are not part of a list or mask (some dumps end files in \\0)", () => {
    expect(value(parseCpuList("0-31\n\0"))).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(value(parseCpuList(" 0-1 \0\0\n"))).toEqual([0, 1]);
    expect(value(parseCpuMask("ff\n\0"))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(parseCpuList("0-3\0,5").ok).toBe(false); // inside a list a NUL is garbage
  });
  test("masks in the corpus agree with the lists beside them", () => {
    const root = unpackedRoot("x86_64-epyc_7451");
    const t = path.join(root, "sys/devices/system/cpu/cpu5/topology");
    expect(value(parseCpuMask(read(t, "thread_siblings")))).toEqual(value(parseCpuList(read(t, "thread_siblings_list"))));
  });
  test("format gives ranges; parse(format(x)) is x", () => {
    expect(formatCpuList([7, 0, 1, 2, 5])).toBe("0-2,5,7");
    fc.assert(fc.property(fc.uniqueArray(fc.nat({ max: 5000 }), { maxLength: 200 }), (cpus) => {
      expect(value(parseCpuList(formatCpuList(cpus)))).toEqual([...cpus].sort((a, b) => a - b));
    }));
  });
});

describe("/proc/cpuinfo", () => {
  test("x86: one entry per CPU, compspec-go raw keys", () => {
    const info = value(parseCpuinfo(read(MACHINES, "gpu-node/proc/cpuinfo")));
    expect(info.processors.map((p) => p.cpu)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(getField(info.processors[0]!.fields, "model name")).toBe("Intel(R) Xeon(R) Platinum 8480+");
    expect(rawKey("address sizes")).toBe("address_sizes");
    expect(rawKey("CPU implementer")).toBe("cpu_implementer");
  });
  test("s390: 'processor N:' lines and 'cpu number' blocks merge; header fields are global", () => {
    const root = unpackedRoot("s390-lpar-drawer");
    const info = value(parseCpuinfo(read(root, "proc/cpuinfo")));
    const lscpu = expectedLscpu("s390-lpar-drawer");
    const online = value(parseCpuList(/On-line CPU\(s\) list:\s*(\S+)/.exec(lscpu)![1]!));
    expect(info.processors.map((p) => p.cpu)).toEqual(online);
    const f = cpuFields(info, online[0]!);
    expect(f.get("vendor_id")).toBe("IBM/S390");
    expect(f.get("machine")).toMatch(/^\d{4}$/);
    expect(f.get("cpu MHz static")).toMatch(/^\d+$/);
  });
  test("armv7: the shared trailer (Features, CPU part) belongs to every CPU; 'Processor' is not a CPU number", () => {
    const info = value(parseCpuinfo(read(unpackedRoot("armv7"), "proc/cpuinfo")));
    expect(info.processors.map((p) => p.cpu)).toEqual([0, 1]);
    const f = cpuFields(info, 1);
    expect(f.get("CPU part")).toBe("0xc0f");
    expect(armPartName("0x41", f.get("CPU part")!)).toBe(/Model name:\s*(.+)/.exec(expectedLscpu("armv7"))![1]!.trim());
  });
  test("text without key: value lines is an error result", () => {
    expect(parseCpuinfo("").ok).toBe(false);
    expect(parseCpuinfo("garbage\n\n").ok).toBe(false);
  });
});

describe("CPU types and identity", () => {
  test("ARM big.LITTLE: one type per CPU part, named as lscpu names them, in order of lowest CPU", () => {
    const name = "arm-A510-A710-A715-X3";
    const info = value(parseCpuinfo(read(unpackedRoot(name), "proc/cpuinfo")));
    const types = cpuTypes(info, info.processors.map((p) => p.cpu));
    const lscpuModels = [...expectedLscpu(name).split("# The following")[0]!.matchAll(/^Model name:\s*(.+)$/gm)]
      .map((m) => m[1]!.trim());
    expect(types.map((t) => t.model).sort()).toEqual(lscpuModels.sort());
    expect(types.flatMap((t) => t.cpus).sort((a, b) => a - b)).toEqual(info.processors.map((p) => p.cpu));
    expect(types[0]!.cpus[0]).toBe(0);
  });
  test("Intel hybrid: the PMUs decide, since P- and E-cores share one model name", () => {
    const info = value(parseCpuinfo(read(MACHINES, "gpu-node/proc/cpuinfo")));
    const types = cpuTypes(info, [0, 1, 2, 3, 4, 5, 6, 7], [
      { name: "cpu_core", cpus: [0, 1, 2, 3] },
      { name: "cpu_atom", cpus: [4, 5, 6, 7] },
    ]);
    expect(types).toEqual([{ model: "intel_core", cpus: [0, 1, 2, 3] }, { model: "intel_atom", cpus: [4, 5, 6, 7] }]);
    expect(cpuTypes(info, [0, 1], [{ name: "cpu_core", cpus: [0, 1] }])).toHaveLength(1);
  });
  test("identity per architecture", () => {
    const id = (name: string) => {
      const info = value(parseCpuinfo(read(unpackedRoot(name), "proc/cpuinfo")));
      return cpuIdentity(cpuFields(info, info.processors[0]?.cpu ?? -1));
    };
    const lscpuField = (name: string, f: string) => new RegExp(`^${f}:\\s*(.+)$`, "m").exec(expectedLscpu(name))?.[1]?.trim();
    for (const name of ["x86_64-epyc_7451", "x86_64-dell_e4310", "vmware_fpe"]) {
      expect(id(name)["vendor"]).toBe(lscpuField(name, "Vendor ID")!);
      expect(id(name)["model"]).toBe(lscpuField(name, "Model name")!);
      expect(id(name)["family"]).toBe(lscpuField(name, "CPU family")!);
    }
    expect(id("arm-A510-A710-A715-X3")["vendor"]).toBe(lscpuField("arm-A510-A710-A715-X3", "Vendor ID")!);
    expect(id("ppc64-POWER7")["model"]).toBe(lscpuField("ppc64-POWER7", "Model name")!);
    expect(id("loongarch-loongson_3a5000_hv")["model"]).toBe(lscpuField("loongarch-loongson_3a5000_hv", "Model name")!);
    expect(id("s390-zvm")["vendor"]).toBe(lscpuField("s390-zvm", "Vendor ID")!);
    expect(armImplementerName("0x41")).toBe("ARM");
    expect(armImplementerName("0x99")).toBe("0x99");
  });
});

describe("system.processor keys", () => {
  test("raw and normalized keys of the representatives only, plus count", () => {
    const info = value(parseCpuinfo(read(MACHINES, "gpu-node/proc/cpuinfo")));
    const s = processorSection(info, [0], info.processors.length);
    expect(s["count"]).toBe("8");
    expect(s["0.raw.model_name"]).toBe("Intel(R) Xeon(R) Platinum 8480+");
    expect(s["0.raw.address_sizes"]).toBe("46 bits physical, 57 bits virtual");
    expect(s["0.normalized.vendor"]).toBe("GenuineIntel");
    expect(s["0.normalized.botomips"]).toBe(s["0.raw.bogomips"]!);
    expect(s["0.normalized.features"]).toBe(s["0.raw.flags"]!);
    expect(s["0.raw.power_management"]).toBeUndefined(); // empty values are left out, as compspec-go does
    expect(Object.keys(s).some((k) => k.startsWith("1."))).toBe(false);
  });
  test("ARM: vendor from the implementer code", () => {
    const info = value(parseCpuinfo(read(unpackedRoot("arm-A510-A710-A715-X3"), "proc/cpuinfo")));
    const s = processorSection(info, [0, 7], 8);
    expect(s["0.normalized.vendor"]).toBe("ARM");
    expect(s["7.raw.cpu_part"]).toBe(info.processors[7]!.fields.get("CPU part")!);
    expect(s["0.normalized.family"]).toBe(s["0.raw.cpu_architecture"]!);
  });
});

describe("machine family from cpuinfo", () => {
  // The machine's family by its corpus name; x86 ones by lscpu's op-modes (64-bit: lm flag).
  const family = (name: string): string | undefined => {
    const lscpu = expectedLscpu(name);
    if (/Vendor ID:\s*(GenuineIntel|AuthenticAMD)/.test(lscpu)) {
      return /CPU op-mode\(s\):.*64-bit/.test(lscpu) ? "x86_64" : "i686";
    }
    const prefixes: [RegExp, string][] = [
      [/^arm-/, "aarch64"], [/^armv7/, "armv7l"], [/^loongarch/, "loongarch64"], [/^ppc-/, "ppc"],
      [/^ppc64-POWER7/, "ppc64"], [/^rv64/, "riscv64"], [/^s390/, "s390x"], [/^sparc64/, "sparc64"],
    ];
    return prefixes.find(([re]) => re.test(name))?.[1];
  };
  for (const name of corpusNames()) {
    test(`${name}`, () => {
      const expected = family(name);
      expect(expected).toBeDefined();
      expect(machineFromCpuinfo(read(unpackedRoot(name), "proc/cpuinfo"))).toBe(expected);
    });
  }
  test("hand-made roots and garbage", () => {
    expect(machineFromCpuinfo(read(MACHINES, "container-no-sys/proc/cpuinfo"))).toBe("x86_64");
    expect(machineFromCpuinfo("")).toBeUndefined();
    expect(machineFromCpuinfo("foo: bar\n")).toBeUndefined();
  });
  test("compspec-go's words", () => {
    expect(["x86_64", "aarch64", "i686", "armv7l", "ppc64le", "s390x", "riscv64", "loongarch64"].map(archName))
      .toEqual(["amd64", "arm64", "i386", "arm", "ppc64le", "s390x", "riscv64", "loong64"]);
  });
});

describe("/proc/meminfo", () => {
  test("compspec-go keys and values with units; per-node prefix dropped", () => {
    const { lines, skipped } = value(parseMeminfo(read(MACHINES, "gpu-node/proc/meminfo")));
    expect(skipped).toEqual([]);
    const m = new Map(lines.map((l) => [l.key, l.value]));
    expect(m.get("memtotal")).toBe("2113442816 kB");
    expect(m.get("active_anon")).toBeDefined();
    expect(m.get("hugepages_total")).toBe("0");
    expect(meminfoKey("Inactive(file)")).toBe("inactive_file");
    const node = value(parseMeminfo(read(MACHINES, "gpu-node/sys/devices/system/node/node1/meminfo")));
    expect(node.lines[0]!.key).toBe("memtotal");
  });
  test("a line without a colon costs only that line, and is said; trailing NULs are no line", () => {
    expect(value(parseMeminfo("MemTotal: 1 kB\nbroken line\nMemFree: 0 kB\n\0"))).toEqual({
      lines: [{ key: "memtotal", value: "1 kB" }, { key: "memfree", value: "0 kB" }],
      skipped: ['line 2 is not "Name: value": "broken line"'],
    });
    const r = parseMeminfo("broken\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("line 1");
  });
});

describe("/etc/os-release", () => {
  test("quoting, and compspec-go's release rules with our VERSION_ID fallback", () => {
    const f = value(parseOsRelease(read(MACHINES, "gpu-node/etc/os-release")));
    expect(f.get("PRETTY_NAME")).toBe("Rocky Linux 9.4 (Blue Onyx)");
    expect(osSection(f, read(MACHINES, "gpu-node/etc/rocky-release"))).toEqual({
      name: "Rocky Linux 9.4 (Blue Onyx)",
      version: "9.4",
      vendor: "rocky",
      release: "9.4",
    });
    const deb = value(parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'));
    expect(osSection(deb, "12.5\n")["release"]).toBe("12.5");
    const ubuntu = value(parseOsRelease('PRETTY_NAME="Ubuntu 22.04.4 LTS"\nID=ubuntu\nVERSION_ID="22.04"\n'));
    expect(osSection(ubuntu)["release"]).toBe("22.04.4");
    expect(value(parseOsRelease("A='x y'\nB=\"a\\\"b\"\n# c\nnot an assignment\n"))).toEqual(new Map([["A", "x y"], ["B", 'a"b']]));
  });
});

describe("caches, GPUs, topology", () => {
  test("cache names and sizes", () => {
    expect(cacheName("1", "Data\n")).toBe("L1d");
    expect(cacheName("2", "Instruction")).toBe("L2i");
    expect(cacheName("3", "Unified")).toBe("L3");
    expect(cacheName("x", "Data")).toBeUndefined();
    expect(parseCacheSize("32K\n")).toBe(32768);
    expect(parseCacheSize("16M")).toBe(16 * 1024 * 1024);
    expect(cacheKeys([{ name: "L2", size: 1, firstCpu: 0 }, { name: "L2", size: 3, firstCpu: 1 }]))
      .toEqual({ "cache.L2.size": "3", "cache.L2.instances": "2", "cache.L2.total": "4" });
  });
  test("GPU classes and vendors", () => {
    expect(gpuVendor("0x030200", "0x10de")).toBe("NVIDIA");
    expect(gpuVendor("0x030000", "0x1002")).toBe("AMD");
    expect(gpuVendor("0x120000", "0x1002")).toBe("AMD");
    expect(gpuVendor("0x038000", "0x8086")).toBe("Intel");
    expect(gpuVendor("0x060000", "0x8086")).toBeUndefined(); // Intel host bridge
    expect(gpuVendor("0x030000", "0x1a03")).toBeUndefined(); // ASPEED BMC VGA
    expect(gpuVendor("0x020000", "0x10de")).toBeUndefined();
    expect(parseMemorySize("81559 MiB")).toBe(81559 * 1024 * 1024);
    expect(parseNvidiaNumaNode("Node: 255\nStatus: online\n")).toBe(255);
    expect(parseNvidiaNumaNode("Node:\t-1\n")).toBeUndefined();
    expect(parseNvidiaNumaNode("Status: offline\n")).toBeUndefined();
    expect(pciDeviceName("0x10de\n", "0x2330")).toBe("GH100[H100 SXM5 80GB]");
    expect(pciDeviceName("0x10DE", "0x1DB1\0")).toBe("GV100GL [Tesla V100 SXM2 16GB]");
    expect(pciDeviceName("0x10de", "0x10ef")).toBeUndefined(); // GP102 HDMI Audio Controller: not a display function
    expect(pciDeviceName("0x8086", "0x1533")).toBeUndefined(); // I210 Ethernet: Intel keeps only graphics
    expect(pciDeviceName("0x1a03", "0x2000")).toBeUndefined(); // ASPEED: not a GPU vendor compspec reports
    const info = parseNvidiaInformation(read(MACHINES, "gpu-node/proc/driver/nvidia/gpus/0000:19:00.0/information"));
    expect(info.get("Model")).toBe("NVIDIA H100 80GB HBM3");
    const s = gpuSection([
      { pci: "0000:b1:00.0", vendor: "AMD", vendorId: "0x1002", deviceId: "0x740f", numaNode: 1, memory: 68702699520 },
      { pci: "0000:19:00.0", vendor: "NVIDIA", vendorId: "0x10de", deviceId: "0x2330", model: "H100", numaNode: 0 },
    ]);
    expect(s["0.pci"]).toBe("0000:19:00.0");
    expect(s["1.model"]).toBe("0x740f"); // no name: the device id
    expect(s["1.memory"]).toBe("68702699520");
    expect(s["0.memory"]).toBeUndefined();
  });
  test("topology labels: kernel ids when they tell groups apart, else ordinals", () => {
    const placed = placeCpus([
      { cpu: 1, packageKey: "a", packageId: -1, dieKey: "a/d", coreKey: "x", coreId: 5, node: 0 },
      { cpu: 0, packageKey: "a", packageId: -1, dieKey: "a/d", coreKey: "y", coreId: 5, node: 0 },
      { cpu: 2, packageKey: "b", packageId: -1, dieKey: "b/d", coreKey: "z", coreId: 3, node: 1 },
    ]);
    expect(formatTopology(placed)).toBe("0:0:0:0:0 1:0:0:1:0 2:1:0:3:1");
    expect(parseTopology(formatTopology(placed))).toEqual(placed);
    expect(countTopology(placed)).toEqual({ cpus: 3, sockets: 2, dies: 2, cores: 3, threadsPerCore: 1, numaNodes: 2 });
    expect(parseTopology("0:0:0")).toBeUndefined();
  });
});

describe("the /proc parsers never throw on arbitrary text (fast-check)", () => {
  // Text that looks like /proc files: lines of words, colons, digits, blank lines.
  const procLike = fc.array(
    fc.oneof(
      fc.constant(""),
      fc.tuple(fc.constantFrom("processor", "cpu number", "model name", "CPU part", "MemTotal", "Node 0 MemFree", "ID", "__proto__", "processor 3", "flags"),
        fc.constantFrom(":", "\t: ", "=", " "),
        fc.oneof(fc.string(), fc.nat().map(String), fc.constantFrom("0x41", "32 kB", '"x"', "version = 00,  machine = 2964")))
        .map(([k, s, v]) => `${k}${s}${v}`),
      fc.string(),
    ),
    { maxLength: 40 },
  ).map((lines) => lines.join("\n"));
  const anyText = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), procLike);
  const isResult = (r: { ok: boolean }) => typeof r.ok === "boolean";

  test("cpuinfo", () => {
    fc.assert(fc.property(anyText, (t) => {
      const r = parseCpuinfo(t);
      expect(isResult(r)).toBe(true);
      if (r.ok) for (const p of r.value.processors) expect(Number.isInteger(p.cpu)).toBe(true);
      machineFromCpuinfo(t);
    }), { numRuns: 500 });
  });
  test("meminfo", () => {
    fc.assert(fc.property(anyText, (t) => expect(isResult(parseMeminfo(t))).toBe(true)), { numRuns: 500 });
  });
  test("cpulist and cpumask", () => {
    const listLike = fc.array(fc.constantFrom("0", "1", "7", "-", ",", ":", "3", "\n", "a", "65536", "99999"), { maxLength: 20 })
      .map((a) => a.join(""));
    fc.assert(fc.property(fc.oneof(anyText, listLike), (t) => {
      expect(isResult(parseCpuList(t))).toBe(true);
      expect(isResult(parseCpuMask(t))).toBe(true);
    }), { numRuns: 1000 });
  });
  test("os-release", () => {
    fc.assert(fc.property(anyText, (t) => {
      const r = parseOsRelease(t);
      expect(r.ok).toBe(true);
      if (r.ok) osSection(r.value, t);
    }), { numRuns: 500 });
  });
});

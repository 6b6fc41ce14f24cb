/**
 * Write the saved machine roots of fixtures/machines that stand for one class
 * of odd machine each (issue 11), the way Linux lays them out in /proc and
 * /sys. The roots are committed; this script is how they were made, and
 * remakes them (`bun scripts/hardware_fixtures.ts`).
 *
 * | root | class |
 * |---|---|
 * | `nul-cpulist` | node0/cpulist ends in a NUL; one cache size and one /proc/meminfo line are garbage |
 * | `numa-meminfo-only` | per-NUMA meminfo, no /proc/meminfo |
 * | `amd-opteron-6276` | AMD family 15h: the two cores of a compute unit are listed as thread siblings |
 * | `power9-gpu-numa` | POWER9 + 6 NVLink V100s whose memory is CPU-less NUMA nodes 250–255 |
 * | `cxl-memory` | a CPU-less NUMA node without a GPU (CXL memory expander) |
 * | `numa-inconsistent` | 8 NUMA nodes that each claim all 8 CPUs |
 * | `gpu-no-driver` | NVIDIA GPUs without /proc/driver/nvidia, an AMD GPU without product_name |
 * | `sys-only` | /sys and nothing else: no /proc, no /etc |
 *
 * Each root also has `proc/hwloc-nofile-info` (what hwloc-gather-topology
 * saves) except `sys-only`, so that hwloc, reading it with HWLOC_FSROOT,
 * knows the architecture as it would on the machine.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatCpuList as list } from "../src/linux/cpulist.ts";

const MACHINES = path.join(import.meta.dir, "..", "fixtures", "machines");

/** machine path → content; a `{ link }` value is a symbolic link. */
type Files = Map<string, string | { link: string }>;

/** One CPU as the kernel places it. */
interface Cpu {
  cpu: number;
  pkg: number;
  core: number;
  /** CPUs the kernel lists as thread siblings (the CPU's own "core"). */
  threads: number[];
  /** CPUs of its package. */
  packageCpus: number[];
}

/** Kernel CPU mask syntax for a machine of `n` possible CPUs (`ff`, `0000ffff,ffffffff`). */
function mask(cpus: readonly number[], n: number): string {
  const words = Math.ceil(n / 32);
  const out: string[] = [];
  for (let w = words - 1; w >= 0; w--) {
    let v = 0;
    for (const c of cpus) if (c >= w * 32 && c < w * 32 + 32) v |= 1 << (c - w * 32);
    const digits = w === words - 1 ? Math.ceil((n - w * 32) / 4) : 8;
    out.push((v >>> 0).toString(16).padStart(digits, "0"));
  }
  return out.join(",");
}

/** sysfs CPU topology (kernels before 5.3: no die files), online/present/possible. */
function cpuTopology(files: Files, cpus: readonly Cpu[]): void {
  const n = cpus.length;
  files.set("/sys/devices/system/cpu/online", `${list(cpus.map((c) => c.cpu))}\n`);
  files.set("/sys/devices/system/cpu/present", `${list(cpus.map((c) => c.cpu))}\n`);
  files.set("/sys/devices/system/cpu/possible", `${list(cpus.map((c) => c.cpu))}\n`);
  for (const c of cpus) {
    const t = `/sys/devices/system/cpu/cpu${c.cpu}/topology`;
    files.set(`${t}/physical_package_id`, `${c.pkg}\n`);
    files.set(`${t}/core_id`, `${c.core}\n`);
    files.set(`${t}/thread_siblings_list`, `${list(c.threads)}\n`);
    files.set(`${t}/thread_siblings`, `${mask(c.threads, n)}\n`);
    files.set(`${t}/core_siblings_list`, `${list(c.packageCpus)}\n`);
    files.set(`${t}/core_siblings`, `${mask(c.packageCpus, n)}\n`);
  }
}

/** A NUMA node: its CPU list and mask (`cpulist` as given, for odd contents) and meminfo. */
function numaNode(files: Files, id: number, cpus: readonly number[], n: number, kb: number, cpulist?: string): void {
  const d = `/sys/devices/system/node/node${id}`;
  files.set(`${d}/cpulist`, cpulist ?? `${list(cpus)}\n`);
  files.set(`${d}/cpumap`, `${mask(cpus, n)}\n`);
  const free = Math.floor(kb * 0.9);
  files.set(
    `${d}/meminfo`,
    [
      `Node ${id} MemTotal:       ${String(kb).padStart(10)} kB`,
      `Node ${id} MemFree:        ${String(free).padStart(10)} kB`,
      `Node ${id} MemUsed:        ${String(kb - free).padStart(10)} kB`,
      `Node ${id} HugePages_Total:     0`,
      `Node ${id} HugePages_Free:      0`,
      "",
    ].join("\n"),
  );
}

/** /proc/meminfo of `kb` total (and `extra` lines). */
function meminfo(kb: number, extra: string[] = []): string {
  return [
    `MemTotal:       ${kb} kB`,
    `MemFree:        ${Math.floor(kb * 0.9)} kB`,
    `MemAvailable:   ${Math.floor(kb * 0.92)} kB`,
    ...extra,
    "HugePages_Total:       0",
    "Hugepagesize:       2048 kB",
    "",
  ].join("\n");
}

/** x86 /proc/cpuinfo blocks. */
function x86Cpuinfo(
  cpus: readonly Cpu[],
  id: { vendor: string; family: number; model: number; name: string; stepping: number },
): string {
  const flags =
    "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht " +
    "syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid aperfmperf pni " +
    "pclmulqdq monitor ssse3 cx16 sse4_1 sse4_2 popcnt aes xsave avx lahf_lm cmp_legacy svm extapic cr8_legacy abm " +
    "sse4a misalignsse 3dnowprefetch osvw ibs xop skinit wdt lwp fma4 nodeid_msr topoext perfctr_core cpb";
  return cpus.map((c) =>
    [
      `processor\t: ${c.cpu}`,
      `vendor_id\t: ${id.vendor}`,
      `cpu family\t: ${id.family}`,
      `model\t\t: ${id.model}`,
      `model name\t: ${id.name}`,
      `stepping\t: ${id.stepping}`,
      `physical id\t: ${c.pkg}`,
      `siblings\t: ${c.packageCpus.length}`,
      `core id\t\t: ${c.core}`,
      `cpu cores\t: ${c.packageCpus.length / c.threads.length}`,
      `flags\t\t: ${flags}`,
      "bogomips\t: 4600.00",
      "",
      "",
    ].join("\n")
  ).join("");
}

/** An x86 machine's /proc and /etc: cpuinfo, meminfo of `kb` (none when undefined), hwloc's note, os-release. */
function x86Files(
  files: Files,
  cpus: readonly Cpu[],
  id: Parameters<typeof x86Cpuinfo>[1],
  kb: number | undefined,
  meminfoExtra: string[] = [],
): void {
  files.set("/proc/cpuinfo", x86Cpuinfo(cpus, id));
  if (kb !== undefined) files.set("/proc/meminfo", meminfo(kb, meminfoExtra));
  files.set("/proc/hwloc-nofile-info", hwlocInfo("x86_64", cpus.length));
  files.set("/etc/os-release", OS_RELEASE);
}

const OS_RELEASE = 'NAME="Rocky Linux"\nVERSION="9.4 (Blue Onyx)"\nID="rocky"\nVERSION_ID="9.4"\n' +
  'PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"\n';

/** hwloc-gather-topology's record of what the saved files cannot say. */
function hwlocInfo(arch: string, n: number): string {
  return `OSName: Linux\nArchitecture: ${arch}\nFallbackNbProcessors: ${n}\nPageSize: 4096\n`;
}

/** Packages × cores × threads, CPUs numbered package by package, a core's threads adjacent. */
function simpleCpus(packages: number, cores: number, threads: number): Cpu[] {
  const out: Cpu[] = [];
  const per = cores * threads;
  for (let p = 0; p < packages; p++) {
    const packageCpus = Array.from({ length: per }, (_, i) => p * per + i);
    for (let k = 0; k < cores; k++) {
      const first = p * per + k * threads;
      const t = Array.from({ length: threads }, (_, i) => first + i);
      for (const cpu of t) out.push({ cpu, pkg: p, core: k, threads: t, packageCpus });
    }
  }
  return out;
}

const GiB = 1024 * 1024; // in kB

/** A PCI function under /sys/bus/pci/devices (a link into /sys/devices, as the kernel has it). */
function pciDevice(
  files: Files,
  addr: string,
  f: { cls: string; vendor: string; device: string; numa: number; driver?: string; extra?: Record<string, string> },
): void {
  const bus = addr.slice(0, 7);
  const real = `/sys/devices/pci${bus}/${addr}`;
  files.set(`/sys/bus/pci/devices/${addr}`, { link: `../../../devices/pci${bus}/${addr}` });
  files.set(`${real}/class`, `${f.cls}\n`);
  files.set(`${real}/vendor`, `${f.vendor}\n`);
  files.set(`${real}/device`, `${f.device}\n`);
  files.set(`${real}/numa_node`, `${f.numa}\n`);
  if (f.driver) files.set(`${real}/driver`, { link: `../../../bus/pci/drivers/${f.driver}` });
  for (const [k, v] of Object.entries(f.extra ?? {})) files.set(`${real}/${k}`, v);
}

const ROOTS: Record<string, () => Files> = {
  "nul-cpulist": () => {
    const files: Files = new Map();
    const cpus = simpleCpus(1, 4, 2);
    cpuTopology(files, cpus);
    // The class: a trailing NUL after the newline, as some dump tools and kernels leave.
    numaNode(files, 0, [0, 1, 2, 3, 4, 5, 6, 7], 8, 32 * GiB, "0-7\n\0");
    for (const c of cpus) {
      const d = `/sys/devices/system/cpu/cpu${c.cpu}/cache`;
      const caches = [["1", "Data", "32K", list(c.threads)], ["2", "Unified", "512K", list(c.threads)], [
        "3",
        "Unified",
        "16384K",
        "0-7",
      ]];
      caches.forEach(([level, type, size, shared], i) => {
        files.set(`${d}/index${i}/level`, `${level}\n`);
        files.set(`${d}/index${i}/type`, `${type}\n`);
        // One unparsable file: it costs the L2 size, nothing else.
        files.set(`${d}/index${i}/size`, c.cpu === 0 && i === 1 ? "lots\n" : `${size}\n`);
        files.set(`${d}/index${i}/shared_cpu_list`, `${shared}\n`);
      });
    }
    x86Files(
      files,
      cpus,
      { vendor: "AuthenticAMD", family: 23, model: 113, name: "AMD Ryzen 7 3700X 8-Core Processor", stepping: 0 },
      32 * GiB,
      ["this line is garbage", "Buffers:          204800 kB"],
    );
    return files;
  },

  "numa-meminfo-only": () => {
    const files: Files = new Map();
    const cpus = simpleCpus(2, 4, 1);
    cpuTopology(files, cpus);
    numaNode(files, 0, [0, 1, 2, 3], 8, 48 * GiB + 1234);
    numaNode(files, 1, [4, 5, 6, 7], 8, 48 * GiB - 4321);
    x86Files(files, cpus, {
      vendor: "GenuineIntel",
      family: 6,
      model: 85,
      name: "Intel(R) Xeon(R) Gold 5122 CPU @ 3.60GHz",
      stepping: 4,
    }, undefined);
    return files;
  },

  "amd-opteron-6276": () => {
    // 2 × Opteron 6276: a package is 2 dies (NUMA nodes) of 4 compute units of 2 cores. The kernel
    // lists a compute unit's 2 cores as thread siblings, each with its own core_id.
    const files: Files = new Map();
    const cpus: Cpu[] = [];
    for (let p = 0; p < 2; p++) {
      const packageCpus = Array.from({ length: 16 }, (_, i) => p * 16 + i);
      for (let i = 0; i < 16; i++) {
        const cu = p * 16 + (i & ~1);
        cpus.push({ cpu: p * 16 + i, pkg: p, core: i, threads: [cu, cu + 1], packageCpus });
      }
    }
    cpuTopology(files, cpus);
    for (let node = 0; node < 4; node++) {
      numaNode(files, node, Array.from({ length: 8 }, (_, i) => node * 8 + i), 32, 16 * GiB);
    }
    x86Files(files, cpus, {
      vendor: "AuthenticAMD",
      family: 21,
      model: 1,
      name: "AMD Opteron(TM) Processor 6276",
      stepping: 2,
    }, 64 * GiB);
    return files;
  },

  "power9-gpu-numa": () => {
    // An AC922-like POWER9: 2 chips (NUMA nodes 0 and 8) × 2 cores × SMT4, six NVLink V100s whose
    // 16 GB each the driver onlines as CPU-less NUMA nodes 250–255 (numa_status says which).
    const files: Files = new Map();
    const cpus = simpleCpus(2, 2, 4).map((c) => ({ ...c, pkg: c.pkg * 8, core: c.core * 4 + c.pkg * 2048 }));
    cpuTopology(files, cpus);
    numaNode(files, 0, [0, 1, 2, 3, 4, 5, 6, 7], 16, 256 * GiB);
    numaNode(files, 8, [8, 9, 10, 11, 12, 13, 14, 15], 16, 256 * GiB);
    const gpus = ["0004:04:00.0", "0004:05:00.0", "0004:06:00.0", "0035:03:00.0", "0035:04:00.0", "0035:05:00.0"];
    gpus.forEach((addr, i) => {
      const node = 255 - i;
      numaNode(files, node, [], 16, 16252928);
      pciDevice(files, addr, {
        cls: "0x030200",
        vendor: "0x10de",
        device: "0x1db1",
        numa: i < 3 ? 0 : 8,
        driver: "nvidia",
      });
      const g = `/proc/driver/nvidia/gpus/${addr}`;
      files.set(
        `${g}/information`,
        `Model: \t\t Tesla V100-SXM2-16GB\nIRQ:   \t\t ${130 + i}\nBus Location: \t ${addr}\n`,
      );
      files.set(`${g}/numa_status`, `Node: ${node}\nStatus: online\n`);
    });
    files.set("/sys/devices/system/node/online", "0,8,250-255\n");
    files.set("/sys/devices/system/node/possible", "0-255\n");
    const cpuinfo =
      cpus.map((c) =>
        `processor\t: ${c.cpu}\ncpu\t\t: POWER9, altivec supported\nclock\t\t: 3800.000000MHz\nrevision\t: 2.2 (pvr 004e 1202)\n\n`
      ).join("") +
      "timebase\t: 512000000\nplatform\t: PowerNV\nmodel\t\t: 8335-GTH\nmachine\t\t: PowerNV 8335-GTH\nfirmware\t: OPAL\nMMU\t\t: Radix\n";
    files.set("/proc/cpuinfo", cpuinfo);
    files.set("/proc/meminfo", meminfo(512 * GiB + 6 * 16252928));
    files.set("/proc/hwloc-nofile-info", hwlocInfo("ppc64le", 16));
    files.set("/etc/os-release", OS_RELEASE);
    return files;
  },

  "cxl-memory": () => {
    const files: Files = new Map();
    const cpus = simpleCpus(2, 4, 2);
    cpuTopology(files, cpus);
    numaNode(files, 0, [0, 1, 2, 3, 4, 5, 6, 7], 16, 128 * GiB);
    numaNode(files, 1, [8, 9, 10, 11, 12, 13, 14, 15], 16, 128 * GiB);
    numaNode(files, 2, [], 16, 256 * GiB); // the CXL memory expander
    x86Files(files, cpus, {
      vendor: "GenuineIntel",
      family: 6,
      model: 143,
      name: "Intel(R) Xeon(R) Gold 6430",
      stepping: 8,
    }, 512 * GiB);
    return files;
  },

  "numa-inconsistent": () => {
    const files: Files = new Map();
    const cpus = simpleCpus(1, 8, 1);
    cpuTopology(files, cpus);
    for (let node = 0; node < 8; node++) numaNode(files, node, [0, 1, 2, 3, 4, 5, 6, 7], 8, 4 * GiB);
    x86Files(files, cpus, {
      vendor: "GenuineIntel",
      family: 6,
      model: 85,
      name: "Intel(R) Xeon(R) Silver 4110 CPU @ 2.10GHz",
      stepping: 4,
    }, 32 * GiB);
    return files;
  },

  "gpu-no-driver": () => {
    // A container's view: /sys/bus/pci is there, /proc/driver/nvidia is not.
    const files: Files = new Map();
    const cpus = simpleCpus(2, 4, 1);
    cpuTopology(files, cpus);
    numaNode(files, 0, [0, 1, 2, 3], 8, 256 * GiB);
    numaNode(files, 1, [4, 5, 6, 7], 8, 256 * GiB);
    pciDevice(files, "0000:02:00.0", { cls: "0x030000", vendor: "0x1a03", device: "0x2000", numa: 0, driver: "ast" });
    pciDevice(files, "0000:19:00.0", {
      cls: "0x030200",
      vendor: "0x10de",
      device: "0x2330",
      numa: 0,
      driver: "nvidia",
    });
    pciDevice(files, "0000:9b:00.0", { cls: "0x030200", vendor: "0x10de", device: "0x2330", numa: 1 });
    pciDevice(files, "0000:c1:00.0", {
      cls: "0x038000",
      vendor: "0x1002",
      device: "0x740f",
      numa: 1,
      driver: "amdgpu",
      extra: { mem_info_vram_total: "68702699520\n" },
    });
    x86Files(files, cpus, {
      vendor: "GenuineIntel",
      family: 6,
      model: 143,
      name: "Intel(R) Xeon(R) Platinum 8480+",
      stepping: 8,
    }, 512 * GiB);
    return files;
  },

  "sys-only": () => {
    const files: Files = new Map();
    const cpus = simpleCpus(2, 2, 2);
    cpuTopology(files, cpus);
    numaNode(files, 0, [0, 1, 2, 3], 8, 8 * GiB);
    numaNode(files, 1, [4, 5, 6, 7], 8, 8 * GiB);
    return files;
  },
};

for (const [name, make] of Object.entries(ROOTS)) {
  const root = path.join(MACHINES, name);
  fs.rmSync(root, { recursive: true, force: true });
  for (const [p, content] of make()) {
    const full = path.join(root, p);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (typeof content === "string") fs.writeFileSync(full, content);
    else fs.symlinkSync(content.link, full);
  }
  console.log(`wrote ${path.relative(process.cwd(), root)}`);
}

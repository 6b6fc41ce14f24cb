/**
 * Write a synthetic but realistic machine root for benchmarks: 2 sockets × 32
 * cores × 2 threads (128 PUs), 4 NUMA nodes (2 per socket), 4 NVIDIA H100 GPUs
 * (one per NUMA node), 512 GiB, the way Linux lays it out in /proc and /sys
 * (CPU n and n+64 are SMT siblings).
 *
 *   bun bench/make_realistic_root.ts DIR
 *
 * `compspec extract --root DIR` then gives the "realistic node" of issue 4's
 * scale benchmark, produced by our own extractor.
 */
import { extractText, fillNodeDir } from "./lib.ts";
import * as fs from "node:fs";
import * as path from "node:path";

/** Write the root under `dir`. */
export function makeRealisticRoot(dir: string): void {
  const w = (p: string, text: string) => {
    const full = path.join(dir, p);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  const sockets = 2, coresPerSocket = 32, threads = 2, numaPerSocket = 2;
  const cpus = sockets * coresPerSocket * threads;
  const physical = sockets * coresPerSocket;
  const flags =
    "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 cdp_l3 invpcid_single intel_ppin ssbd mba ibrs ibpb stibp ibrs_enhanced tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb intel_pt avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local split_lock_detect wbnoinvd dtherm ida arat pln pts avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg tme avx512_vpopcntdq la57 rdpid fsrm md_clear pconfig flush_l1d arch_capabilities";
  const blocks: string[] = [];
  const coreOf = (cpu: number) => cpu % physical;
  const socketOf = (cpu: number) => Math.floor(coreOf(cpu) / coresPerSocket);
  const coreId = (cpu: number) => coreOf(cpu) % coresPerSocket;
  const numaOf = (cpu: number) => Math.floor(coreOf(cpu) / (coresPerSocket / numaPerSocket));
  for (let c = 0; c < cpus; c++) {
    blocks.push([
      `processor\t: ${c}`, "vendor_id\t: GenuineIntel", "cpu family\t: 6", "model\t\t: 106",
      "model name\t: Intel(R) Xeon(R) Platinum 8358 CPU @ 2.60GHz", "stepping\t: 6", "microcode\t: 0xd0003a5",
      "cpu MHz\t\t: 2600.000", "cache size\t: 49152 KB", `physical id\t: ${socketOf(c)}`, `siblings\t: ${coresPerSocket * threads}`,
      `core id\t\t: ${coreId(c)}`, `cpu cores\t: ${coresPerSocket}`, `apicid\t\t: ${socketOf(c) * 128 + coreId(c) * 2 + Math.floor(c / physical)}`,
      "fpu\t\t: yes", "fpu_exception\t: yes", "cpuid level\t: 27", "wp\t\t: yes", `flags\t\t: ${flags}`,
      "bogomips\t: 5200.00", "clflush size\t: 64", "cache_alignment\t: 64", "address sizes\t: 46 bits physical, 57 bits virtual",
      "power management:", "",
    ].join("\n"));
    const t = `sys/devices/system/cpu/cpu${c}/topology`;
    w(`${t}/physical_package_id`, `${socketOf(c)}\n`);
    w(`${t}/die_id`, "0\n");
    w(`${t}/core_id`, `${coreId(c)}\n`);
    const sib = coreOf(c);
    w(`${t}/thread_siblings_list`, `${sib},${sib + physical}\n`);
    w(`${t}/core_siblings_list`, `${socketOf(c) * coresPerSocket}-${socketOf(c) * coresPerSocket + coresPerSocket - 1},${socketOf(c) * coresPerSocket + physical}-${socketOf(c) * coresPerSocket + physical + coresPerSocket - 1}\n`);
    if (c > 0) w(`sys/devices/system/cpu/cpu${c}/online`, "1\n");
    const caches: [string, string, string, string][] = [
      ["1", "Data", "48K", `${sib},${sib + physical}`],
      ["1", "Instruction", "32K", `${sib},${sib + physical}`],
      ["2", "Unified", "1280K", `${sib},${sib + physical}`],
      ["3", "Unified", "49152K", `${socketOf(c) * coresPerSocket}-${socketOf(c) * coresPerSocket + coresPerSocket - 1},${socketOf(c) * coresPerSocket + physical}-${socketOf(c) * coresPerSocket + physical + coresPerSocket - 1}`],
    ];
    caches.forEach(([level, type, size, shared], i) => {
      const d = `sys/devices/system/cpu/cpu${c}/cache/index${i}`;
      w(`${d}/level`, `${level}\n`);
      w(`${d}/type`, `${type}\n`);
      w(`${d}/size`, `${size}\n`);
      w(`${d}/shared_cpu_list`, `${shared}\n`);
    });
  }
  w("proc/cpuinfo", blocks.join("\n"));
  for (const f of ["online", "present", "possible"]) w(`sys/devices/system/cpu/${f}`, `0-${cpus - 1}\n`);
  w("sys/devices/system/cpu/offline", "\n");
  const totalKb = 512 * 1024 * 1024;
  const numa = sockets * numaPerSocket;
  for (let n = 0; n < numa; n++) {
    const list: number[] = [];
    for (let c = 0; c < cpus; c++) if (numaOf(c) === n) list.push(c);
    const first = list.slice(0, list.length / 2), second = list.slice(list.length / 2);
    w(`sys/devices/system/node/node${n}/cpulist`, `${first[0]}-${first.at(-1)},${second[0]}-${second.at(-1)}\n`);
    w(`sys/devices/system/node/node${n}/meminfo`, `Node ${n} MemTotal:       ${totalKb / numa} kB\nNode ${n} MemFree:        ${totalKb / numa - 1000000} kB\n`);
  }
  w("sys/devices/system/node/online", `0-${numa - 1}\n`);
  w("sys/devices/system/node/possible", `0-${numa - 1}\n`);
  w("proc/meminfo", `MemTotal:       ${totalKb} kB\nMemFree:        ${totalKb - 8000000} kB\nMemAvailable:   ${totalKb - 6000000} kB\nBuffers:          100000 kB\nCached:          2000000 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nHugePages_Total:       0\nHugepagesize:       2048 kB\n`);
  const gpuBus = ["17", "65", "ca", "e3"];
  gpuBus.forEach((bus, i) => {
    const addr = `0000:${bus}:00.0`;
    const d = `sys/bus/pci/devices/${addr}`;
    w(`${d}/class`, "0x030200\n");
    w(`${d}/vendor`, "0x10de\n");
    w(`${d}/device`, "0x2330\n");
    w(`${d}/numa_node`, `${i}\n`);
    w(`proc/driver/nvidia/gpus/${addr}/information`, `Model: \t\t NVIDIA H100 80GB HBM3\nIRQ:   \t\t 0\nGPU UUID: \t GPU-0000000${i}\nBus Location: \t ${addr}\n`);
  });
  w("sys/bus/pci/devices/0000:00:00.0/class", "0x060000\n");
  w("sys/bus/pci/devices/0000:00:00.0/vendor", "0x8086\n");
  w("sys/bus/pci/devices/0000:00:00.0/device", "0x09a2\n");
  w("sys/bus/pci/devices/0000:00:00.0/numa_node", "0\n");
  w("etc/os-release", 'NAME="Rocky Linux"\nVERSION="9.4 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\nPRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"\n');
  w("proc/sys/kernel/hostname", "gpu001\n");
  w("proc/sys/kernel/osrelease", "5.14.0-427.13.1.el9_4.x86_64\n");
  w("proc/sys/kernel/arch", "x86_64\n");
}

/** The seed's extract line plus every system section: what the scale benchmarks' node files hold. */
export const BENCH_SELECTION = ["--name", "library", "--name", "nfd[cpu,memory,network,storage,system]", "--name", "system"];

/**
 * The realistic node file as `bin` extracts it from a fresh root under `work`,
 * with a placeholder hostname (replace it per node: see `fillNodeDir`).
 */
export function realisticNodeText(bin: string, work: string): string {
  const root = path.join(work, "root");
  makeRealisticRoot(root);
  return extractText(bin, root, BENCH_SELECTION);
}

/**
 * Fill `dir` with `count` copies of `text` as gpu00001.json …, each with its own
 * hostname; `change(i, text)` may alter node `i`'s file.
 */
export function writeRealisticNodes(dir: string, count: number, text: string, change = (_i: number, t: string) => t): void {
  fillNodeDir(dir, count, text, (i) => `gpu${String(i).padStart(5, "0")}`, change);
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: bun bench/make_realistic_root.ts DIR");
  makeRealisticRoot(dir);
  console.error(`wrote ${dir}`);
}

/**
 * The odd-machine classes of fixtures/machines (scripts/hardware_fixtures.ts),
 * pinned to fixed values so that the suite checks them without hwloc
 * (system_oracle_test.ts compares the same roots with lstopo): the extractor's
 * keys and warnings, the node record, and the graph vertices they become.
 */
import { describe, expect, test } from "bun:test";
import * as path from "node:path";
import { buildNodeFile } from "../../src/cli/extract.ts";
import { systemExtractor } from "../../src/extractors/system/mod.ts";
import type { Section } from "../../src/extractors/types.ts";
import { clusterVertices } from "../../src/graph/tree.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { nodeRecord } from "../../src/node/record.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { FIXTURES } from "../util/fixtures.ts";
import { discoverSection } from "../../src/extractors/run.ts";

const root = (name: string) => path.join(FIXTURES, "machines", name);

/** A section of a class root, and the warnings it gave. */
function discover(name: string, section: string): { keys: Section; warnings: string[] } {
  const warnings: string[] = [];
  const keys = discoverSection(systemExtractor, section, {
    host: new DirectoryHost(root(name)),
    env: {},
    warn: (w) => warnings.push(w),
  });
  return { keys, warnings };
}

/** The counts of `system.cpu`. */
function counts(cpu: Section) {
  const { cores, cpus, sockets, threads_per_core, numa_nodes } = cpu;
  return { cores, cpus, sockets, threads_per_core, numa_nodes, all: cpu["numa_nodes.all"] };
}

/** The graph vertices of a class root's node (no cores: they are many and not the point), as `type path size unit`. */
function vertices(name: string): string[] {
  const { file } = buildNodeFile(new DirectoryHost(root(name)), { names: ["system"], allowFail: true, hostname: "n1" });
  const rec = nodeRecord(file, "n1");
  return [...clusterVertices("c", [rec], { pus: false, sockets: true })].filter((v) => !["cluster", "rack", "core"].includes(v.type))
    .map((v) => `${v.type} ${v.path.replace("/c0/rack0/", "")} ${v.size}${v.unit === "" ? "" : ` ${v.unit}`}`);
}

function nodeAttributes(name: string): Record<string, string> {
  const { file } = buildNodeFile(new DirectoryHost(root(name)), { names: ["system"], allowFail: true, hostname: "n1" });
  return nodeRecord(file, "n1").attributes;
}

const MEMORY_TOTAL = "org.supercontainers.hardware.memory.total";

describe("nul-cpulist: a trailing NUL costs nothing; an unparsable file only its values, with a warning", () => {
  test("node0/cpulist `0-7\\n\\0` is read; cpu and memory are whole", async () => {
    const cpu = discover("nul-cpulist", "cpu");
    expect(counts(cpu.keys)).toEqual({
      cores: "4",
      cpus: "8",
      sockets: "1",
      threads_per_core: "2",
      numa_nodes: "1",
      all: "1",
    });
    expect(cpu.keys["topology"]).toBe(
      "0:0:0:0:0 1:0:0:0:0 2:0:0:1:0 3:0:0:1:0 4:0:0:2:0 5:0:0:2:0 6:0:0:3:0 7:0:0:3:0",
    );
    // The garbage L2 size costs the L2 keys, nothing else.
    expect(Object.keys(cpu.keys).filter((k) => k.startsWith("cache.")).sort()).toEqual([
      "cache.L1d.instances",
      "cache.L1d.size",
      "cache.L1d.total",
      "cache.L3.instances",
      "cache.L3.size",
      "cache.L3.total",
    ]);
    expect(cpu.warnings).toEqual([
      '/sys/devices/system/cpu/cpu0/cache/index1/size: "lots" is not a cache size; left out',
    ]);
    const mem = discover("nul-cpulist", "memory");
    expect(mem.keys).toMatchObject({
      memtotal: "33554432 kB",
      buffers: "204800 kB",
      "numa.0.memtotal": "33554432 kB",
      "numa.0.cpus": "0-7",
    });
    expect(mem.warnings).toEqual(['/proc/meminfo: line 4 is not "Name: value": "this line is garbage"; left out']);
  });

  test("through the CLI: exit 0 without --allow-fail, one warning line per file, and create nodes takes the node", async () => {
    const r = await runInProcess(["extract", "--root", root("nul-cpulist"), "--name", "system[cpu,memory]", "--hostname", "n1"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'compspec: warning: system[cpu]: /sys/devices/system/cpu/cpu0/cache/index1/size: "lots" is not a cache size; left out\n' +
        'compspec: warning: system[memory]: /proc/meminfo: line 4 is not "Name: value": "this line is garbage"; left out\n',
    );
    expect(vertices("nul-cpulist")).toEqual(["node n1 1", "socket n1/socket0 1", "memory n1/socket0/memory0 32 GiB"]);
  });
});

describe("numa-meminfo-only: per-NUMA memory without /proc/meminfo", () => {
  test("numa.N.memtotal from each node, memtotal their sum; memory vertices per socket", async () => {
    const mem = discover("numa-meminfo-only", "memory");
    expect(mem.keys).toEqual({
      "numa.0.memtotal": "50332882 kB",
      "numa.0.cpus": "0-3",
      "numa.1.memtotal": "50327327 kB",
      "numa.1.cpus": "4-7",
      memtotal: "100660209 kB",
    });
    expect(mem.warnings).toEqual([]);
    expect(vertices("numa-meminfo-only")).toEqual([
      "node n1 1",
      "socket n1/socket0 1",
      "memory n1/socket0/memory0 48 GiB",
      "socket n1/socket1 1",
      "memory n1/socket1/memory1 47 GiB", // 50327327 kB is 47.99 GiB: rounded down
    ]);
    expect(nodeAttributes("numa-meminfo-only")[MEMORY_TOTAL]).toBe("95"); // 100660209 kB is 95.99 GiB: rounded down
  });
});

describe("amd-opteron-6276: compute units as hwloc counts them", () => {
  test("32 cores of 1 thread (not 16 of 2); the 16 compute units kept as compute_units", async () => {
    const cpu = discover("amd-opteron-6276", "cpu");
    expect(counts(cpu.keys)).toEqual({
      cores: "32",
      cpus: "32",
      sockets: "2",
      threads_per_core: "1",
      numa_nodes: "4",
      all: "4",
    });
    expect(cpu.keys["compute_units"]).toBe("16");
    expect(cpu.keys["compute_units.cpus"]).toBe(
      "0-1 2-3 4-5 6-7 8-9 10-11 12-13 14-15 16-17 18-19 20-21 22-23 24-25 26-27 28-29 30-31",
    );
    expect(nodeAttributes("amd-opteron-6276")).toMatchObject({
      "org.supercontainers.hardware.cpu.cores": "32",
      "org.supercontainers.hardware.cpu.threads_per_core": "1",
    });
  });

  test("the rule needs both: another x86 with thread siblings keeps its SMT threads", async () => {
    expect(counts(discover("nul-cpulist", "cpu").keys).threads_per_core).toBe("2"); // AMD family 23
  });
});

describe("power9-gpu-numa: GPU memory as CPU-less NUMA nodes", () => {
  test("cpu: 2 NUMA nodes with CPUs, 8 in all; gpu: each GPU names the NUMA node of its memory", async () => {
    expect(counts(discover("power9-gpu-numa", "cpu").keys)).toEqual({
      cores: "4",
      cpus: "16",
      sockets: "2",
      threads_per_core: "4",
      numa_nodes: "2",
      all: "8",
    });
    const gpu = discover("power9-gpu-numa", "gpu").keys;
    expect(gpu.count).toBe("6");
    expect([0, 1, 2, 3, 4, 5].map((i) => `${gpu[`${i}.pci`]}→${gpu[`${i}.memory_numa_node`]}`)).toEqual([
      "0004:04:00.0→255",
      "0004:05:00.0→254",
      "0004:06:00.0→253",
      "0035:03:00.0→252",
      "0035:04:00.0→251",
      "0035:05:00.0→250",
    ]);
    expect(discover("power9-gpu-numa", "memory").keys).toMatchObject({
      "numa.250.memtotal": "16252928 kB",
      "numa.250.cpus": "",
    });
  });

  test("graph: 2 memory vertices (not 8), each GPU's memory a cpuless_memory vertex under it; host RAM without it", async () => {
    expect(vertices("power9-gpu-numa")).toEqual([
      "node n1 1",
      "socket n1/socket0 1",
      "memory n1/socket0/memory0 256 GiB",
      "gpu n1/socket0/gpu0 1",
      "cpuless_memory n1/socket0/gpu0/cpuless_memory255 15 GiB",
      "gpu n1/socket0/gpu1 1",
      "cpuless_memory n1/socket0/gpu1/cpuless_memory254 15 GiB",
      "gpu n1/socket0/gpu2 1",
      "cpuless_memory n1/socket0/gpu2/cpuless_memory253 15 GiB",
      "socket n1/socket1 1",
      "memory n1/socket1/memory8 256 GiB",
      "gpu n1/socket1/gpu3 1",
      "cpuless_memory n1/socket1/gpu3/cpuless_memory252 15 GiB",
      "gpu n1/socket1/gpu4 1",
      "cpuless_memory n1/socket1/gpu4/cpuless_memory251 15 GiB",
      "gpu n1/socket1/gpu5 1",
      "cpuless_memory n1/socket1/gpu5/cpuless_memory250 15 GiB",
    ]);
    expect(nodeAttributes("power9-gpu-numa")[MEMORY_TOTAL]).toBe("512");
  });
});

describe("cxl-memory: CPU-less memory tied to no GPU", () => {
  test("a cpuless_memory vertex under the node; host RAM is the NUMA nodes with CPUs", async () => {
    expect(counts(discover("cxl-memory", "cpu").keys)).toMatchObject({ numa_nodes: "2", all: "3" });
    expect(vertices("cxl-memory")).toEqual([
      "node n1 1",
      "socket n1/socket0 1",
      "memory n1/socket0/memory0 128 GiB",
      "socket n1/socket1 1",
      "memory n1/socket1/memory1 128 GiB",
      "cpuless_memory n1/cpuless_memory2 256 GiB",
    ]);
    expect(nodeAttributes("cxl-memory")[MEMORY_TOTAL]).toBe("256");
  });
});

describe("numa-inconsistent: 8 NUMA nodes that each claim every CPU", () => {
  test("as hwloc: node0 only, and one warning saying why", async () => {
    const cpu = discover("numa-inconsistent", "cpu");
    expect(counts(cpu.keys)).toEqual({
      cores: "8",
      cpus: "8",
      sockets: "1",
      threads_per_core: "1",
      numa_nodes: "1",
      all: "1",
    });
    expect(cpu.warnings).toEqual([
      "/sys/devices/system/node: nodes 1-7 claim CPUs (0-7) that a lower-numbered node already has: the kernel's " +
      "NUMA information is inconsistent, and hwloc ignores such nodes too; nodes 1-7; left out",
    ]);
    const mem = discover("numa-inconsistent", "memory").keys;
    expect(Object.keys(mem).filter((k) => k.startsWith("numa."))).toEqual(["numa.0.memtotal", "numa.0.cpus"]);
  });
});

describe("gpu-no-driver: GPUs named by the PCI ID database, ids their own attributes", () => {
  test("NVIDIA without /proc/driver/nvidia and AMD without product_name get pci.ids names; VRAM from sysfs", async () => {
    const gpu = discover("gpu-no-driver", "gpu").keys;
    expect(gpu).toEqual({
      count: "3",
      "0.vendor": "NVIDIA",
      "0.vendor_id": "0x10de",
      "0.device_id": "0x2330",
      "0.model": "GH100[H100 SXM5 80GB]", // pci.ids 2023.04.10's spelling (newer ones add a space)
      "0.pci": "0000:19:00.0",
      "0.numa_node": "0",
      "0.driver": "nvidia",
      "1.vendor": "NVIDIA",
      "1.vendor_id": "0x10de",
      "1.device_id": "0x2330",
      "1.model": "GH100[H100 SXM5 80GB]",
      "1.pci": "0000:9b:00.0",
      "1.numa_node": "1",
      "2.vendor": "AMD",
      "2.vendor_id": "0x1002",
      "2.device_id": "0x740f",
      "2.model": "Aldebaran/MI200 [Instinct MI210]",
      "2.pci": "0000:c1:00.0",
      "2.numa_node": "1",
      "2.memory": "68702699520",
      "2.driver": "amdgpu",
    });
  });

  test("the graph: model, vendor_id and device_id on each GPU vertex and, distinct, on the node", async () => {
    const { file } = buildNodeFile(new DirectoryHost(root("gpu-no-driver")), {
      names: ["system"],
      allowFail: true,
      hostname: "n1",
    });
    const rec = nodeRecord(file, "n1");
    expect(rec.gpus.map((g) => g.attributes)).toEqual([
      {
        "org.supercontainers.hardware.gpu.device_id": "0x2330",
        "org.supercontainers.hardware.gpu.model": "GH100[H100 SXM5 80GB]",
        "org.supercontainers.hardware.gpu.vendor": "NVIDIA",
        "org.supercontainers.hardware.gpu.vendor_id": "0x10de",
      },
      {
        "org.supercontainers.hardware.gpu.device_id": "0x2330",
        "org.supercontainers.hardware.gpu.model": "GH100[H100 SXM5 80GB]",
        "org.supercontainers.hardware.gpu.vendor": "NVIDIA",
        "org.supercontainers.hardware.gpu.vendor_id": "0x10de",
      },
      {
        "org.supercontainers.hardware.gpu.device_id": "0x740f",
        "org.supercontainers.hardware.gpu.memory": "63",
      "org.supercontainers.hardware.gpu.memory_mib": "65520",
        "org.supercontainers.hardware.gpu.model": "Aldebaran/MI200 [Instinct MI210]",
        "org.supercontainers.hardware.gpu.vendor": "AMD",
        "org.supercontainers.hardware.gpu.vendor_id": "0x1002",
      },
    ]);
    expect(rec.attributes).toMatchObject({
      "org.supercontainers.hardware.gpu.model": "GH100[H100 SXM5 80GB],Aldebaran/MI200 [Instinct MI210]",
      "org.supercontainers.hardware.gpu.device_id": "0x2330,0x740f",
    });
  });
});

describe("sys-only: a dump with /sys and nothing else", () => {
  test("the full topology from sysfs, memory from the NUMA nodes", async () => {
    const cpu = discover("sys-only", "cpu").keys;
    expect(counts(cpu)).toEqual({
      cores: "4",
      cpus: "8",
      sockets: "2",
      threads_per_core: "2",
      numa_nodes: "2",
      all: "2",
    });
    expect(cpu["topology.source"]).toBe("sysfs");
    expect(cpu["topology"]).toBe("0:0:0:0:0 1:0:0:0:0 2:0:0:1:0 3:0:0:1:0 4:1:0:0:1 5:1:0:0:1 6:1:0:1:1 7:1:0:1:1");
    expect(discover("sys-only", "memory").keys["memtotal"]).toBe("16777216 kB");
  });

  test("--allow-fail: the sections it cannot fill are empty, each said in one line with its reason", async () => {
    const r = await runInProcess(["extract", "--root", root("sys-only"), "--name", "system", "--allow-fail"]);
    expect(r.status).toBe(0);
    const sections = JSON.parse(r.stdout).results.system.sections;
    expect(Object.keys(sections).filter((s) => Object.keys(sections[s]).length === 0).sort())
      .toEqual(["arch", "gpu", "os", "processor"]);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "compspec: warning: system[processor]: /proc/cpuinfo does not exist",
      "compspec: warning: system[arch]: cannot tell the architecture: neither /proc/sys/kernel/arch nor /proc/cpuinfo exists",
      "compspec: warning: system[os]: neither /etc/os-release nor /usr/lib/os-release exists",
    ]);
  });
});

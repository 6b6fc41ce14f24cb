/**
 * An independent oracle: hwloc (`lstopo-no-graphics`, Debian's hwloc-nox) reads the
 * same /proc and /sys (HWLOC_FSROOT) with its own code. For every corpus machine,
 * every odd-machine class of fixtures/machines and this machine, compspec's
 * packages, cores, PUs and NUMA nodes must match what hwloc counts; for the
 * classes, also each NUMA node's memory, which NUMA node holds which GPU's
 * memory, and which PCI functions are GPUs. This machine is also checked against
 * `lscpu -p`, CPU by CPU. The same classes are pinned to fixed values in
 * system_classes_test.ts, which runs without hwloc.
 * Where a peer is not installed, a skipped test named "SKIPPED: … did NOT run" and a
 * line on stderr say so (.ci/run installs hwloc-nox and fails without it).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCpuList } from "../../src/linux/cpulist.ts";
import { systemExtractor } from "../../src/extractors/system/mod.ts";
import type { Section } from "../../src/extractors/types.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { corpusNames, FIXTURES, tempDir, unpackedRoot } from "../util/fixtures.ts";
import { discoverSection } from "../../src/extractors/run.ts";

const LSTOPO = spawnSync("sh", ["-c", "command -v lstopo-no-graphics"], { encoding: "utf8" }).stdout.trim();
const LSCPU = spawnSync("sh", ["-c", "command -v lscpu"], { encoding: "utf8" }).stdout.trim();

/** The odd-machine classes (scripts/hardware_fixtures.ts). */
const CLASSES = [
  "nul-cpulist",
  "numa-meminfo-only",
  "amd-opteron-6276",
  "power9-gpu-numa",
  "cxl-memory",
  "numa-inconsistent",
  "gpu-no-driver",
  "sys-only",
];

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** What hwloc says about a machine. */
interface Hwloc {
  counts: Record<string, number>;
  /** NUMA nodes: os index → bytes, subtype (`GPUMemory`) and PCIBusID info. */
  numa: Map<number, { bytes: number; subtype?: string; pci?: string }>;
  /** PCI functions: bus id → `class [vendor:device]` as hwloc's pci_type starts. */
  pci: Map<string, string>;
}

/**
 * hwloc's view of a root ("/" for this machine), with CPU-less NVIDIA GPU memory
 * nodes kept (HWLOC_KEEP_NVIDIA_GPU_NUMA_NODES: hwloc hides them by default).
 */
function hwloc(root: string): Hwloc {
  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    HWLOC_COMPONENTS: "linux,-x86",
    HWLOC_KEEP_NVIDIA_GPU_NUMA_NODES: "1",
  };
  if (root !== "/") env.HWLOC_FSROOT = withArchitecture(root);
  const r = spawnSync(LSTOPO, ["--of", "xml", "-"], { encoding: "utf8", env, timeout: 20_000 });
  if (r.status !== 0) throw new Error(`lstopo failed for ${root}: ${r.stderr}`);
  const counts: Record<string, number> = {};
  for (const m of r.stdout.matchAll(/type="(Package|Core|PU|NUMANode)"/g)) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  const numa = new Map<number, { bytes: number; subtype?: string; pci?: string }>();
  for (const m of r.stdout.matchAll(/<object type="NUMANode" ([^>]*)>((?:\s*<(?:info|page_type) [^>]*\/>)*)/g)) {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1];
    const pci = /<info name="PCIBusID" value="([^"]*)"/.exec(m[2] ?? "")?.[1];
    numa.set(Number(attr("os_index")), { bytes: Number(attr("local_memory") ?? 0), subtype: attr("subtype"), pci });
  }
  const pci = new Map<string, string>();
  for (
    const m of r.stdout.matchAll(
      /type="PCIDev" [^>]*pci_busid="([^"]*)" pci_type="([0-9a-f]{4} \[[0-9a-f]{4}:[0-9a-f]{4}\])/g,
    )
  ) {
    pci.set(m[1]!, m[2]!);
  }
  return { counts, numa, pci };
}

/**
 * hwloc learns a saved root's architecture from proc/hwloc-nofile-info (which
 * hwloc-gather-topology saves); without it, it applies no x86 rule (AMD compute
 * units) although it would on the machine. For an x86 dump without the file,
 * an overlay of links to the dump plus that file.
 */
function withArchitecture(root: string): string {
  if (fs.existsSync(path.join(root, "proc/hwloc-nofile-info"))) return root;
  const cpuinfo = path.join(root, "proc/cpuinfo");
  if (
    !fs.existsSync(cpuinfo) || !/^vendor_id\s*:\s*(GenuineIntel|AuthenticAMD)/m.test(fs.readFileSync(cpuinfo, "utf8"))
  ) {
    return root;
  }
  const overlay = tempDir("compspec-hwloc-overlay-");
  made.push(overlay);
  for (const e of fs.readdirSync(root)) {
    if (e !== "proc") fs.symlinkSync(path.join(root, e), path.join(overlay, e));
  }
  fs.mkdirSync(path.join(overlay, "proc"));
  for (const e of fs.readdirSync(path.join(root, "proc"))) {
    fs.symlinkSync(path.join(root, "proc", e), path.join(overlay, "proc", e));
  }
  fs.writeFileSync(path.join(overlay, "proc/hwloc-nofile-info"), "Architecture: x86_64\n");
  return overlay;
}

function discover(root: string, section: string): Section {
  return discoverSection(systemExtractor, section, { host: new DirectoryHost(root), env: {} });
}

function ours(root: string) {
  const cpu = discover(root, "cpu");
  return {
    Package: Number(cpu.sockets),
    Core: Number(cpu.cores),
    PU: Number(cpu.cpus),
    // hwloc counts every NUMA node, memory-only ones too: compare with numa_nodes.all when present.
    NUMANode: Number(cpu["numa_nodes.all"] ?? cpu.numa_nodes),
  };
}

/** Say it where a reader of the test output sees it: a line on stderr, and a skipped test named for the reason. */
function missing(peer: string, install: string): void {
  const reason = `${peer} is not installed (${install}): this comparison did NOT run`;
  console.warn(`system_oracle_test: SKIP: ${reason}`);
  test.skip(`SKIPPED: ${reason}`, () => {});
}

const counted = (h: Hwloc) => ({
  Package: h.counts.Package ?? 1,
  Core: h.counts.Core ?? 0,
  PU: h.counts.PU ?? 0,
  NUMANode: h.counts.NUMANode ?? 1,
});

describe("hwloc agrees on packages, cores, PUs and NUMA nodes", () => {
  if (!LSTOPO) return missing("lstopo-no-graphics", "apt-get install hwloc-nox");
  for (const name of corpusNames()) {
    test(name, () => {
      const root = unpackedRoot(name);
      expect(ours(root)).toEqual(counted(hwloc(root)));
    });
  }

  test("this machine", () => {
    expect(ours("/")).toEqual(counted(hwloc("/")));
  });
});

describe("hwloc agrees on each odd-machine class (fixtures/machines)", () => {
  if (!LSTOPO) return missing("lstopo-no-graphics", "apt-get install hwloc-nox");
  for (const name of CLASSES) {
    const root = path.join(FIXTURES, "machines", name);
    test(`${name}: packages, cores, PUs, NUMA nodes; each NUMA node's memory; GPU memory nodes; GPUs`, () => {
      const h = hwloc(root);
      expect(ours(root)).toEqual(counted(h));
      const mem = discover(root, "memory");
      const numas = Object.keys(mem).map((k) => /^numa\.(\d+)\.memtotal$/.exec(k)?.[1]).filter((n) => n !== undefined)
        .map(Number);
      expect(numas.sort((a, b) => a - b)).toEqual([...h.numa.keys()].sort((a, b) => a - b));
      for (const [id, n] of h.numa) {
        // The fixtures have no huge pages, which hwloc would take out of a node's memory.
        expect(Number(/^(\d+) kB$/.exec(mem[`numa.${id}.memtotal`]!)![1]) * 1024).toBe(n.bytes);
        expect(parseCpuList(mem[`numa.${id}.cpus`]!).ok).toBe(true);
      }
      const gpu = discover(root, "gpu");
      const count = Number(gpu.count ?? 0);
      const tied = new Map<number, string>();
      for (let i = 0; i < count; i++) {
        const node = gpu[`${i}.memory_numa_node`];
        if (node !== undefined) tied.set(Number(node), gpu[`${i}.pci`]!);
      }
      const gpuMemory = [...h.numa].filter(([, n]) => n.subtype === "GPUMemory").map(([id, n]) => `${id} ${n.pci}`);
      expect([...tied].map(([id, pci]) => `${id} ${pci}`).sort()).toEqual(gpuMemory.sort());
      // GPUs: hwloc's display-class (03xx) PCI functions of the GPU vendors.
      const gpusOfHwloc = [...h.pci].filter(([, t]) => /^03.. \[(10de|1002|8086):/.test(t))
        .map(([busid, t]) => `${busid} ${t.slice(6, 15)}`);
      const gpusOfOurs = Array.from(
        { length: count },
        (_, i) => `${gpu[`${i}.pci`]} ${gpu[`${i}.vendor_id`]!.slice(2)}:${gpu[`${i}.device_id`]!.slice(2)}`,
      );
      expect(gpusOfOurs.sort()).toEqual(gpusOfHwloc.sort());
    });
  }
});

describe("lscpu agrees on this machine, CPU by CPU", () => {
  if (!LSCPU) return missing("lscpu", "apt-get install util-linux");
  test("online CPUs, and which share a core, a socket and a NUMA node", () => {
    const r = spawnSync(LSCPU, ["-p=CPU,CORE,SOCKET,NODE"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.split(","));
    const cpu = discover("/", "cpu");
    const entries = cpu.topology!.split(" ").map((e) => e.split(":").map(Number)); // cpu:package:die:core:node
    expect(entries.map((e) => e[0])).toEqual(rows.map((row) => Number(row[0])));
    // Same partitions: two CPUs share a core (socket, node) in lscpu exactly when they do in ours.
    const sameGroups = (a: (string | number)[], b: (string | number)[]) => {
      for (let i = 0; i < a.length; i++) {
        for (let j = 0; j < a.length; j++) expect(a[i] === a[j]).toBe(b[i] === b[j]);
      }
    };
    sameGroups(rows.map((row) => `${row[2]}/${row[1]}`), entries.map((e) => `${e[1]}/${e[2]}/${e[3]}`));
    sameGroups(rows.map((row) => row[2]!), entries.map((e) => e[1]!));
    sameGroups(rows.map((row) => row[3] || "0"), entries.map((e) => (e[4] === -1 ? 0 : e[4]!)));
  });
});

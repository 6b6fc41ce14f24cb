/**
 * Ground truth: `system[cpu]` over every machine dump in fixtures/lscpu against
 * what lscpu said on that machine (fixtures/lscpu/expected/lscpu-<name>). The
 * expected file is parsed here; no number is written into this test.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import { systemExtractor } from "../../src/extractors/system/mod.ts";
import { parseCpuList } from "../../src/linux/cpulist.ts";
import { type PlacedCpu, parseTopology } from "../../src/extractors/system/topology.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { corpusNames, expectedLscpu, unpackedRoot } from "../util/fixtures.ts";
import { discoverSection } from "../../src/extractors/run.ts";

/** One `Model name:` block of lscpu's human output (hybrid machines have several). */
interface LscpuBlock {
  model: string;
  fields: Map<string, string>;
}

interface Lscpu {
  fields: Map<string, string>;
  blocks: LscpuBlock[];
  /** `--parse` rows (logical ids): CPU → columns by header name. */
  logical: Map<number, Record<string, string>>;
  /** `--parse --physical` rows (kernel ids). */
  physical: Map<number, Record<string, string>>;
}

function parseLscpu(text: string): Lscpu {
  const [human = "", ...csvs] = text.split(/^# The following is the parsable format.*$/m);
  const fields = new Map<string, string>();
  const blocks: LscpuBlock[] = [];
  for (const line of human.split("\n")) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [key, value] = [m[1]!.trim(), m[2]!.trim()];
    if (key === "Model name") blocks.push({ model: value, fields: new Map() });
    if (blocks.length > 0) blocks.at(-1)!.fields.set(key, value);
    if (!fields.has(key)) fields.set(key, value);
  }
  const table = (csv: string | undefined) => {
    const rows = new Map<number, Record<string, string>>();
    if (csv === undefined) return rows;
    let header: string[] = [];
    for (const line of csv.split("\n")) {
      if (line.startsWith("# CPU")) header = line.slice(2).split(",");
      else if (/^\d/.test(line) && header.length > 0) {
        const cols = line.split(",");
        rows.set(Number(cols[0]), Object.fromEntries(header.map((h, i) => [h, cols[i] ?? ""])));
      }
    }
    return rows;
  };
  return { fields, blocks, logical: table(csvs[0]), physical: table(csvs[1]) };
}

function cpuList(text: string | undefined): number[] {
  const r = parseCpuList(text ?? "");
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Group CPUs by a key and return the groups as sorted, comparable strings. */
function partition<T>(items: Iterable<[number, T]>): string[] {
  const groups = new Map<string, number[]>();
  for (const [cpu, key] of items) {
    const k = String(key);
    let g = groups.get(k);
    if (!g) groups.set(k, g = []);
    g.push(cpu);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a - b).join(",")).sort();
}

const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);

/** lscpu's human size (`1.5 MiB`, `64 KiB`) in bytes. */
function humanBytes(s: string): number {
  const m = /^([\d.]+)\s*(B|KiB|MiB|GiB)$/.exec(s.trim());
  if (!m) throw new Error(`bad size ${s}`);
  return Number(m[1]) * { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2] as "B"];
}

/** s390 machines: lscpu's Socket(s)/Book(s)/Drawer(s) come from /proc/sysinfo and describe the whole machine. */
const isS390Layout = (l: Lscpu) => l.fields.has("Book(s)") || l.fields.has("Drawer(s)") || l.fields.has("Socket(s) per book");

for (const name of corpusNames()) {
  describe(`lscpu corpus: ${name}`, () => {
    const root = unpackedRoot(name);
    const lscpu = parseLscpu(expectedLscpu(name));
    const cpu = discoverSection(systemExtractor, "cpu", { host: new DirectoryHost(root), env: {} });
    const placed = parseTopology(cpu["topology"] ?? "")!;
    const byCpu = new Map<number, PlacedCpu>(placed.map((p) => [p.cpu, p]));

    test("online CPUs and their count match On-line CPU(s) list", async () => {
      const online = cpuList(lscpu.fields.get("On-line CPU(s) list"));
      expect(cpuList(cpu["online"])).toEqual(online);
      expect(Number(cpu["cpus"])).toBe(online.length);
      expect(placed.map((p) => p.cpu)).toEqual(online);
    });

    test("offline CPUs match Off-line CPU(s) list (absent when none)", async () => {
      const offline = lscpu.fields.get("Off-line CPU(s) list");
      if (offline === undefined) expect(cpu["offline"]).toBeUndefined();
      else expect(cpuList(cpu["offline"])).toEqual(cpuList(offline));
    });

    if (isS390Layout(lscpu)) {
      test("s390: cores and sockets as the --parse groups (lscpu's Socket(s)/Book(s) describe the whole machine, not this LPAR/guest)", async () => {
        const cores = new Set([...lscpu.logical.values()].map((r) => r["Core"]));
        const sockets = new Set([...lscpu.logical.values()].map((r) => r["Socket"]));
        expect(Number(cpu["cores"])).toBe(cores.size);
        expect(Number(cpu["sockets"])).toBe(sockets.size);
        expect(Number(cpu["threads_per_core"])).toBe(num(lscpu.fields.get("Thread(s) per core"))!);
      });
    } else if (lscpu.blocks.length > 1) {
      test("hybrid: one CPU type per lscpu Model name block; per-type cores, sockets, threads add up", async () => {
        expect(Number(cpu["types"])).toBe(lscpu.blocks.length);
        let cores = 0;
        for (const b of lscpu.blocks) {
          const i = [...Array(lscpu.blocks.length).keys()].find((i) => cpu[`type.${i}.model`] === b.model);
          expect(i).toBeDefined();
          const perSocket = num(b.fields.get("Core(s) per socket") ?? b.fields.get("Core(s) per cluster"))!;
          const sockets = num(b.fields.get("Socket(s)") ?? b.fields.get("Cluster(s)"))!;
          expect(Number(cpu[`type.${i}.cores`])).toBe(perSocket * sockets);
          expect(Number(cpu[`type.${i}.sockets`])).toBe(sockets);
          expect(Number(cpu[`type.${i}.threads_per_core`])).toBe(num(b.fields.get("Thread(s) per core"))!);
          cores += perSocket * sockets;
        }
        expect(Number(cpu["cores"])).toBe(cores);
      });
    } else if (cpu["compute_units"] !== undefined) {
      test("AMD compute units: lscpu's cores are compute_units, each of its threads a core (hwloc's rule)", async () => {
        const b = lscpu.fields;
        const perSocket = num(b.get("Core(s) per socket"))!;
        const sockets = num(b.get("Socket(s)"))!;
        const threads = num(b.get("Thread(s) per core"))!;
        expect(Number(cpu["compute_units"])).toBe(perSocket * sockets);
        expect(Number(cpu["cores"])).toBe(perSocket * sockets * threads);
        expect(Number(cpu["sockets"])).toBe(sockets);
        expect(Number(cpu["threads_per_core"])).toBe(1);
      });
    } else {
      test("cores = Core(s) per socket × Socket(s); sockets; threads per core", async () => {
        const b = lscpu.fields;
        const perSocket = num(b.get("Core(s) per socket") ?? b.get("Core(s) per cluster"))!;
        const sockets = num(b.get("Socket(s)") ?? b.get("Cluster(s)"))!;
        expect(Number(cpu["cores"])).toBe(perSocket * sockets);
        expect(Number(cpu["sockets"])).toBe(sockets);
        expect(Number(cpu["threads_per_core"])).toBe(num(b.get("Thread(s) per core"))!);
      });
    }

    test("numa_nodes.all matches NUMA node(s) (absent when lscpu shows none); numa_nodes counts the --parse Node column", async () => {
      expect(cpu["numa_nodes.all"]).toBe(lscpu.fields.get("NUMA node(s)"));
      const withCpus = new Set([...lscpu.logical.values()].map((r) => r["Node"]).filter((n) => n !== ""));
      expect(Number(cpu["numa_nodes"])).toBe(Math.max(1, withCpus.size));
    });

    test("per-CPU core, socket (per CPU type, as lscpu numbers them) and node grouping matches lscpu --parse", async () => {
      expect(lscpu.logical.size).toBeGreaterThan(0);
      const rows = [...lscpu.logical];
      // lscpu numbers cores per CPU type: on hybrid machines its Core ids repeat across types.
      const typeOf = new Map<number, number>();
      for (let i = 0; i < Number(cpu["types"] ?? 1); i++) {
        for (const c of cpuList(cpu[`type.${i}.cpus`] ?? cpu["online"])) typeOf.set(c, i);
      }
      const lscpuCores = partition(rows.map(([c, r]) => [c, `${typeOf.get(c)}:${r["Core"]}`]));
      const ourCores = partition(rows.map(([c]) => [c, `${byCpu.get(c)!.package}:${byCpu.get(c)!.die}:${byCpu.get(c)!.core}`]));
      if (cpu["compute_units"] === undefined) expect(ourCores).toEqual(lscpuCores);
      else {
        // lscpu's cores are the compute units; ours are their threads, one CPU each.
        const units = cpu["compute_units.cpus"]!.split(" ").map((u, i) => cpuList(u).map((c) => [c, i] as [number, number]));
        expect(partition(units.flat())).toEqual(lscpuCores);
        expect(ourCores).toEqual(partition(rows.map(([c]) => [c, c])));
      }
      if (rows.every(([, r]) => r["Socket"] !== "-")) {
        // Sockets too are numbered per type: compare our packages split by type.
        expect(partition(rows.map(([c]) => [c, `${typeOf.get(c)}:${byCpu.get(c)!.package}`])))
          .toEqual(partition(rows.map(([c, r]) => [c, `${typeOf.get(c)}:${r["Socket"]}`])));
      }
      for (const [c, r] of rows) expect(byCpu.get(c)!.node).toBe(r["Node"] === "" ? -1 : Number(r["Node"]));
    });

    test("package labels are the kernel's physical ids (lscpu --parse --physical) when those tell packages apart", async () => {
      const rows = [...lscpu.physical];
      if (rows.length === 0) return;
      const logicalSockets = new Map(rows.map(([c]) => [c, lscpu.logical.get(c)?.["Socket"]]));
      const idsUsable = rows.every(([, r]) => /^\d+$/.test(r["Socket"] ?? "")) &&
        partition(rows.map(([c, r]) => [c, r["Socket"]])).join("|") ===
          partition([...logicalSockets].map(([c, s]) => [c, s])).join("|");
      if (!idsUsable) return; // -1 ids (s390, POWER, RISC-V): compspec numbers the packages itself
      for (const [c, r] of rows) expect(byCpu.get(c)!.package).toBe(Number(r["Socket"]));
    });

    test("caches: instances and total size as lscpu prints them", async () => {
      let compared = 0;
      for (const [key, value] of lscpu.fields) {
        const m = /^(L\d[di]?) cache$/.exec(key);
        const v = /^(.+?) \((\d+) instances?\)$/.exec(value);
        if (!m || !v) continue; // s390 L3/L4 without instances come from /proc/cpuinfo
        compared++;
        if (cpu[`cache.${m[1]}.instances`] === undefined) continue; // checked below
        expect(Number(cpu[`cache.${m[1]}.instances`])).toBe(Number(v[2]));
        const total = Number(cpu[`cache.${m[1]}.total`]);
        expect(Math.abs(total - humanBytes(v[1]!)) / total).toBeLessThan(0.05); // lscpu rounds to 0.1
      }
      // Every machine whose lscpu shows cache instances has cpuN/cache, but sparc64 (lscpu reads its l1_dcache_size files).
      if (compared > 0 && !fs.existsSync(`${root}/sys/devices/system/cpu/cpu${placed[0]!.cpu}/cache`)) return;
      for (const [key, value] of lscpu.fields) {
        const m = /^(L\d[di]?) cache$/.exec(key);
        if (m && /instances?\)$/.test(value)) expect(cpu[`cache.${m[1]}.instances`]).toBeDefined();
      }
    });
  });
}

test("the CLI extracts system[cpu,memory] from a corpus root; memory fails with --allow-fail naming /proc/meminfo", async () => {
  const root = unpackedRoot("x86_64-epyc_7451");
  const r = await runInProcess(["extract", "--root", root, "--name", "system[cpu,memory]", "--allow-fail"]);
  expect(r.status).toBe(0);
  const file = JSON.parse(r.stdout);
  const lscpu = parseLscpu(expectedLscpu("x86_64-epyc_7451"));
  expect(file.results.system.sections.cpu.cpus).toBe(String(cpuList(lscpu.fields.get("On-line CPU(s) list")).length));
  expect(file.results.system.sections.memory).toEqual({});
  expect(r.stderr).toContain("/proc/meminfo");
});

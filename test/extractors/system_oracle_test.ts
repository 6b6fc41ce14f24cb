/**
 * An independent oracle: hwloc (`lstopo-no-graphics`, Debian's hwloc-nox) reads the
 * same /proc and /sys (HWLOC_FSROOT) with its own code. For every corpus machine,
 * and for this machine, compspec's packages, cores, PUs and NUMA nodes must match
 * what hwloc counts; this machine is also checked against `lscpu -p`, CPU by CPU.
 * Where a peer is not installed, a skipped test named "SKIPPED: … did NOT run" and a
 * line on stderr say so (.ci/run installs hwloc-nox and fails without it).
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { systemExtractor } from "../../src/extractors/system/mod.ts";
import { corpusNames, unpackedRoot } from "../util/fixtures.ts";

const LSTOPO = spawnSync("sh", ["-c", "command -v lstopo-no-graphics"], { encoding: "utf8" }).stdout.trim();
const LSCPU = spawnSync("sh", ["-c", "command -v lscpu"], { encoding: "utf8" }).stdout.trim();

/** Object counts by type from hwloc's XML for a root ("/" for this machine). */
function hwlocCounts(root: string): Record<string, number> {
  const env: Record<string, string> = { ...process.env as Record<string, string>, HWLOC_COMPONENTS: "linux,-x86" };
  if (root !== "/") env.HWLOC_FSROOT = root;
  const r = spawnSync(LSTOPO, ["--of", "xml", "-"], { encoding: "utf8", env, timeout: 20_000 });
  if (r.status !== 0) throw new Error(`lstopo failed for ${root}: ${r.stderr}`);
  const counts: Record<string, number> = {};
  for (const m of r.stdout.matchAll(/type="(Package|Core|PU|NUMANode)"/g)) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  return counts;
}

function ours(root: string) {
  const cpu = systemExtractor.discover({ host: new DirectoryHost(root), env: {} }, "cpu");
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

describe("hwloc agrees on packages, cores, PUs and NUMA nodes", () => {
  if (!LSTOPO) return missing("lstopo-no-graphics", "apt-get install hwloc-nox");
  for (const name of corpusNames()) {
    test(name, () => {
      const root = unpackedRoot(name);
      const h = hwlocCounts(root);
      expect(ours(root)).toEqual({ Package: h.Package ?? 1, Core: h.Core ?? 0, PU: h.PU ?? 0, NUMANode: h.NUMANode ?? 1 });
    });
  }

  test("this machine", () => {
    const h = hwlocCounts("/");
    expect(ours("/")).toEqual({ Package: h.Package ?? 1, Core: h.Core ?? 0, PU: h.PU ?? 0, NUMANode: h.NUMANode ?? 1 });
  });
});

describe("lscpu agrees on this machine, CPU by CPU", () => {
  if (!LSCPU) return missing("lscpu", "apt-get install util-linux");
  test("online CPUs, and which share a core, a socket and a NUMA node", () => {
    const r = spawnSync(LSCPU, ["-p=CPU,CORE,SOCKET,NODE"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.split(","));
    const cpu = systemExtractor.discover({ host: new DirectoryHost("/"), env: {} }, "cpu");
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

import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { NodeFileError, parseNodeFile } from "../../src/node/read_node_file.ts";
import { NodeRecordSchema } from "../../src/node/record.ts";
import { FIXTURES } from "../util/fixtures.ts";

const realText = fs.readFileSync(path.join(FIXTURES, "nodes/realistic/gpu17.json"), "utf8");
const goText = fs.readFileSync(path.join(FIXTURES, "compspec-go/node-extract-example.json"), "utf8");
const real = JSON.parse(realText);
const go = JSON.parse(goText);

function withCpu(cores: string, sockets?: string) {
  const f = structuredClone(go);
  f.results.system.sections.cpu.cores = cores;
  if (sockets === undefined) delete f.results.nfd.sections.cpu["topology.socket_count"];
  else f.results.nfd.sections.cpu["topology.socket_count"] = sockets;
  return JSON.stringify(f);
}

function errorOf(text: string, name = "x"): string {
  try {
    parseNodeFile(`${name}.json`, text, name);
  } catch (e) {
    expect(e).toBeInstanceOf(NodeFileError);
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("node record: our node files", () => {
  test("the real layout comes from system.cpu.topology", () => {
    const r = parseNodeFile("gpu17.json", realText, "ignored");
    expect(v.safeParse(NodeRecordSchema, r).success).toBe(true);
    expect(r.hostname).toBe(real.compspec.hostname);
    const entries = (real.results.system.sections.cpu.topology as string).split(" ").map((e) => e.split(":").map(Number));
    const packages = [...new Set(entries.map((e) => e[1]!))].sort((a, b) => a - b);
    expect(r.sockets.length).toBe(packages.length);
    for (let s = 0; s < packages.length; s++) {
      const mine = entries.filter((e) => e[1] === packages[s]);
      const coreIds = [...new Set(mine.map((e) => `${e[2]}:${e[3]}`))];
      expect(r.sockets[s]!.length).toBe(coreIds.length);
      // Every core's PUs are exactly the CPUs the topology puts on it.
      for (const pus of r.sockets[s]!) {
        const first = entries.find((e) => e[0] === pus[0])!;
        const expected = mine.filter((e) => e[2] === first[2] && e[3] === first[3]).map((e) => e[0]!).sort((a, b) => a - b);
        expect(pus).toEqual(expected);
      }
    }
    expect(r.sockets.flat(2).length).toBe(entries.length);
  });

  test("memory per NUMA node sits under the socket holding that node's CPUs; GPUs under their NUMA node's socket", () => {
    const r = parseNodeFile("gpu17.json", realText, "ignored");
    const mem = real.results.system.sections.memory;
    const entries = (real.results.system.sections.cpu.topology as string).split(" ").map((e) => e.split(":").map(Number));
    const socketOfNuma = (n: number) => entries.find((e) => e[4] === n)![1];
    const numas = Object.keys(mem).filter((k) => /^numa\.\d+\.memtotal$/.test(k)).map((k) => Number(k.split(".")[1]));
    expect(r.memory.map((m) => m.numa)).toEqual(numas.sort((a, b) => a - b));
    for (const m of r.memory) {
      expect(m.kib).toBe(Number(mem[`numa.${m.numa}.memtotal`].split(" ")[0]));
      expect(m.socket).toBe(socketOfNuma(m.numa)!);
    }
    const gpu = real.results.system.sections.gpu;
    expect(r.gpus.length).toBe(Number(gpu.count));
    for (const g of r.gpus) {
      expect(g.socket).toBe(socketOfNuma(Number(gpu[`${g.index}.numa_node`]))!);
      expect(g.attributes["org.supercontainers.hardware.gpu.model"]).toBe(gpu[`${g.index}.model`]);
    }
  });

  test("node attributes use compspec-go's artifact vocabulary", () => {
    const a = parseNodeFile("gpu17.json", realText, "x").attributes;
    const s = real.results.system.sections;
    expect(a["org.supercontainers.os.name"]).toBe(s.os.name);
    expect(a["org.supercontainers.os.version"]).toBe(s.os.version);
    expect(a["org.supercontainers.mpi.implementation"]).toBe(real.results.library.sections.mpi.variant);
    expect(a["org.supercontainers.mpi.version"]).toBe(real.results.library.sections.mpi.version);
    expect(a["io.archspec.cpu.vendor"]).toBe(s.cpu.vendor);
    expect(a["io.archspec.cpu.model"]).toBe(s.cpu.model);
    expect(a["io.archspec.cpu.target"]).toBe(s.arch.target);
    expect(a["io.archspec.cpu.target.ancestors"]).toBe(s.arch["target.ancestors"]);
    expect(a["org.supercontainers.hardware.gpu.available"]).toBe("yes");
    expect(a["org.supercontainers.hardware.gpu.count"]).toBe(s.gpu.count);
    expect(a["org.supercontainers.hardware.cpu.sockets"]).toBe(s.cpu.sockets);
    expect(a["org.supercontainers.hardware.cpu.cores"]).toBe(s.cpu.cores);
    expect(a["org.supercontainers.hardware.cpu.cpus"]).toBe(s.cpu.cpus);
    expect(a["org.supercontainers.hardware.cpu.threads_per_core"]).toBe(s.cpu.threads_per_core);
    // Rounded down, never up (issue 14, bug 2), and exact to the MiB beside it.
    const kib = Number(s.memory.memtotal.split(" ")[0]);
    expect(a["org.supercontainers.hardware.memory.total"]).toBe(String(Math.floor(kib / 1048576)));
    expect(a["org.supercontainers.hardware.memory.total_mib"]).toBe(String(Math.floor(kib / 1024)));
    expect(Object.keys(a)).toEqual(Object.keys(a).sort());
  });

  test("memory is never overstated (issue 14, bug 2): GiB rounded down, MiB exact, for the node and each GPU", () => {
    const f = structuredClone(real);
    // The figures: 23.59 GiB of memory (was shown as 24), a GPU of 79.65 GiB (was 80).
    f.results.system.sections.memory.memtotal = `${Math.round(23.59 * 1048576)} kB`;
    f.results.system.sections.gpu["0.memory"] = "85520809984";
    const r = parseNodeFile("gpu17.json", JSON.stringify(f), "x");
    expect(r.attributes["org.supercontainers.hardware.memory.total"]).toBe("23");
    expect(r.attributes["org.supercontainers.hardware.memory.total_mib"]).toBe(String(Math.floor(23.59 * 1024)));
    expect(r.gpus[0]!.attributes["org.supercontainers.hardware.gpu.memory"]).toBe("79");
    expect(r.gpus[0]!.attributes["org.supercontainers.hardware.gpu.memory_mib"]).toBe(String(Math.floor(85520809984 / 1048576)));
    // Less than 1 GiB: no GiB figure at all (never "0", never rounded up to 1); the MiB figure stays.
    f.results.system.sections.memory.memtotal = "900000 kB";
    f.results.system.sections.gpu["0.memory"] = String(512 * 1048576);
    const small = parseNodeFile("gpu17.json", JSON.stringify(f), "x");
    expect(small.attributes["org.supercontainers.hardware.memory.total"]).toBeUndefined();
    expect(small.attributes["org.supercontainers.hardware.memory.total_mib"]).toBe("878");
    expect(small.gpus[0]!.attributes["org.supercontainers.hardware.gpu.memory"]).toBeUndefined();
    expect(small.gpus[0]!.attributes["org.supercontainers.hardware.gpu.memory_mib"]).toBe("512");
  });

  test("an empty compspec.hostname falls back to the file name", () => {
    const f = structuredClone(real);
    f.compspec.hostname = "";
    expect(parseNodeFile("n7.json", JSON.stringify(f), "n7").hostname).toBe("n7");
  });

  test("malformed topology, sizes and counts are errors naming the key", () => {
    const bad = (mutate: (s: Record<string, Record<string, string>>) => void) => {
      const f = structuredClone(real);
      mutate(f.results.system.sections);
      return errorOf(JSON.stringify(f));
    };
    expect(bad((s) => (s.cpu!.topology = ""))).toContain("zero CPUs");
    expect(bad((s) => (s.cpu!.topology = "0:0:0:x:0"))).toContain("system.cpu.topology entry");
    expect(bad((s) => (s.cpu!.topology = "0:0:0:0:0 0:0:0:1:0"))).toContain("CPU 0 twice");
    expect(bad((s) => (s.cpu!["topology.format"] = "cpu:core"))).toContain("topology.format");
    expect(bad((s) => (s.memory!["numa.0.memtotal"] = "lots"))).toContain("system.memory.numa.0.memtotal");
    expect(bad((s) => (s.gpu!.count = "-1"))).toContain("system.gpu.count");
    expect(bad((s) => (s.memory!["numa.1.cpus"] = "16-x"))).toBe(
      'system.memory.numa.1.cpus is "16-x", not a CPU list like "0-5,48-53": bad CPU list element "16-x"',
    );
    expect(bad((s) => (s.gpu!["0.memory_numa_node"] = "far"))).toContain("system.gpu.0.memory_numa_node");
  });

  test("NUMA CPU lists are read with the extractor's grammar: strides too, and the extractor's CPU limit", () => {
    const f = structuredClone(real);
    const mem = f.results.system.sections.memory;
    // Placing by numa.N.cpus happens when the topology gives the node no CPU.
    f.results.system.sections.cpu.topology = (f.results.system.sections.cpu.topology as string).replace(/:1( |$)/g, ":-1$1");
    mem["numa.1.cpus"] = "16-31:1,80-95:1";
    const r = parseNodeFile("gpu17.json", JSON.stringify(f), "x");
    expect(r.memory.find((m) => m.numa === 1)!.socket).toBe(0);
    mem["numa.1.cpus"] = "0-70000";
    expect(errorOf(JSON.stringify(f))).toContain("CPU number above 65535");
  });

  test("CPU-less NUMA nodes are cpuless memory, tied to the GPU whose memory they hold; host RAM leaves them out", () => {
    const f = structuredClone(real);
    const s = f.results.system.sections;
    s.memory["numa.4.memtotal"] = "100663296 kB"; // 96 GiB of GPU memory, tied to GPU 2
    s.memory["numa.4.cpus"] = "";
    s.memory["numa.5.memtotal"] = "268435456 kB"; // 256 GiB CXL expander, tied to none
    s.memory["numa.5.cpus"] = "";
    s.memory.memtotal = `${527939852 + 100663296 + 268435456} kB`;
    s.gpu["2.memory_numa_node"] = "4";
    const r = parseNodeFile("gpu17.json", JSON.stringify(f), "x");
    expect(v.safeParse(NodeRecordSchema, r).success).toBe(true);
    expect(r.memory.map((m) => m.numa)).toEqual([0, 1, 2, 3]);
    expect(r.cpulessMemory).toEqual([{ numa: 4, kib: 100663296, gpu: 2 }, { numa: 5, kib: 268435456, gpu: -1 }]);
    expect(r.attributes["org.supercontainers.hardware.memory.total"]).toBe(
      parseNodeFile("gpu17.json", realText, "x").attributes["org.supercontainers.hardware.memory.total"],
    );
    expect(parseNodeFile("gpu17.json", realText, "x").cpulessMemory).toBeUndefined();
  });
});

describe("node record: compspec-go's node files", () => {
  test("named by file; one PU per logical CPU, spread over the sockets", () => {
    const r = parseNodeFile("node-3.json", goText, "node-3");
    expect(r.hostname).toBe("node-3");
    const cores = Number(go.results.system.sections.cpu.cores);
    expect(r.sockets.length).toBe(Number(go.results.nfd.sections.cpu["topology.socket_count"]));
    expect(r.sockets.flat(1).length).toBe(cores);
    expect(r.sockets.flat(2)).toEqual([...Array(cores).keys()]);
  });

  test("uneven counts are split as evenly as possible (5 on 2 is 3 + 2), without compspec-go's bugs", () => {
    const r = parseNodeFile("x.json", withCpu("5", "2"), "x");
    expect(r.sockets.map((s) => s.length)).toEqual([3, 2]);
    expect(parseNodeFile("x.json", withCpu("7", "3"), "x").sockets.map((s) => s.length)).toEqual([3, 2, 2]);
    expect(parseNodeFile("x.json", withCpu("4"), "x").sockets.map((s) => s.length)).toEqual([4]);
  });

  test("fewer cores than sockets, zero CPUs, and non-numbers are errors", () => {
    expect(errorOf(withCpu("1", "2"))).toContain("fewer cores than sockets");
    expect(errorOf(withCpu("0", "1"))).toContain("zero CPUs");
    expect(errorOf(withCpu("two", "1"))).toContain("system.cpu.cores");
    expect(errorOf(withCpu("2", "0"))).toContain("socket_count is 0");
  });

  test("attributes from nfd and system sections", () => {
    const a = parseNodeFile("x.json", goText, "x").attributes;
    const osr = go.results.nfd.sections.system;
    expect(a["org.supercontainers.os.name"]).toBe(osr["osrelease.PRETTY_NAME"]);
    expect(a["org.supercontainers.os.vendor"]).toBe(osr["osrelease.ID"]);
    expect(a["io.archspec.cpu.target"]).toBe(go.results.system.sections.arch.name);
    expect(a["io.archspec.cpu.vendor"]).toBe(go.results.system.sections.processor["0.normalized.vendor"]);
    // Its files say nothing about GPUs: unknown is not "no".
    expect(a["org.supercontainers.hardware.gpu.available"]).toBeUndefined();
    expect(a["org.supercontainers.hardware.cpu.threads_per_core"]).toBeUndefined();
  });

  test("the older top key `extractors` is read too", () => {
    const text = JSON.stringify({ extractors: go.results });
    expect(parseNodeFile("x.json", text, "x")).toEqual(parseNodeFile("x.json", goText, "x"));
  });
});

describe("node files that are not node files", () => {
  test("each problem is named", () => {
    expect(errorOf("{")).toContain("not JSON");
    expect(errorOf("[1,2]")).toContain("expected a JSON object");
    expect(errorOf('{"hello": 1}')).toContain('no "results"');
    expect(errorOf('{"results": {"system": {"sections": {"cpu": {"cores": 12}}}}}')).toMatch(
      /results\.system\.sections\.cpu\.cores: .*string/,
    );
    expect(errorOf('{"results": {"system": {}}}')).toContain("results.system");
    expect(errorOf('{"results": {}}')).toContain("no CPU information");
    expect(errorOf(JSON.stringify({ compspec: { version: "1", hostname: "a/b" }, results: go.results }))).toContain("'/'");
    expect(errorOf(JSON.stringify({ compspec: { version: "1", hostname: "a\nb" }, results: go.results }))).toContain(
      "control characters",
    );
  });
});

describe("node record: a file our extractor wrote (bench/make_realistic_root.ts's machine)", () => {
  const text = fs.readFileSync(path.join(FIXTURES, "nodes/extracted/gpu5.json"), "utf8");
  const file = JSON.parse(text);
  const s = file.results.system.sections;

  test("the layout agrees with the extractor's own counts", () => {
    const r = parseNodeFile("gpu5.json", text, "x");
    expect(r.hostname).toBe(file.compspec.hostname);
    expect(String(r.sockets.length)).toBe(s.cpu.sockets);
    expect(String(r.sockets.flat(1).length)).toBe(s.cpu.cores);
    expect(String(r.sockets.flat(2).length)).toBe(s.cpu.cpus);
    expect(String(Math.max(...r.sockets.flat(1).map((c) => c.length)))).toBe(s.cpu.threads_per_core);
    expect(String(r.memory.length)).toBe(s.cpu.numa_nodes);
    expect(String(r.gpus.length)).toBe(s.gpu.count);
    // each NUMA node's memory sits on the socket of the CPUs the extractor lists for it
    for (const m of r.memory) {
      const cpus = (s.memory[`numa.${m.numa}.cpus`] as string).split(",").flatMap((p) => {
        const [a, b] = p.split("-").map(Number);
        return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
      });
      for (const c of cpus) expect(r.sockets[m.socket]!.flat()).toContain(c);
    }
  });
});

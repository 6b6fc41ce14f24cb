import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildGraph } from "../../src/graph/mod.ts";
import { parseNodeFile } from "../../src/node/read_node_file.ts";
import { FIXTURES } from "../util/fixtures.ts";

const realText = fs.readFileSync(path.join(FIXTURES, "nodes/realistic/gpu17.json"), "utf8");
const real = JSON.parse(realText);
const tiny = JSON.parse(fs.readFileSync(path.join(FIXTURES, "jgf/fluxion-tiny.json"), "utf8"));

interface FVertex {
  id: string;
  metadata: Record<string, unknown> & {
    type: string;
    name: string;
    id: number;
    uniq_id: number;
    rank: number;
    size: number;
    unit: string;
    paths: { containment: string };
    properties?: Record<string, string>;
    attributes?: Record<string, string>;
  };
}
interface FGraph {
  graph: { nodes: FVertex[]; edges: { source: string; target: string; metadata: { subsystem: string } }[] };
}

/** Two realistic nodes (hostnames varied from the fixture). */
function records() {
  return ["gpu2", "gpu10"].map((h) => {
    const f = structuredClone(real);
    f.compspec.hostname = h;
    return parseNodeFile(`${h}.json`, JSON.stringify(f), h);
  });
}

function graph(pus: boolean, sockets = false): FGraph {
  return JSON.parse(buildGraph("fluxion", "tiny", records(), { pus, pretty: false, sockets }));
}

describe("fluxion format", () => {
  test("every vertex has the keys and value types of the graph Fluxion loads in its tests", () => {
    const types = (m: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Array.isArray(v) ? "array" : typeof v]));
    const expected = types(tiny.graph.nodes[0].metadata);
    const g = graph(true);
    expect(Object.keys(g.graph)).toEqual(Object.keys(tiny.graph));
    for (const v of g.graph.nodes) {
      expect(Object.keys(v)).toEqual(["id", "metadata"]);
      expect(v.id).toBe(String(v.metadata.uniq_id));
      const { properties, attributes, ...rest } = v.metadata;
      expect(types(rest)).toEqual(expected);
      for (const k of ["id", "uniq_id", "rank", "size"] as const) expect(Number.isInteger(v.metadata[k])).toBe(true);
      // Properties are value-free Flux property names (Fluxion copies "name=value" into R otherwise), on nodes only.
      if (properties !== undefined) {
        expect(v.metadata.type).toBe("node");
        for (const val of Object.values(properties)) expect(val).toBe("");
      }
      if (attributes !== undefined) for (const val of Object.values(attributes)) expect(typeof val).toBe("string");
    }
    for (const e of g.graph.edges) expect(e).toEqual({ source: e.source, target: e.target, metadata: { subsystem: "containment" } });
  });

  test("default (Flux's shape): node -> cores -> PUs, memory and GPUs directly under the node; no socket vertex", () => {
    const g = graph(true);
    const byId = new Map(g.graph.nodes.map((v) => [v.id, v]));
    const parent = new Map(g.graph.edges.map((e) => [e.target, e.source]));
    expect(g.graph.nodes.some((v) => v.metadata.type === "socket")).toBe(false);
    const cpu = real.results.system.sections.cpu;
    const count = (type: string) => g.graph.nodes.filter((v) => v.metadata.type === type).length;
    expect(count("core")).toBe(2 * Number(cpu.cores));
    expect(count("pu")).toBe(2 * Number(cpu.cpus));
    for (const v of g.graph.nodes) {
      const up = byId.get(parent.get(v.id)!);
      if (["core", "memory", "gpu"].includes(v.metadata.type)) expect(up?.metadata.type).toBe("node");
      if (v.metadata.type === "pu") expect(up?.metadata.type).toBe("core");
      if (v.metadata.type === "core") expect(v.metadata.paths.containment).toMatch(/^\/tiny0\/rack0\/gpu(2|10)\/core\d+$/);
    }
    // Cores are numbered 0.. per node, as Flux numbers them in R.
    for (const host of ["gpu2", "gpu10"]) {
      const ids = g.graph.nodes.filter((v) => v.metadata.type === "core" && v.metadata.paths.containment.includes(`/${host}/`))
        .map((v) => v.metadata.id);
      expect(ids).toEqual([...Array(Number(cpu.cores)).keys()]);
    }
  });

  test("--sockets: node -> sockets -> cores -> PUs, memory and GPUs under their NUMA node's socket", () => {
    const g = graph(true, true);
    const byId = new Map(g.graph.nodes.map((v) => [v.id, v]));
    const parent = new Map(g.graph.edges.map((e) => [e.target, e.source]));
    // parent -> child only, one parent each, every endpoint exists
    expect(parent.size).toBe(g.graph.edges.length);
    for (const e of g.graph.edges) {
      expect(byId.has(e.source) && byId.has(e.target)).toBe(true);
      expect(byId.get(e.target)!.metadata.paths.containment).toBe(
        `${byId.get(e.source)!.metadata.paths.containment}/${byId.get(e.target)!.metadata.name}`,
      );
    }
    const count = (type: string) => g.graph.nodes.filter((v) => v.metadata.type === type).length;
    const cpu = real.results.system.sections.cpu;
    expect(count("node")).toBe(2);
    expect(count("socket")).toBe(2 * Number(cpu.sockets));
    expect(count("core")).toBe(2 * Number(cpu.cores));
    expect(count("pu")).toBe(2 * Number(cpu.cpus));
    expect(count("gpu")).toBe(2 * Number(real.results.system.sections.gpu.count));
    // nodes in natural order: gpu2 before gpu10; ranks follow that order, ids from the hostname's digits
    const nodes = g.graph.nodes.filter((v) => v.metadata.type === "node");
    expect(nodes.map((n) => [n.metadata.name, n.metadata.rank, n.metadata.id, n.metadata.basename])).toEqual([
      ["gpu2", 0, 2, "gpu"],
      ["gpu10", 1, 10, "gpu"],
    ]);
    // every vertex of a node carries its rank
    for (const v of g.graph.nodes) {
      const host = v.metadata.paths.containment.split("/")[3];
      if (host !== undefined) expect(v.metadata.rank).toBe(host === "gpu2" ? 0 : 1);
    }
    const topo = (cpu.topology as string).split(" ").map((e) => e.split(":").map(Number));
    const mem = real.results.system.sections.memory;
    for (const v of g.graph.nodes) {
      const p = v.metadata.paths.containment;
      if (v.metadata.type === "memory") {
        const numa = v.metadata.id;
        const socket = topo.find((e) => e[4] === numa)![1];
        expect(p).toMatch(new RegExp(`/socket${socket}/memory${numa}$`));
        // Whole GiB rounded down, labelled GiB, and the exact MiB beside it (issue 14, bug 2).
        const kib = Number(mem[`numa.${numa}.memtotal`].split(" ")[0]);
        expect(v.metadata.unit).toBe("GiB");
        expect(v.metadata.size).toBe(Math.floor(kib / 1048576));
        expect(v.metadata.attributes?.["org.supercontainers.hardware.memory.size_mib"]).toBe(String(Math.floor(kib / 1024)));
      }
      if (v.metadata.type === "gpu") {
        const numa = Number(real.results.system.sections.gpu[`${v.metadata.id}.numa_node`]);
        const socket = topo.find((e) => e[4] === numa)![1];
        expect(p).toMatch(new RegExp(`/socket${socket}/gpu${v.metadata.id}$`));
        expect(v.metadata.attributes?.["org.supercontainers.hardware.gpu.vendor"]).toBe(
          real.results.system.sections.gpu[`${v.metadata.id}.vendor`],
        );
      }
      if (v.metadata.type === "pu") {
        // a PU is named by its logical CPU number and sits under the core the topology gives it
        const e = topo.find((t) => t[0] === v.metadata.id)!;
        expect(p).toMatch(new RegExp(`/socket${e[1]}/core\\d+/pu${e[0]}$`));
      }
    }
  });

  test("exactly one root, /NAME0; every vertex of a node has a rank >= 0 (Fluxion's R output needs it)", () => {
    const g = graph(true);
    const roots = g.graph.nodes.filter((v) => !g.graph.edges.some((e) => e.target === v.id));
    expect(roots.map((v) => v.metadata.paths.containment)).toEqual(["/tiny0"]);
    for (const v of g.graph.nodes) {
      if (v.metadata.type === "cluster" || v.metadata.type === "rack") expect(v.metadata.rank).toBe(-1);
      else expect(v.metadata.rank).toBeGreaterThanOrEqual(0);
    }
  });

  test("node attributes are under attributes, as strings; properties are the Flux names", () => {
    const n = graph(false).graph.nodes.find((v) => v.metadata.type === "node")!;
    expect(n.metadata.attributes?.["io.archspec.cpu.target"]).toBe(real.results.system.sections.arch.target);
    expect(n.metadata.attributes?.["org.supercontainers.hardware.gpu.available"]).toBe("yes");
    const names = Object.keys(n.metadata.properties ?? {});
    for (const p of ["sapphirerapids", "icelake", "haswell", "x86_64_v3", "h100", "nvidia", "rocky9.3", "openmpi"]) expect(names).toContain(p);
    expect(names).toEqual([...names].sort());
    expect(graph(false).graph.nodes.some((v) => v.metadata.type === "pu")).toBe(false);
  });
});

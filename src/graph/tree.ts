/**
 * The cluster's resource tree, walked in one deterministic order: cluster → rack
 * → node (rank order) → [socket →] core (→ pu) → memory → gpu (→ its
 * cpuless_memory), then the node's own memory, GPUs and cpuless_memory. Pure:
 * records in, vertices out; the JGF views (rainbow.ts, fluxion.ts, flux_r.ts) format them.
 *
 * Vertices are produced one at a time (a generator) so that a 10,000-node
 * cluster never exists as millions of objects at once.
 *
 * @module
 */
import { compareHostnames, hostnameProblem } from "../node/hostname.ts";
import type { Attributes, CpulessMemoryRecord, GpuRecord, MemoryRecord, NodeRecord } from "../node/record.ts";
import { nodeIds } from "./node_ids.ts";
import type { TreeOptions } from "./options.ts";
import { MEMORY_UNIT, memoryVertexAttributes, memoryVertexSize } from "./units.ts";

export type { TreeOptions } from "./options.ts";

/** One vertex of the containment tree. */
export interface Vertex {
  /** 0..n-1 in walk order (pre-order: a parent comes before its children). */
  uniq: number;
  /** `uniq` of the parent; -1 for the cluster. */
  parent: number;
  /** Resource type: cluster, rack, node, socket, core, pu, memory, gpu, cpuless_memory. */
  type: string;
  /** Name without its number (`core`), or the hostname's stem for nodes. */
  basename: string;
  /** Name, unique among its siblings: the last element of `path`. */
  name: string;
  /** Numeric id: unique within the cluster for nodes (see node_ids.ts), within the node below it (core number, NUMA id …). */
  id: number;
  /** Amount: 1, or whole GiB (rounded down) for memory. */
  size: number;
  /** Unit of `size`: "" or `MEMORY_UNIT` ("GiB"). */
  unit: string;
  /** Rank of the node this vertex is in (see ranks.ts); -1 for cluster and rack. */
  node: number;
  /** Containment path: the parent's path + "/" + name. */
  path: string;
  /** Attributes: what a scheduler matches on (nodes, GPUs), a memory vertex's exact MiB; sorted by name. */
  attributes?: Attributes;
}

/** Two or more records claim the same hostname. */
export class DuplicateHostnameError extends Error {
  constructor(readonly hostnames: string[]) {
    super(`duplicate hostname${hostnames.length > 1 ? "s" : ""}: ${hostnames.map((h) => JSON.stringify(h)).join(", ")}`);
    this.name = "DuplicateHostnameError";
  }
}

/** Why `name` cannot name the cluster (its vertex and every path start with it), or `undefined`. */
export function clusterNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (name.includes("/")) return "it contains '/'";
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return "it contains control characters";
  if (name.length > 255) return "it is longer than 255 characters";
  return undefined;
}

/**
 * The records in graph order: natural hostname order (`n2` < `n10`). Throws
 * {@linkcode DuplicateHostnameError} when two records share a hostname, since
 * the graph could then not tell them apart, and an `Error` for a hostname that
 * cannot be a path element (see `hostnameProblem`).
 */
export function orderNodes(records: readonly NodeRecord[]): NodeRecord[] {
  for (const r of records) {
    // Records from nodeRecord() are checked already; a hand-made one must not break paths either.
    const problem = hostnameProblem(r.hostname);
    if (problem) throw new Error(`hostname ${JSON.stringify(r.hostname)} cannot name a node vertex: ${problem}`);
  }
  const sorted = [...records].sort((a, b) => compareHostnames(a.hostname, b.hostname));
  const dups: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const h = sorted[i]!.hostname;
    if (h === sorted[i - 1]!.hostname && dups[dups.length - 1] !== h) dups.push(h);
  }
  if (dups.length > 0) throw new DuplicateHostnameError(dups);
  return sorted;
}

/**
 * Walk the tree of a cluster whose nodes are `nodes` (already in graph order:
 * see {@linkcode orderNodes} and `rankedNodes`), yielding each vertex after its
 * parent. `ranks[i]` is the rank of `nodes[i]` (default: `i`). Without
 * `opts.sockets`, cores, memory and GPUs sit directly under their node.
 */
export function* clusterVertices(
  cluster: string,
  nodes: readonly NodeRecord[],
  opts: TreeOptions,
  ranks?: readonly number[],
): Generator<Vertex> {
  let uniq = 0;
  const clusterPath = `/${cluster}0`;
  yield { uniq: uniq++, parent: -1, type: "cluster", basename: cluster, name: `${cluster}0`, id: 0, size: 1, unit: "", node: -1, path: clusterPath };
  const rackPath = `${clusterPath}/rack0`;
  const rack = uniq++;
  yield { uniq: rack, parent: 0, type: "rack", basename: "rack", name: "rack0", id: 0, size: 1, unit: "", node: -1, path: rackPath };
  const ids = nodeIds(nodes.map((r) => r.hostname));
  for (let i = 0; i < nodes.length; i++) {
    const rec = nodes[i]!;
    const n = ranks?.[i] ?? i;
    const nodePath = `${rackPath}/${rec.hostname}`;
    const nodeUniq = uniq++;
    const { basename, id } = ids[i]!;
    yield {
      uniq: nodeUniq, parent: rack, type: "node", basename, name: rec.hostname, id, size: 1, unit: "", node: n,
      path: nodePath, attributes: rec.attributes,
    };
    const cpuless = rec.cpulessMemory ?? [];
    // A vertex made with the next uniq (or none: memory below 1 GiB), yielded and counted.
    function* sized(v: Vertex | undefined): Generator<Vertex> {
      if (v === undefined) return;
      uniq++;
      yield v;
    }
    // A GPU, then the CPU-less memory /sys ties to it (GPU memory exposed as NUMA nodes).
    function* gpuWithMemory(g: GpuRecord, parent: number, parentPath: string): Generator<Vertex> {
      const gpu = gpuVertex(g, uniq++, parent, parentPath, n);
      yield gpu;
      for (const m of cpuless) if (m.gpu === g.index) yield* sized(cpulessMemoryVertex(m, uniq, gpu.uniq, gpu.path, n));
    }
    let core = 0;
    for (let s = 0; s < rec.sockets.length; s++) {
      let parent = nodeUniq;
      let parentPath = nodePath;
      if (opts.sockets) {
        parent = uniq++;
        parentPath = `${nodePath}/socket${s}`;
        yield { uniq: parent, parent: nodeUniq, type: "socket", basename: "socket", name: `socket${s}`, id: s, size: 1, unit: "", node: n, path: parentPath };
      }
      for (const pus of rec.sockets[s]!) {
        const corePath = `${parentPath}/core${core}`;
        const coreUniq = uniq++;
        yield { uniq: coreUniq, parent, type: "core", basename: "core", name: `core${core}`, id: core, size: 1, unit: "", node: n, path: corePath };
        core++;
        if (opts.pus) {
          for (const pu of pus) {
            yield { uniq: uniq++, parent: coreUniq, type: "pu", basename: "pu", name: `pu${pu}`, id: pu, size: 1, unit: "", node: n, path: `${corePath}/pu${pu}` };
          }
        }
      }
      if (!opts.sockets) continue;
      for (const m of rec.memory) if (m.socket === s) yield* sized(memoryVertex(m, uniq, parent, parentPath, n));
      for (const g of rec.gpus) if (g.socket === s) yield* gpuWithMemory(g, parent, parentPath);
    }
    // Under the node: everything without a socket level; else memory and GPUs whose NUMA node has no CPUs (or is unknown).
    const onNode = (socket: number) => !opts.sockets || socket < 0 || socket >= rec.sockets.length;
    for (const m of rec.memory) if (onNode(m.socket)) yield* sized(memoryVertex(m, uniq, nodeUniq, nodePath, n));
    for (const g of rec.gpus) if (onNode(g.socket)) yield* gpuWithMemory(g, nodeUniq, nodePath);
    // CPU-less memory tied to no GPU of the record (a CXL expander) belongs to the node.
    const gpuIndexes = new Set(rec.gpus.map((g) => g.index));
    for (const m of cpuless) {
      if (!gpuIndexes.has(m.gpu)) yield* sized(cpulessMemoryVertex(m, uniq, nodeUniq, nodePath, n));
    }
  }
}

/**
 * The vertex of a NUMA node's memory, under the vertex `parent` at `parentPath`;
 * `undefined` below 1 GiB (see units.ts).
 */
function memoryVertex(m: MemoryRecord, uniq: number, parent: number, parentPath: string, node: number): Vertex | undefined {
  const size = memoryVertexSize(m.kib);
  if (size === undefined) return undefined;
  const name = `memory${m.numa}`;
  return {
    uniq, parent, type: "memory", basename: "memory", name, id: m.numa, size, unit: MEMORY_UNIT, node,
    path: `${parentPath}/${name}`, attributes: memoryVertexAttributes(m.kib),
  };
}

/**
 * The vertex of a CPU-less NUMA node's memory (type `cpuless_memory`, sized as
 * memory is), under its GPU or the node: a kind of its own, so that a scheduler
 * neither counts it as host memory nor loses it.
 */
function cpulessMemoryVertex(
  m: CpulessMemoryRecord,
  uniq: number,
  parent: number,
  parentPath: string,
  node: number,
): Vertex | undefined {
  const name = `cpuless_memory${m.numa}`;
  const memory = memoryVertex({ numa: m.numa, kib: m.kib, socket: -1 }, uniq, parent, parentPath, node);
  return memory && { ...memory, type: "cpuless_memory", basename: "cpuless_memory", name, path: `${parentPath}/${name}` };
}

/** The vertex of a GPU, under the vertex `parent` at `parentPath`. */
function gpuVertex(g: GpuRecord, uniq: number, parent: number, parentPath: string, node: number): Vertex {
  const name = `gpu${g.index}`;
  return { uniq, parent, type: "gpu", basename: "gpu", name, id: g.index, size: 1, unit: "", node, path: `${parentPath}/${name}`, attributes: g.attributes };
}

/**
 * The cluster's resource tree, walked in one deterministic order: cluster → rack
 * → node (rank order) → [socket →] core (→ pu) → memory → gpu (→ its
 * cpuless_memory), then the node's own memory, GPUs and cpuless_memory. Pure:
 * records in, vertices out; the JGF views (rainbow.ts, fluxion.ts, flux_r.ts) format them.
 *
 * Vertices are produced one at a time (a generator) so that a 10,000-node
 * cluster never exists as millions of objects at once; a socket's cores and
 * PUs come as one block, which views render once per CPU layout.
 *
 * @module
 */
import { compareHostnameKeys, hostnameProblem, hostnameSortKey } from "../node/hostname.ts";
import type { Attributes, CpulessMemoryRecord, GpuRecord, MemoryRecord, NodeRecord } from "../node/record.ts";
import { type NodeId, nodeIds } from "./node_ids.ts";
import type { TreeOptions } from "./options.ts";
import { memoryVertexAttributes, memoryVertexSize } from "./units.ts";
import { namedError } from "../util/named_error.ts";

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
  /** Amount: 1, or whole GiB (MiB below 1 GiB), rounded down, for memory. */
  size: number;
  /** Unit of `size`: "", or "GiB" / "MiB" for memory (units.ts). */
  unit: string;
  /** Rank of the node this vertex is in (see ranks.ts); -1 for cluster and rack. */
  node: number;
  /** Containment path: the parent's path + "/" + name. */
  path: string;
  /** Attributes: what a scheduler matches on (nodes, GPUs), a memory vertex's exact MiB; sorted by name. */
  attributes?: Attributes;
}

/** Two or more records claim the same hostname. */
export class DuplicateHostnameError extends namedError("DuplicateHostnameError") {
  constructor(readonly hostnames: string[]) {
    super(`duplicate hostname${hostnames.length > 1 ? "s" : ""}: ${hostnames.map((h) => JSON.stringify(h)).join(", ")}`);
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
  // Each hostname split once, not at every comparison.
  const sorted = records.map((r) => ({ r, key: hostnameSortKey(r.hostname) }))
    .sort((a, b) => compareHostnameKeys(a.key, b.key)).map((x) => x.r);
  const dups: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const h = sorted[i]!.hostname;
    if (h === sorted[i - 1]!.hostname && dups[dups.length - 1] !== h) dups.push(h);
  }
  if (dups.length > 0) throw new DuplicateHostnameError(dups);
  return sorted;
}

/**
 * One socket's share of a node's vertices: the socket itself (when the walk
 * keeps sockets), then each core and (with `pus`) its PUs, numbered on from
 * `first`. Nodes of the same layout share their `cores` (see `nodeRecord`), and
 * two such blocks differ only in their numbers and their node's name and rank:
 * a view renders a block once and copies it (see block_images.ts).
 */
export interface CoreBlock {
  /** The socket's cores, each its PUs (the record's `sockets[socket]`). */
  cores: readonly (readonly number[])[];
  /** Index of the socket in its node. */
  socket: number;
  /** Number of the block's first core (cores are numbered across the node's sockets). */
  firstCore: number;
  /** `uniq` of the block's first vertex. */
  first: number;
  /** Vertices in the block. */
  count: number;
  /** `uniq` of the node vertex. */
  nodeUniq: number;
  /** Rank of the node. */
  node: number;
  /** Containment path of the node. */
  nodePath: string;
  /** The node's hostname. */
  hostname: string;
  /** Whether the block starts with its socket vertex. */
  withSocket: boolean;
  /** Whether each core has its PU vertices. */
  pus: boolean;
}

/** One step of the walk: a vertex, or a block of a socket's vertices. */
export type TreePart = Vertex | CoreBlock;

/** Whether a part of the walk is a block. */
export function isBlock(part: TreePart): part is CoreBlock {
  return "cores" in part;
}

/** The vertices of `block`, in walk order. */
export function* blockVertices(b: CoreBlock): Generator<Vertex> {
  let uniq = b.first;
  let parent = b.nodeUniq;
  let parentPath = b.nodePath;
  const n = b.node;
  if (b.withSocket) {
    parent = uniq++;
    parentPath = `${b.nodePath}/socket${b.socket}`;
    yield { uniq: parent, parent: b.nodeUniq, type: "socket", basename: "socket", name: `socket${b.socket}`, id: b.socket, size: 1, unit: "", node: n, path: parentPath };
  }
  let core = b.firstCore;
  for (const pus of b.cores) {
    const corePath = `${parentPath}/core${core}`;
    const coreUniq = uniq++;
    yield { uniq: coreUniq, parent, type: "core", basename: "core", name: `core${core}`, id: core, size: 1, unit: "", node: n, path: corePath };
    core++;
    if (b.pus) {
      for (const pu of pus) {
        yield { uniq: uniq++, parent: coreUniq, type: "pu", basename: "pu", name: `pu${pu}`, id: pu, size: 1, unit: "", node: n, path: `${corePath}/pu${pu}` };
      }
    }
  }
}

/**
 * Walk the tree of a cluster whose nodes are `nodes` (already in graph order:
 * see {@linkcode orderNodes} and `rankedNodes`), yielding each vertex after its
 * parent, a socket's vertices as one {@linkcode CoreBlock}. `ranks[i]` is the
 * rank of `nodes[i]` (default: `i`). Without `opts.sockets`, cores, memory and
 * GPUs sit directly under their node.
 */
export function* clusterParts(
  cluster: string,
  nodes: readonly NodeRecord[],
  opts: TreeOptions,
  ranks?: readonly number[],
): Generator<TreePart> {
  let uniq = 0;
  const clusterPath = `/${cluster}0`;
  yield { uniq: uniq++, parent: -1, type: "cluster", basename: cluster, name: `${cluster}0`, id: 0, size: 1, unit: "", node: -1, path: clusterPath };
  const rackPath = `${clusterPath}/rack0`;
  const rack = uniq++;
  yield { uniq: rack, parent: 0, type: "rack", basename: "rack", name: "rack0", id: 0, size: 1, unit: "", node: -1, path: rackPath };
  const ids = nodeIds(nodes.map((r) => r.hostname));
  const parts: TreePart[] = [];
  for (let i = 0; i < nodes.length; i++) {
    uniq = nodeParts(nodes[i]!, ranks?.[i] ?? i, ids[i]!, rackPath, rack, uniq, opts, parts);
    for (const part of parts) yield part;
    parts.length = 0;
  }
}

/** The parts of one node (numbered from `uniq`) appended to `parts`; returns the next free uniq. */
function nodeParts(
  rec: NodeRecord,
  n: number,
  { basename, id }: NodeId,
  rackPath: string,
  rack: number,
  uniq: number,
  opts: TreeOptions,
  parts: TreePart[],
): number {
  const nodePath = `${rackPath}/${rec.hostname}`;
  const nodeUniq = uniq++;
  parts.push({
    uniq: nodeUniq, parent: rack, type: "node", basename, name: rec.hostname, id, size: 1, unit: "", node: n,
    path: nodePath, attributes: rec.attributes,
  });
  const cpuless = rec.cpulessMemory ?? [];
  // A vertex made with the next uniq (or none: memory below 1 MiB), kept and counted.
  const sized = (v: Vertex | undefined) => {
    if (v === undefined) return;
    uniq++;
    parts.push(v);
  };
  // A GPU, then the CPU-less memory /sys ties to it (GPU memory exposed as NUMA nodes).
  const gpuWithMemory = (g: GpuRecord, parent: number, parentPath: string) => {
    const gpu = gpuVertex(g, uniq++, parent, parentPath, n);
    parts.push(gpu);
    for (const m of cpuless) if (m.gpu === g.index) sized(cpulessMemoryVertex(m, uniq, gpu.uniq, gpu.path, n));
  };
  let core = 0;
  for (let s = 0; s < rec.sockets.length; s++) {
    const cores = rec.sockets[s]!;
    let count = (opts.sockets ? 1 : 0) + cores.length;
    if (opts.pus) for (const pus of cores) count += pus.length;
    parts.push({
      cores, socket: s, firstCore: core, first: uniq, count, nodeUniq, node: n, nodePath, hostname: rec.hostname,
      withSocket: opts.sockets, pus: opts.pus,
    });
    const parent = uniq;
    uniq += count;
    core += cores.length;
    if (!opts.sockets) continue;
    const parentPath = `${nodePath}/socket${s}`;
    for (const m of rec.memory) if (m.socket === s) sized(memoryVertex(m, uniq, parent, parentPath, n));
    for (const g of rec.gpus) if (g.socket === s) gpuWithMemory(g, parent, parentPath);
  }
  // Under the node: everything without a socket level; else memory and GPUs whose NUMA node has no CPUs (or is unknown).
  const onNode = (socket: number) => !opts.sockets || socket < 0 || socket >= rec.sockets.length;
  for (const m of rec.memory) if (onNode(m.socket)) sized(memoryVertex(m, uniq, nodeUniq, nodePath, n));
  for (const g of rec.gpus) if (onNode(g.socket)) gpuWithMemory(g, nodeUniq, nodePath);
  // CPU-less memory tied to no GPU of the record (a CXL expander) belongs to the node.
  for (const m of cpuless) {
    if (!rec.gpus.some((g) => g.index === m.gpu)) sized(cpulessMemoryVertex(m, uniq, nodeUniq, nodePath, n));
  }
  return uniq;
}

/** The walk of {@linkcode clusterParts}, one vertex at a time (blocks opened). */
export function* clusterVertices(
  cluster: string,
  nodes: readonly NodeRecord[],
  opts: TreeOptions,
  ranks?: readonly number[],
): Generator<Vertex> {
  for (const part of clusterParts(cluster, nodes, opts, ranks)) {
    if (isBlock(part)) yield* blockVertices(part);
    else yield part;
  }
}

/**
 * The vertex of a NUMA node's memory, under the vertex `parent` at `parentPath`;
 * `undefined` below 1 MiB (see units.ts).
 */
function memoryVertex(m: MemoryRecord, uniq: number, parent: number, parentPath: string, node: number): Vertex | undefined {
  const sized = memoryVertexSize(m.kib);
  if (sized === undefined) return undefined;
  const name = `memory${m.numa}`;
  return {
    uniq, parent, type: "memory", basename: "memory", name, id: m.numa, size: sized.size, unit: sized.unit, node,
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

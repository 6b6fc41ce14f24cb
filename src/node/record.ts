/**
 * A node file reduced to what the cluster graph needs: the node's name, its real
 * socket → core → PU layout, memory per NUMA node, GPUs, and the attributes a
 * scheduler matches on. Records are small, so thousands fit in memory while the
 * raw files they came from do not have to.
 *
 * @module
 */
import * as v from "valibot";
import { parseCpuList } from "../linux/cpulist.ts";
import { InternPool, internJson } from "../util/intern.ts";
import { gpuAttributes, nodeAttributes, section } from "./attributes.ts";
import { hostnameProblem } from "./hostname.ts";
import type { NodeFile, SectionData } from "./schema.ts";

const Int = v.pipe(v.number(), v.integer());

/** Attribute names to string values (the vocabulary is in docs/graph.md). */
export const AttributesSchema = v.record(v.string(), v.string());

/** One NUMA node's memory. */
export const MemoryRecordSchema = v.object({
  /** NUMA node id (0 when the file only has a node-wide `memtotal`). */
  numa: Int,
  /** Size in KiB (`/proc/meminfo`'s "kB"). */
  kib: v.pipe(Int, v.minValue(1)),
  /** Index into `sockets` of the socket holding this NUMA node's CPUs; -1: under the node. */
  socket: v.pipe(Int, v.minValue(-1)),
});

/**
 * Memory of a NUMA node without CPUs: GPU memory the driver onlined as a NUMA
 * node (POWER9 NVLink, Grace Hopper), a CXL memory expander. Not host RAM.
 */
export const CpulessMemoryRecordSchema = v.object({
  /** NUMA node id. */
  numa: Int,
  /** Size in KiB (the node's meminfo "kB"). */
  kib: v.pipe(Int, v.minValue(1)),
  /** Index into `gpus` of the GPU whose memory this is (`system.gpu.<i>.memory_numa_node`); -1: none, under the node. */
  gpu: v.pipe(Int, v.minValue(-1)),
});

/** One GPU. */
export const GpuRecordSchema = v.object({
  /** The GPU's index in the node file (`system.gpu.<index>.*`). */
  index: v.pipe(Int, v.minValue(0)),
  /** Index into `sockets` of the socket of its NUMA node; -1: under the node. */
  socket: v.pipe(Int, v.minValue(-1)),
  /** Attributes of this GPU (model, vendor …). */
  attributes: AttributesSchema,
});

/** A node reduced to what the graph needs. */
export const NodeRecordSchema = v.object({
  /** The node's name in the graph (validated: see {@linkcode hostnameProblem}). */
  hostname: v.string(),
  /**
   * Sockets in physical package order; each a list of cores (ordered by die and
   * core id); each core the ascending logical CPU numbers of its hardware threads.
   */
  sockets: v.array(v.array(v.array(Int))),
  /** Memory per NUMA node with CPUs (or the node's only memory), ascending NUMA id. */
  memory: v.array(MemoryRecordSchema),
  /** Memory of NUMA nodes without CPUs, ascending NUMA id; absent: none. */
  cpulessMemory: v.optional(v.array(CpulessMemoryRecordSchema)),
  /** GPUs, ascending index. */
  gpus: v.array(GpuRecordSchema),
  /** Node-level attributes. */
  attributes: AttributesSchema,
});

/** A node reduced to what the graph needs. */
export type NodeRecord = v.InferOutput<typeof NodeRecordSchema>;
/** One NUMA node's memory. */
export type MemoryRecord = v.InferOutput<typeof MemoryRecordSchema>;
/** Memory of a NUMA node without CPUs. */
export type CpulessMemoryRecord = v.InferOutput<typeof CpulessMemoryRecordSchema>;
/** One GPU. */
export type GpuRecord = v.InferOutput<typeof GpuRecordSchema>;
/** Attribute names to values. */
export type Attributes = v.InferOutput<typeof AttributesSchema>;

/** A node file whose content cannot become a record (the message says why). */
export class NodeRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NodeRecordError";
  }
}

/** The `cpu:package:die:core:node` format that `system.cpu.topology` uses. */
export const TOPOLOGY_FORMAT = "cpu:package:die:core:node";

function int(value: string, what: string, min = 0): number {
  const t = value.trim();
  if (!/^-?\d{1,15}$/.test(t)) throw new NodeRecordError(`${what} is ${JSON.stringify(value)}, not an integer`);
  const n = Number(t);
  if (n < min) throw new NodeRecordError(`${what} is ${n}, less than ${min}`);
  return n;
}

/** Parse a `/proc/meminfo`-style size (`"24105 kB"`) into KiB. */
function kib(value: string, what: string): number {
  const m = /^\s*(\d{1,15})\s*(kB)?\s*$/i.exec(value);
  if (!m) throw new NodeRecordError(`${what} is ${JSON.stringify(value)}, not a size like "24105 kB"`);
  return Number(m[1]);
}

/** CPU lists already parsed, by their text (every node of a cluster lists the same NUMA nodes' CPUs). */
const cpuLists = new InternPool<readonly number[]>(1024);

/** Parse a kernel CPU list (`0-5,48-53`) with the extractor's grammar, naming the key when it is not one. */
function cpuList(value: string, what: string): readonly number[] {
  const known = cpuLists.get(value);
  if (known) return known;
  const r = parseCpuList(value);
  if (!r.ok) throw new NodeRecordError(`${what} is ${JSON.stringify(value)}, not a CPU list like "0-5,48-53": ${r.error}`);
  return cpuLists.intern(value, r.value);
}

/** The CPU layout and where each CPU / NUMA node sits. */
interface Layout {
  sockets: number[][][];
  /** Logical CPU → socket index. */
  cpuSocket: Map<number, number>;
  /** NUMA node → socket index → CPU count (from the topology's node field). */
  numaCpus: Map<number, Map<number, number>>;
  /** Whether the layout is the node's real one (false: compspec-go's counts). */
  real: boolean;
}

/**
 * Layouts already made, by their source text: the nodes of a cluster mostly share
 * one, which is then parsed once and kept once (layouts are never changed).
 */
const layouts = new InternPool<Layout>(256);

/** The real layout from `system.cpu.topology`. */
function topologyLayout(cpu: SectionData): Layout {
  const format = cpu["topology.format"];
  if (format !== undefined && format !== TOPOLOGY_FORMAT) {
    throw new NodeRecordError(
      `system.cpu.topology.format is ${JSON.stringify(format)}; this compspec reads ${JSON.stringify(TOPOLOGY_FORMAT)}`,
    );
  }
  const key = `t${cpu.topology!}`;
  return layouts.get(key) ?? layouts.intern(key, parseTopology(cpu.topology!));
}

/** Parse `system.cpu.topology` (format checked). */
function parseTopology(topology: string): Layout {
  const text = topology.trim();
  if (text === "") throw new NodeRecordError("the node has zero CPUs (system.cpu.topology is empty)");
  const entries = text.split(/\s+/);
  const n = entries.length;
  // One row of five numbers per CPU, in a flat typed array: this runs for every node of a large cluster.
  const rows = new Float64Array(n * 5);
  const entryRe = /^(\d{1,9}):(-?\d{1,9}):(-?\d{1,9}):(-?\d{1,9}):(-?\d{1,9})$/;
  for (let i = 0; i < n; i++) {
    const m = entryRe.exec(entries[i]!);
    if (!m) throw new NodeRecordError(`system.cpu.topology entry ${JSON.stringify(entries[i])} is not ${TOPOLOGY_FORMAT}`);
    for (let f = 0; f < 5; f++) rows[i * 5 + f] = +m[f + 1]!;
  }
  // Order by package, die, core, then CPU: one pass then groups sockets and cores.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    rows[a * 5 + 1]! - rows[b * 5 + 1]! || rows[a * 5 + 2]! - rows[b * 5 + 2]! || rows[a * 5 + 3]! - rows[b * 5 + 3]! ||
    rows[a * 5]! - rows[b * 5]!
  );
  const sockets: number[][][] = [];
  const cpuSocket = new Map<number, number>();
  const numaCpus = new Map<number, Map<number, number>>();
  let socket: number[][] = [];
  let core: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k]! * 5;
    const cpuId = rows[i]!;
    const prev = k === 0 ? -1 : order[k - 1]! * 5;
    const newSocket = prev < 0 || rows[prev + 1] !== rows[i + 1];
    const newCore = newSocket || rows[prev + 2] !== rows[i + 2] || rows[prev + 3] !== rows[i + 3];
    if (newSocket) sockets.push(socket = []);
    if (newCore) socket.push(core = []);
    core.push(cpuId);
    if (cpuSocket.has(cpuId)) throw new NodeRecordError(`system.cpu.topology lists CPU ${cpuId} twice`);
    const si = sockets.length - 1;
    cpuSocket.set(cpuId, si);
    const node = rows[i + 4]!;
    if (node >= 0) {
      let c = numaCpus.get(node);
      if (!c) numaCpus.set(node, c = new Map());
      c.set(si, (c.get(si) ?? 0) + 1);
    }
  }
  return { sockets, cpuSocket, numaCpus, real: true };
}

/**
 * compspec-go's files only say how many logical CPUs (`system.cpu.cores`) and
 * sockets (`nfd.cpu.topology.socket_count`) there are: spread the CPUs over the
 * sockets as evenly as possible (5 on 2 is 3 + 2), one PU per core. Fewer CPUs
 * than sockets is inconsistent data and an error.
 */
function countLayout(cores: string, socketCount: string | undefined): Layout {
  const key = `c${cores}\n${socketCount ?? ""}`;
  return layouts.get(key) ?? layouts.intern(key, spreadLayout(cores, socketCount));
}

/** {@linkcode countLayout}, made. */
function spreadLayout(cores: string, socketCount: string | undefined): Layout {
  const n = int(cores, "system.cpu.cores");
  if (n === 0) throw new NodeRecordError("the node has zero CPUs (system.cpu.cores is 0)");
  const s = socketCount === undefined ? 1 : int(socketCount, "nfd.cpu.topology.socket_count");
  if (s === 0) throw new NodeRecordError("nfd.cpu.topology.socket_count is 0");
  if (n < s) {
    throw new NodeRecordError(
      `fewer cores than sockets: system.cpu.cores is ${n} but nfd.cpu.topology.socket_count is ${s}`,
    );
  }
  if (n > 1 << 20) throw new NodeRecordError(`system.cpu.cores is ${n}: too many`);
  const sockets: number[][][] = [];
  const cpuSocket = new Map<number, number>();
  let next = 0;
  for (let i = 0; i < s; i++) {
    const count = Math.floor(n / s) + (i < n % s ? 1 : 0);
    const socket: number[][] = [];
    for (let j = 0; j < count; j++) {
      cpuSocket.set(next, i);
      socket.push([next++]);
    }
    sockets.push(socket);
  }
  return { sockets, cpuSocket, numaCpus: new Map(), real: false };
}

/** The socket that holds most of a NUMA node's CPUs (lowest index on a tie), or -1. */
function numaSocket(layout: Layout, mem: SectionData | undefined, numa: number): number {
  let counts = layout.numaCpus.get(numa);
  const list = mem?.[`numa.${numa}.cpus`];
  if (!counts && list !== undefined) {
    counts = new Map();
    for (const c of cpuList(list, `system.memory.numa.${numa}.cpus`)) {
      const s = layout.cpuSocket.get(c);
      if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  }
  let best = -1;
  let bestCount = 0;
  for (const [s, n] of counts ?? []) {
    if (n > bestCount || (n === bestCount && s < best)) {
      best = s;
      bestCount = n;
    }
  }
  return best;
}

/** The node's memory: NUMA nodes with CPUs (or the one node-wide total), and those without. */
interface Memories {
  memory: MemoryRecord[];
  cpuless: CpulessMemoryRecord[];
}

/**
 * Memory records from `system.memory`: a NUMA node whose `numa.<n>.cpus` is
 * present and empty has no CPUs, and is tied to the GPU whose memory it holds
 * (`gpuOfNuma`); every other one is placed on its socket.
 */
function memoryRecords(layout: Layout, mem: SectionData | undefined, gpuOfNuma: ReadonlyMap<number, number>): Memories {
  const out: Memories = { memory: [], cpuless: [] };
  if (!mem) return out;
  const numas: number[] = [];
  for (const key of Object.keys(mem)) {
    const m = /^numa\.(\d{1,9})\.memtotal$/.exec(key);
    if (m) numas.push(Number(m[1]));
  }
  if (numas.length > 0) {
    numas.sort((a, b) => a - b);
    for (const n of numas) {
      const size = kib(mem[`numa.${n}.memtotal`]!, `system.memory.numa.${n}.memtotal`);
      if (size <= 0) continue;
      const cpus = mem[`numa.${n}.cpus`];
      if (cpus !== undefined && cpuList(cpus, `system.memory.numa.${n}.cpus`).length === 0) {
        out.cpuless.push({ numa: n, kib: size, gpu: gpuOfNuma.get(n) ?? -1 });
      } else {
        out.memory.push({ numa: n, kib: size, socket: numaSocket(layout, mem, n) });
      }
    }
    return out;
  }
  if (mem.memtotal !== undefined) {
    const size = kib(mem.memtotal, "system.memory.memtotal");
    // Without NUMA information the memory belongs to the only socket, or to the node.
    if (size > 0) out.memory.push({ numa: 0, kib: size, socket: layout.sockets.length === 1 ? 0 : -1 });
  }
  return out;
}

/** NUMA node → index of the GPU whose memory it holds (`system.gpu.<i>.memory_numa_node`); the first GPU wins. */
function gpuMemoryNumas(gpu: SectionData | undefined, count: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const text = gpu?.[`${i}.memory_numa_node`];
    if (text === undefined) continue;
    const numa = int(text, `system.gpu.${i}.memory_numa_node`);
    if (!out.has(numa)) out.set(numa, i);
  }
  return out;
}

/** `system.gpu.count`, checked; 0 without a GPU section. */
function gpuCount(gpu: SectionData | undefined): number {
  if (!gpu || gpu.count === undefined) return 0;
  const count = int(gpu.count, "system.gpu.count");
  if (count > 4096) throw new NodeRecordError(`system.gpu.count is ${count}: too many`);
  return count;
}

function gpuRecords(layout: Layout, gpu: SectionData | undefined, mem: SectionData | undefined): GpuRecord[] {
  const count = gpuCount(gpu);
  if (!gpu || count === 0) return [];
  const out: GpuRecord[] = [];
  for (let i = 0; i < count; i++) {
    const numaText = gpu[`${i}.numa_node`];
    const numa = numaText === undefined ? -1 : int(numaText, `system.gpu.${i}.numa_node`, -1);
    out.push({ index: i, socket: numa < 0 ? -1 : numaSocket(layout, mem, numa), attributes: gpuAttributes(gpu, i) });
  }
  return out;
}

/**
 * The name a node file's node goes by: its hostname, else `fallbackName` (its
 * file name without `.json`, for compspec-go's files). Throws
 * {@linkcode NodeRecordError} when that name cannot `use` (the message says
 * what it is for: "name a graph vertex").
 */
export function nodeName(file: NodeFile, fallbackName: string, use = "be used"): string {
  const given = file.compspec?.hostname;
  const name = given !== undefined && given !== "" ? given : fallbackName;
  const problem = hostnameProblem(name);
  if (problem) throw new NodeRecordError(`hostname ${JSON.stringify(name)} cannot ${use}: ${problem}`);
  return name;
}

/**
 * Reduce a validated node file to a {@linkcode NodeRecord}. `fallbackName` (the
 * file name without `.json`) names nodes whose file carries no hostname
 * (compspec-go's). Records share their equal parts (layout, memory, GPUs,
 * attributes) with earlier records: never change a record's parts. Throws {@linkcode NodeRecordError} on content that cannot
 * describe a node: no CPUs, fewer cores than sockets, malformed topology or
 * sizes, an unusable hostname.
 */
export function nodeRecord(file: NodeFile, fallbackName: string): NodeRecord {
  const hostname = nodeName(file, fallbackName, "name a graph vertex");
  const cpu = section(file, "system", "cpu");
  let layout: Layout;
  if (cpu?.topology !== undefined) {
    layout = topologyLayout(cpu);
  } else if (cpu?.cores !== undefined) {
    layout = countLayout(cpu.cores, section(file, "nfd", "cpu")?.["topology.socket_count"]);
  } else {
    throw new NodeRecordError("no CPU information: neither system.cpu.topology nor system.cpu.cores");
  }
  const mem = section(file, "system", "memory");
  const gpu = section(file, "system", "gpu");
  const { memory, cpuless } = memoryRecords(layout, mem, gpuMemoryNumas(gpu, gpuCount(gpu)));
  const gpus = gpuRecords(layout, gpu, mem);
  // Host RAM: what /proc/meminfo counts, less the memory of CPU-less NUMA nodes (GPU, CXL) it also counts.
  const cpulessKib = cpuless.reduce((sum, m) => sum + m.kib, 0);
  const memtotalKib = mem?.memtotal === undefined
    ? undefined
    : Math.max(0, kib(mem.memtotal, "system.memory.memtotal") - cpulessKib);
  const attributes = nodeAttributes(file, { sockets: layout.sockets, memory, gpus, real: layout.real, memtotalKib });
  // Equal parts are shared between records (see InternPool): the graph writer then also knows them for equal.
  const record: NodeRecord = {
    hostname,
    sockets: layout.sockets,
    memory: internJson(pools.memory, memory),
    gpus: internJson(pools.gpus, gpus),
    attributes: internJson(pools.attributes, attributes),
  };
  if (cpuless.length > 0) record.cpulessMemory = internJson(pools.cpuless, cpuless);
  return record;
}

/** Shared record parts (see {@linkcode nodeRecord}). */
const pools = {
  memory: new InternPool<MemoryRecord[]>(),
  gpus: new InternPool<GpuRecord[]>(),
  attributes: new InternPool<Attributes>(),
  cpuless: new InternPool<CpulessMemoryRecord[]>(),
};

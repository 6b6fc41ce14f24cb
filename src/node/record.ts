/**
 * A node file reduced to what the cluster graph needs: the node's name, its real
 * socket → core → PU layout, memory per NUMA node, GPUs, and the attributes a
 * scheduler matches on. Records are small, so thousands fit in memory while the
 * raw files they came from do not have to.
 *
 * @module
 */
import { InternPool, internJson } from "../util/intern.ts";
import { gpuAttributes, nodeAttributes } from "./attributes.ts";
import { countLayout, type Layout, numaSocket, topologyLayout } from "./cpu_layout.ts";
import { hostnameProblem } from "./hostname.ts";
import {
  type Attributes,
  type CpulessMemoryRecord,
  type GpuRecord,
  type MemoryRecord,
  type NodeRecord,
  NodeRecordError,
} from "./record_schema.ts";
import { cpuList, int, kib } from "./record_values.ts";
import type { NodeFile, SectionData } from "./schema.ts";
import { CPU_KEY, GPU_KEY, keyPath, MEMORY_KEY, NFD_KEY, numaOfMemtotalKey, section } from "./vocabulary.ts";

export * from "./record_schema.ts";

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
    const n = numaOfMemtotalKey(key);
    if (n !== undefined) numas.push(n);
  }
  if (numas.length > 0) {
    numas.sort((a, b) => a - b);
    for (const n of numas) {
      const size = kib(mem[MEMORY_KEY.numaMemtotal(n)]!, keyPath("system", "memory", MEMORY_KEY.numaMemtotal(n)));
      if (size <= 0) continue;
      const cpus = mem[MEMORY_KEY.numaCpus(n)];
      if (cpus !== undefined && cpuList(cpus, keyPath("system", "memory", MEMORY_KEY.numaCpus(n))).length === 0) {
        out.cpuless.push({ numa: n, kib: size, gpu: gpuOfNuma.get(n) ?? -1 });
      } else {
        out.memory.push({ numa: n, kib: size, socket: numaSocket(layout, mem, n) });
      }
    }
    return out;
  }
  const memtotal = mem[MEMORY_KEY.memtotal];
  if (memtotal !== undefined) {
    const size = kib(memtotal, MEMTOTAL_PATH);
    // Without NUMA information the memory belongs to the only socket, or to the node.
    if (size > 0) out.memory.push({ numa: 0, kib: size, socket: layout.sockets.length === 1 ? 0 : -1 });
  }
  return out;
}

/** NUMA node → index of the GPU whose memory it holds (`system.gpu.<i>.memory_numa_node`); the first GPU wins. */
function gpuMemoryNumas(gpu: SectionData | undefined, count: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const key = GPU_KEY.of(i, "memory_numa_node");
    const text = gpu?.[key];
    if (text === undefined) continue;
    const numa = int(text, keyPath("system", "gpu", key));
    if (!out.has(numa)) out.set(numa, i);
  }
  return out;
}

/** `system.gpu.count`, checked; 0 without a GPU section. */
function gpuCount(gpu: SectionData | undefined): number {
  const text = gpu?.[GPU_KEY.count];
  if (text === undefined) return 0;
  const count = int(text, GPU_COUNT_PATH);
  if (count > 4096) throw new NodeRecordError(`${GPU_COUNT_PATH} is ${count}: too many`);
  return count;
}

function gpuRecords(layout: Layout, gpu: SectionData | undefined, mem: SectionData | undefined): GpuRecord[] {
  const count = gpuCount(gpu);
  if (!gpu || count === 0) return [];
  const out: GpuRecord[] = [];
  for (let i = 0; i < count; i++) {
    const key = GPU_KEY.of(i, "numa_node");
    const numaText = gpu[key];
    const numa = numaText === undefined ? -1 : int(numaText, keyPath("system", "gpu", key), -1);
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
 * attributes) with earlier records, which is why a record is read-only at
 * every level in its type. Throws {@linkcode NodeRecordError} on content that
 * cannot describe a node: no CPUs, fewer cores than sockets, malformed
 * topology or sizes, an unusable hostname.
 */
export function nodeRecord(file: NodeFile, fallbackName: string): NodeRecord {
  return reduceNode(file, fallbackName).record;
}

/** What {@linkcode reduceNode} gives: the record, the layout it was made from, and `system.memory.memtotal` in KiB. */
export interface ReducedNode {
  readonly record: NodeRecord;
  /** Shared by every node with this layout: read-only. */
  readonly layout: Layout;
  /** MemTotal as the file says it (CPU-less NUMA nodes included), when it has one. */
  readonly memtotalKib?: number;
}

/** {@linkcode nodeRecord}, with what was parsed on the way (for `nodeFacts`). Throws what it throws. */
export function reduceNode(file: NodeFile, fallbackName: string): ReducedNode {
  const hostname = nodeName(file, fallbackName, "name a graph vertex");
  const cpu = section(file, "system", "cpu");
  const cores = cpu?.[CPU_KEY.cores];
  let layout: Layout;
  if (cpu?.[CPU_KEY.topology] !== undefined) {
    layout = topologyLayout(cpu);
  } else if (cores !== undefined) {
    layout = countLayout(cores, section(file, "nfd", "cpu")?.[NFD_KEY.socketCount]);
  } else {
    throw new NodeRecordError(
      `no CPU information: neither ${keyPath("system", "cpu", CPU_KEY.topology)} nor ${keyPath("system", "cpu", CPU_KEY.cores)}`,
    );
  }
  const mem = section(file, "system", "memory");
  const gpu = section(file, "system", "gpu");
  const { memory, cpuless } = memoryRecords(layout, mem, gpuMemoryNumas(gpu, gpuCount(gpu)));
  const gpus = gpuRecords(layout, gpu, mem);
  // Host RAM: what /proc/meminfo counts, less the memory of CPU-less NUMA nodes (GPU, CXL) it also counts.
  const cpulessKib = cpuless.reduce((sum, m) => sum + m.kib, 0);
  const memtotalText = mem?.[MEMORY_KEY.memtotal];
  const fileKib = memtotalText === undefined ? undefined : kib(memtotalText, MEMTOTAL_PATH);
  const memtotalKib = fileKib === undefined ? undefined : Math.max(0, fileKib - cpulessKib);
  const attributes = nodeAttributes(file, { sockets: layout.sockets, memory, gpus, real: layout.real, memtotalKib });
  // Equal parts are shared between records (see InternPool): the graph writer then also knows them for equal.
  // Built here, read-only from the moment it is returned.
  const record: { -readonly [K in keyof NodeRecord]: NodeRecord[K] } = {
    hostname,
    sockets: layout.sockets,
    memory: internJson(pools.memory, memory),
    gpus: internJson(pools.gpus, gpus),
    attributes: internJson(pools.attributes, attributes),
  };
  if (cpuless.length > 0) record.cpulessMemory = internJson(pools.cpuless, cpuless);
  return fileKib === undefined ? { record, layout } : { record, layout, memtotalKib: fileKib };
}

const MEMTOTAL_PATH = keyPath("system", "memory", MEMORY_KEY.memtotal);
const GPU_COUNT_PATH = keyPath("system", "gpu", GPU_KEY.count);

/** Shared record parts (see {@linkcode nodeRecord}). */
const pools = {
  memory: new InternPool<MemoryRecord[]>("node.memory"),
  gpus: new InternPool<GpuRecord[]>("node.gpus"),
  attributes: new InternPool<Attributes>("node.attributes"),
  cpuless: new InternPool<CpulessMemoryRecord[]>("node.cpulessMemory"),
};

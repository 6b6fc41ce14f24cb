/**
 * The node record's shape: valibot schemas of a node reduced to what the
 * cluster graph needs (types are their `v.InferOutput`), and the error for a
 * node file that cannot become one.
 *
 * @module
 */
import * as v from "valibot";
import { namedError } from "../util/named_error.ts";

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

/**
 * `T` read-only at every level. Records share their parts (equal layouts,
 * memory, GPUs and attributes are one object: see `nodeRecord`), and the graph
 * writers cache text by those objects' identity, so a change to one record
 * would change others and stale the text: the types forbid it.
 */
export type DeepReadonly<T> = T extends readonly (infer E)[] ? readonly DeepReadonly<E>[]
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
  : T;

/** A node reduced to what the graph needs (read-only: its parts are shared). */
export type NodeRecord = DeepReadonly<v.InferOutput<typeof NodeRecordSchema>>;
/** One NUMA node's memory. */
export type MemoryRecord = DeepReadonly<v.InferOutput<typeof MemoryRecordSchema>>;
/** Memory of a NUMA node without CPUs. */
export type CpulessMemoryRecord = DeepReadonly<v.InferOutput<typeof CpulessMemoryRecordSchema>>;
/** One GPU. */
export type GpuRecord = DeepReadonly<v.InferOutput<typeof GpuRecordSchema>>;
/** Attribute names to values. */
export type Attributes = DeepReadonly<v.InferOutput<typeof AttributesSchema>>;

/** A node file whose content cannot become a record (the message says why). */
export class NodeRecordError extends namedError("NodeRecordError") {}

/** The `cpu:package:die:core:node` format that `system.cpu.topology` uses (named in the vocabulary). */
export { TOPOLOGY_FORMAT } from "./vocabulary.ts";

/**
 * The JSON view of a described cluster, for programs: the same groups, totals
 * and outliers as the text. Its JSON Schema (schema/describe.schema.json) is
 * generated from {@linkcode DescribeJsonSchema}. Pure.
 *
 * @module
 */
import * as v from "valibot";
import { type ClusterDescription, FIELD_NAMES, GROUP_FIELDS, numaCount } from "./groups.ts";
import { gib, mib } from "./memory.ts";

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A GPU model and how many. */
const GpuCountSchema = v.strictObject({ model: v.string(), count: Count });

/** A value that may differ between the nodes of a group, with how many nodes have it. */
const ValueCountSchema = v.strictObject({ value: v.string(), count: Count });

/** One group of identical nodes. */
export const DescribeGroupSchema = v.strictObject({
  /** The nodes as an RFC 29 hostlist (`gpu[001-016,018-128]`). */
  hostlist: v.string(),
  /** How many nodes. */
  count: Count,
  cpu: v.strictObject({
    vendor: v.optional(v.string()),
    model: v.optional(v.string()),
    /** archspec target (`icelake`), or compspec-go's Go architecture name. */
    target: v.optional(v.string()),
    /** Machine architectures (`x86_64`) with node counts; empty when the input does not say. */
    arch: v.array(ValueCountSchema),
  }),
  layout: v.strictObject({
    sockets: Count,
    cores: Count,
    pus: Count,
    /** Cores of each socket. */
    cores_per_socket: v.array(Count),
    /** The most hardware threads on one core. */
    threads_per_core: Count,
    /** False when the node files give the CPU count only (compspec-go): threads per core unknown. */
    exact: v.boolean(),
    text: v.string(),
  }),
  numa: v.strictObject({ nodes: Count, text: v.string() }),
  memory: v.strictObject({
    /** The smallest memory of the group's nodes, MiB, rounded down (Slurm's RealMemory); null when unknown. */
    mib: v.nullable(Count),
    /** The same in GiB, rounded down; null when unknown. */
    gib: v.nullable(Count),
    text: v.string(),
  }),
  gpus: v.array(GpuCountSchema),
  os: v.optional(v.string()),
  mpi: v.optional(v.string()),
  /** Kernel releases with node counts; empty when the input does not say. */
  kernels: v.array(ValueCountSchema),
});

/** `compspec describe --format json`. */
export const DescribeJsonSchema = v.strictObject({
  /** Where the nodes came from. */
  source: v.optional(v.string()),
  totals: v.strictObject({
    nodes: Count,
    groups: Count,
    sockets: Count,
    cores: Count,
    pus: Count,
    /** Sum of the memory of every node whose memory is known, MiB, rounded down. */
    memory_mib: Count,
    /** Nodes whose memory is unknown (not in `memory_mib`). */
    memory_unknown_nodes: Count,
    gpus: v.array(GpuCountSchema),
  }),
  /** Largest group first. */
  groups: v.array(DescribeGroupSchema),
  /** Groups that differ from a larger group in one value only. */
  outliers: v.array(v.strictObject({
    hostlist: v.string(),
    count: Count,
    /** Which value differs. */
    field: v.picklist(GROUP_FIELDS),
    /** The value in words for the outlying nodes … */
    value: v.string(),
    /** … and for the larger group. */
    expected: v.string(),
    /** The larger group's hostlist. */
    like: v.string(),
    text: v.string(),
  })),
});

/** `compspec describe --format json`. */
export type DescribeJson = v.InferOutput<typeof DescribeJsonSchema>;

function counted(values: (string | undefined)[]): { value: string; count: number }[] {
  const m = new Map<string, number>();
  for (const x of values) if (x !== undefined) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }));
}

/** The JSON document for a described cluster. */
export function describeJson(d: ClusterDescription, source?: string): DescribeJson {
  const out: DescribeJson = {
    totals: {
      nodes: d.totals.nodes,
      groups: d.groups.length,
      sockets: d.totals.sockets,
      cores: d.totals.cores,
      pus: d.totals.pus,
      memory_mib: mib(d.totals.memoryKib),
      memory_unknown_nodes: d.groups.reduce((n, g) => n + g.nodes.filter((x) => x.memoryKib <= 0).length, 0),
      gpus: d.totals.gpus.map(([model, count]) => ({ model, count })),
    },
    groups: d.groups.map((g) => {
      const first = g.nodes[0]!;
      const cpu: DescribeJson["groups"][number]["cpu"] = { arch: counted(g.nodes.map((n) => n.arch)) };
      if (first.vendor !== undefined) cpu.vendor = first.vendor;
      if (first.model !== undefined) cpu.model = first.model;
      if (first.target !== undefined) cpu.target = first.target;
      const group: DescribeJson["groups"][number] = {
        hostlist: g.hostlist,
        count: g.nodes.length,
        cpu,
        layout: {
          sockets: g.shape.sockets,
          cores: g.shape.cores,
          pus: g.shape.pus,
          cores_per_socket: g.shape.socketCores,
          threads_per_core: g.shape.maxThreads,
          exact: first.exact,
          text: g.labels.cpus,
        },
        numa: { nodes: numaCount(first), text: g.labels.numa },
        // Unknown memory is null, never 0: a program would read 0 as "no memory".
        memory: g.memoryKib > 0 ? { mib: mib(g.memoryKib), gib: gib(g.memoryKib), text: g.labels.memory } : { mib: null, gib: null, text: g.labels.memory },
        gpus: g.gpus.map(([model, count]) => ({ model, count })),
        kernels: counted(g.nodes.map((n) => n.kernel)),
      };
      if (first.os !== undefined) group.os = first.os;
      if (first.mpi !== undefined) group.mpi = first.mpi;
      return group;
    }),
    outliers: d.outliers.map((o) => {
      const g = d.groups[o.group]!;
      const like = d.groups[o.like]!;
      return {
        hostlist: g.hostlist,
        count: g.nodes.length,
        field: o.field,
        value: g.labels[o.field],
        expected: like.labels[o.field],
        like: like.hostlist,
        text: `${FIELD_NAMES[o.field]} ${g.labels[o.field]}, not ${like.labels[o.field]}`,
      };
    }),
  };
  if (source !== undefined) out.source = source;
  return out;
}

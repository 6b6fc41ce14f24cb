/**
 * What `describe` and `diff` keep of each node: the facts they group and
 * compare on, small enough that 10,000 nodes fit in a few MiB. Made from a
 * {@linkcode NodeRecord} (from a node file or a graph) plus, for node files,
 * the facts a record does not carry (kernel, exact memory, GPU PCI addresses,
 * which NUMA node each CPU is on). Pure.
 *
 * @module
 */
import { fluxPropertyNames } from "../graph/flux_properties.ts";
import type { Layout } from "../node/cpu_layout.ts";
import { nodeFacts, type NodeFacts } from "../node/facts.ts";
import type { NodeRecord } from "../node/record.ts";
import type { NodeFile } from "../node/schema.ts";
import { ATTR } from "../node/vocabulary.ts";
import { type CpuLayout, encodeLayout, internLayout } from "./layout.ts";
import { BoundedCache, IdentityCache } from "../util/caches.ts";

/** One NUMA node: id, the index of its socket (-1: none), size in KiB. */
export interface NumaSummary {
  id: number;
  socket: number;
  kib: number;
}

/** One GPU: its model (or vendor), vendor, socket and, when known, its PCI address. */
export interface GpuSummary {
  model: string;
  /** Index of the socket of its NUMA node; -1: unknown. */
  socket: number;
  vendor?: string;
  pci?: string;
}

/** A node reduced to what `describe` and `diff` use. */
export interface NodeSummary {
  hostname: string;
  /** CPU vendor (`GenuineIntel`). */
  vendor?: string;
  /** CPU model name. */
  model?: string;
  /** Machine architecture (`x86_64`), node files only. */
  arch?: string;
  /** archspec target (`icelake`), or compspec-go's Go architecture name. */
  target?: string;
  /** The CPU layout, interned (see layout.ts). */
  layout: string;
  /** Whether the layout is the node's real one (false: compspec-go's CPU count, one thread per core assumed). */
  exact: boolean;
  /** Whether the PU numbers are the node's (false: invented for a graph without pu vertices, or a count-only file). */
  cpuIds: boolean;
  /** NUMA nodes, ascending id. */
  numa: NumaSummary[];
  /** Memory in KiB: MemTotal when known, else the sum of the NUMA nodes; 0 when unknown. */
  memoryKib: number;
  gpus: GpuSummary[];
  /** OS name and version (`Rocky Linux 9.4 (Blue Onyx)`). */
  os?: string;
  /** MPI implementation and version (`OpenMPI 4.1.6`). */
  mpi?: string;
  /** Kernel release (`5.14.0-427.13.1.el9_4.x86_64`), node files only. */
  kernel?: string;
  /** The node's Flux property names, space-separated (src/graph/flux_properties.ts: the same as its Flux R). */
  fluxProperties: string;
  /** Sections `extract --allow-fail` could not read (`nfd[pci], nfd[storage]`), node files only: their facts are unknown. */
  failed?: string;
}

/** Extra facts a node file has and a record lacks. */
export interface SummaryExtras {
  /** Logical CPU → NUMA node. */
  cpuNuma?: ReadonlyMap<number, number>;
  memtotalKib?: number;
  arch?: string;
  kernel?: string;
  /** PCI address by GPU index. */
  gpuPci?: ReadonlyMap<number, string>;
  /** False for a graph whose PU numbers were invented. */
  cpuIds?: boolean;
}

function nonBlank(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t === undefined || t === "" ? undefined : t;
}

/** Which NUMA node each core of `socket` is on, when the node file does not say: its NUMA nodes share the cores in order. */
function spreadCores(cores: readonly (readonly number[])[], numas: number[]): number[] {
  if (numas.length === 0) return cores.map(() => -1);
  const per = Math.floor(cores.length / numas.length);
  const extra = cores.length % numas.length;
  const out: number[] = [];
  numas.forEach((id, i) => {
    for (let k = 0; k < per + (i < extra ? 1 : 0); k++) out.push(id);
  });
  return out;
}

/**
 * The NUMA nodes of each socket when no file says which CPU is on which: the
 * record's, or — for a graph without a socket level, whose memory hangs under
 * the node — the node's NUMA nodes shared out over the sockets in order.
 */
function socketNumas(record: NodeRecord): number[][] {
  const own = record.sockets.map((_, s) => record.memory.filter((m) => m.socket === s).map((m) => m.numa));
  const loose = record.memory.filter((m) => m.socket < 0 || m.socket >= record.sockets.length).map((m) => m.numa);
  if (loose.length === 0 || own.some((l) => l.length > 0) || record.sockets.length === 0) return own;
  const per = Math.ceil(loose.length / record.sockets.length);
  return record.sockets.map((_, s) => loose.slice(s * per, (s + 1) * per));
}

/** The record's sockets split into NUMA domains. */
function cpuLayout(record: NodeRecord, cpuNuma: ReadonlyMap<number, number> | undefined): CpuLayout {
  const numas = cpuNuma ? undefined : socketNumas(record);
  return record.sockets.map((cores, s) => {
    const fallback = numas ? spreadCores(cores, numas[s]!) : undefined;
    const domains: { numa: number; cores: (readonly number[])[] }[] = [];
    cores.forEach((core, i) => {
      const numa = fallback ? fallback[i]! : (cpuNuma!.get(core[0]!) ?? -1);
      let d = domains.find((x) => x.numa === numa);
      if (!d) domains.push(d = { numa, cores: [] });
      d.cores.push(core);
    });
    // Unknown NUMA last, known ones ascending: the order lstopo draws them in.
    domains.sort((a, b) => (a.numa < 0 ? 1 : b.numa < 0 ? -1 : a.numa - b.numa));
    return domains;
  });
}

const propertiesByFacts = new BoundedCache<string, string>("describe.propertiesByFacts", 256, "restart");

/** The record's Flux property names, joined; made once per distinct set of the facts they come from. */
function fluxProperties(record: NodeRecord): string {
  const a = record.attributes;
  const facts = [
    a[ATTR.cpuTarget],
    a[ATTR.cpuTargetAncestors],
    a[ATTR.gpuVendor],
    a[ATTR.gpuModel],
    ...record.gpus.flatMap((g) => [g.attributes[ATTR.gpuVendor], g.attributes[ATTR.gpuModel]]),
    a[ATTR.osVendor],
    a[ATTR.osVersion],
    a[ATTR.mpiImplementation],
  ].map((x) => x ?? "\u0001").join("\u0000");
  let names = propertiesByFacts.get(facts);
  if (names === undefined) {
    names = fluxPropertyNames(record).join(" ");
    propertiesByFacts.set(facts, names);
  }
  return names;
}

/** Summarize a record (from a node file or a graph) with what else is known. */
export function summarizeRecord(record: NodeRecord, extras: SummaryExtras = {}, layout?: string): NodeSummary {
  const a = record.attributes;
  const osName = nonBlank(a[ATTR.osName]);
  const osVersion = nonBlank(a[ATTR.osVersion]);
  const mpiName = nonBlank(a[ATTR.mpiImplementation]);
  const mpiVersion = nonBlank(a[ATTR.mpiVersion]);
  const numa = record.memory.map((m) => ({ id: m.numa, socket: m.socket, kib: m.kib }));
  const numaKib = numa.reduce((s, m) => s + m.kib, 0);
  const exact = a[ATTR.threadsPerCore] !== undefined;
  const summary: NodeSummary = {
    hostname: record.hostname,
    layout: layout ?? internLayout(encodeLayout(cpuLayout(record, extras.cpuNuma))),
    exact,
    // compspec-go's files give a count: their CPU numbers are made up, like a graph's without PUs.
    cpuIds: exact && (extras.cpuIds ?? true),
    numa,
    memoryKib: extras.memtotalKib ?? numaKib,
    fluxProperties: fluxProperties(record),
    gpus: record.gpus.map((g) => {
      const vendor = nonBlank(g.attributes[ATTR.gpuVendor]);
      const model = nonBlank(g.attributes[ATTR.gpuModel]);
      // "NVIDIA H100 80GB HBM3" as NVML and nvidia-smi name it, also where the file says "H100 80GB HBM3".
      const full = model === undefined
        ? vendor ?? "GPU"
        : vendor === undefined || model.toLowerCase().includes(vendor.toLowerCase())
        ? model
        : `${vendor} ${model}`;
      const out: GpuSummary = { model: full, socket: g.socket };
      if (vendor !== undefined) out.vendor = vendor;
      const pci = extras.gpuPci?.get(g.index);
      if (pci !== undefined) out.pci = pci;
      return out;
    }),
  };
  const optional: [keyof NodeSummary, string | undefined][] = [
    ["vendor", nonBlank(a[ATTR.cpuVendor])],
    ["model", nonBlank(a[ATTR.cpuModel])],
    ["arch", extras.arch],
    ["target", nonBlank(a[ATTR.cpuTarget])],
    // A version already in the name ("Rocky Linux 9.4 (Blue Onyx)") is not repeated.
    ["os", osName === undefined ? osVersion : osVersion === undefined || osName.includes(osVersion) ? osName : `${osName} ${osVersion}`],
    ["mpi", mpiName === undefined ? undefined : mpiVersion === undefined ? mpiName : `${mpiName} ${mpiVersion}`],
    ["kernel", extras.kernel],
  ];
  for (const [k, val] of optional) if (val !== undefined) (summary as unknown as Record<string, string>)[k] = val;
  return summary;
}

/**
 * The reducer `describe` and `diff` read node files with: the file's facts
 * (`nodeFacts`: record plus kernel release, MemTotal, machine architecture,
 * GPU PCI addresses, which NUMA node each CPU is on). Throws what
 * `nodeRecord` throws.
 */
export function summarizeNodeFile(file: NodeFile, fallbackName: string): NodeSummary {
  const facts = nodeFacts(file, fallbackName);
  const extras: SummaryExtras = {
    memtotalKib: facts.memtotalKib,
    arch: facts.arch,
    kernel: facts.kernel,
    gpuPci: facts.gpuPci,
  };
  const failed = [...facts.failed.keys()].sort().join(", ");
  const summary = summarizeFacts(facts, extras);
  if (failed !== "") summary.failed = failed;
  return summary;
}

function summarizeFacts({ record, layout: cpus }: NodeFacts, extras: SummaryExtras): NodeSummary {
  if (cpus.cpuNuma === undefined) return summarizeRecord(record, extras);
  // The layout follows from the CPU layout alone (shared by every node with the same topology): made once per layout.
  let layout = layoutByCpus.get(cpus);
  if (layout === undefined) {
    layout = internLayout(encodeLayout(cpuLayout(record, cpus.cpuNuma)));
    layoutByCpus.set(cpus, layout);
  }
  return summarizeRecord(record, extras, layout);
}

const layoutByCpus = new IdentityCache<Layout, string>("describe.layoutByCpus");

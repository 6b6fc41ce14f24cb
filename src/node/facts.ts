/**
 * A node file turned into its facts, once: the one parsed model of a node
 * (like hwloc's one object tree) that the graph writers, `describe`, `diff`
 * and `check` read, so that no layer above parses a node file's strings again.
 *
 * @module
 */
import type { Layout } from "./cpu_layout.ts";
import { failedSections } from "./failed_sections.ts";
import { type NodeRecord, reduceNode } from "./record.ts";
import type { NodeFile } from "./schema.ts";
import { ARCH_KEY, GPU_KEY, NFD_KEY, section } from "./vocabulary.ts";

/**
 * Everything compspec knows of a node from its node file. The record holds the
 * layout (sockets → cores → PUs), memory per NUMA node, GPUs and the attributes
 * (OS, MPI, archspec CPU vendor, model and target, counts: named by
 * `vocabulary.ts`'s `ATTR`); the rest is what a record does not carry.
 */
export interface NodeFacts {
  readonly record: NodeRecord;
  /** The CPU layout the record's sockets come from; `layout.cpuNuma` says which NUMA node each CPU is on (real layouts only). */
  readonly layout: Layout;
  /** MemTotal in KiB as the file says it (CPU-less NUMA nodes included), when over 0. */
  readonly memtotalKib?: number;
  /** Machine architecture (`x86_64`). */
  readonly arch?: string;
  /** Kernel release (`5.14.0-427.13.1.el9_4.x86_64`). */
  readonly kernel?: string;
  /** PCI address by GPU index. */
  readonly gpuPci?: ReadonlyMap<number, string>;
  /** Sections `extract --allow-fail` could not read (`nfd[pci]`) → why. */
  readonly failed: ReadonlyMap<string, string>;
}

function nonBlank(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t === undefined || t === "" ? undefined : t;
}

/**
 * The facts of a validated node file. `fallbackName` (the file name without
 * `.json`) names a node whose file carries no hostname. Throws what
 * `nodeRecord` throws (`NodeRecordError`) on content that cannot describe a node.
 */
export function nodeFacts(file: NodeFile, fallbackName: string): NodeFacts {
  const { record, layout, memtotalKib } = reduceNode(file, fallbackName);
  const gpu = section(file, "system", "gpu");
  let gpuPci: Map<number, string> | undefined;
  for (const g of record.gpus) {
    const pci = nonBlank(gpu?.[GPU_KEY.of(g.index, "pci")]);
    if (pci !== undefined) (gpuPci ??= new Map()).set(g.index, pci);
  }
  const facts: { -readonly [K in keyof NodeFacts]: NodeFacts[K] } = { record, layout, failed: failedSections(file) };
  if (memtotalKib !== undefined && memtotalKib > 0) facts.memtotalKib = memtotalKib;
  const arch = nonBlank(section(file, "system", "arch")?.[ARCH_KEY.arch]);
  if (arch !== undefined) facts.arch = arch;
  const kernel = nonBlank(section(file, "nfd", "kernel")?.[NFD_KEY.kernelRelease]);
  if (kernel !== undefined) facts.kernel = kernel;
  if (gpuPci) facts.gpuPci = gpuPci;
  return facts;
}

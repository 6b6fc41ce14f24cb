/**
 * The Slurm views: `NodeName=` lines for slurm.conf as `slurmd -C` prints them
 * (CPUs, Boards, SocketsPerBoard, CoresPerSocket, ThreadsPerCore, RealMemory),
 * one per set of nodes that get the same line, plus `Gres=gpu:<type>:<count>`
 * when there are GPUs and `Features=` (the node's Flux property names, so
 * `sbatch --constraint=haswell` selects what `flux run --requires=haswell`
 * does); and, separately, the gres.conf lines for the GPUs (slurm.conf cannot
 * hold them). Nodes are named by their short host name, as `slurmd -C` names
 * the host it runs on. Pure.
 *
 * The numbers are slurmd's: CoresPerSocket = cores ÷ sockets and ThreadsPerCore
 * = PUs ÷ cores, both rounded down, so that an uneven node (big.LITTLE, a core
 * offline) gets the line slurmd would report for it. RealMemory is MiB, rounded
 * down, and the smallest of the line's nodes: Slurm drains a node that has less
 * memory than its line says.
 *
 * @module
 */
import { compressHostlist } from "../util/hostlist.ts";
import { encodeIdset } from "../util/idset.ts";
import { type ClusterDescription, mergeByKey, type NodeGroup } from "./groups.ts";
import { mib } from "./memory.ts";
import { gresType } from "./gres_type.ts";
import { escapeControlDeep } from "../util/escape_control.ts";
import { minOf } from "../util/array_ops.ts";

/** One slurm.conf line's values, for a set of nodes. */
export interface SlurmNodeLine {
  hostnames: string[];
  cpus: number;
  boards: number;
  socketsPerBoard: number;
  coresPerSocket: number;
  threadsPerCore: number;
  /** MiB; 0 when unknown (the line then leaves RealMemory out). */
  realMemory: number;
  /** `[type, count]` per GPU model. */
  gres: [string, number][];
  /** gres.conf lines' device files per type, when known (`/dev/nvidia[0-3]`). */
  gresFiles: Map<string, string | undefined>;
  /** Why a value may not be what the node has (uneven layout, count-only file). */
  notes: string[];
  /** Slurm features: the nodes' Flux property names (src/graph/flux_properties.ts), sorted. */
  features: string[];
}

/** A host name as `slurmd -C` gives it: up to the first dot. */
export function shortHostname(hostname: string): string {
  const dot = hostname.indexOf(".");
  return dot > 0 ? hostname.slice(0, dot) : hostname;
}

/** NVIDIA's device files are /dev/nvidia<N>, numbered in PCI order among the node's NVIDIA GPUs. */
function gresFiles(group: NodeGroup): Map<string, string | undefined> {
  const first = group.nodes[0]!;
  const byType = new Map<string, number[]>();
  let nvidia = 0;
  const unknown = new Set<string>();
  for (const g of first.gpus) {
    const type = gresType(g.model);
    const isNvidia = /nvidia/i.test(g.vendor ?? g.model);
    if (isNvidia) {
      const list = byType.get(type) ?? [];
      list.push(nvidia++);
      byType.set(type, list);
    } else unknown.add(type);
  }
  const out = new Map<string, string | undefined>();
  for (const [type, minors] of byType) out.set(type, unknown.has(type) ? undefined : `/dev/nvidia[${encodeIdset(minors)}]`);
  for (const type of unknown) out.set(type, undefined);
  return out;
}

/** The group's lines: one per set of nodes with the same Flux properties (equal within a group, but not by construction). */
function linesOf(group: NodeGroup): SlurmNodeLine[] {
  const byFeatures = new Map<string, NodeGroup["nodes"]>();
  for (const n of group.nodes) {
    const list = byFeatures.get(n.fluxProperties);
    if (list) list.push(n);
    else byFeatures.set(n.fluxProperties, [n]);
  }
  return [...byFeatures].map(([features, nodes]) => {
    const memoryKib = minOf(nodes.map((n) => n.memoryKib));
    return {
      ...lineOf(group),
      hostnames: nodes.map((n) => shortHostname(n.hostname)),
      realMemory: mib(memoryKib),
      features: features === "" ? [] : features.split(" "),
    };
  });
}

function lineOf(group: NodeGroup): Omit<SlurmNodeLine, "features"> {
  const s = group.shape;
  const notes: string[] = [];
  const coresPerSocket = s.sockets === 0 ? 0 : Math.floor(s.cores / s.sockets);
  const threadsPerCore = s.cores === 0 ? 0 : Math.floor(s.pus / s.cores);
  if (s.socketCores.some((n) => n !== coresPerSocket) || s.threadRuns.length > 1) {
    notes.push(`uneven layout (${group.labels.cpus}): rounded down as slurmd -C does`);
  }
  if (!group.nodes[0]!.exact) notes.push("node files give the CPU count only (compspec-go): one thread per core assumed");
  const gres = new Map<string, number>();
  for (const [model, n] of group.gpus) {
    const type = gresType(model);
    gres.set(type, (gres.get(type) ?? 0) + n);
  }
  return {
    hostnames: group.nodes.map((n) => n.hostname),
    cpus: s.pus,
    boards: 1,
    socketsPerBoard: s.sockets,
    coresPerSocket,
    threadsPerCore,
    realMemory: mib(group.memoryKib),
    gres: [...gres],
    gresFiles: gresFiles(group),
    notes,
  };
}

function lineKey(l: SlurmNodeLine): string {
  return JSON.stringify([
    l.cpus, l.boards, l.socketsPerBoard, l.coresPerSocket, l.threadsPerCore, l.realMemory, l.gres, [...l.gresFiles], l.notes, l.features,
  ]);
}

/** The Slurm lines of a described cluster: groups that give the same line share it. */
export function slurmLines(d: ClusterDescription): SlurmNodeLine[] {
  return mergeByKey(d.groups.flatMap(linesOf), lineKey);
}

/** One `NodeName=` line as `slurmd -C` prints it (plus `Gres=` and `Features=`). */
export function nodeNameLine(l: SlurmNodeLine): string {
  let text = `NodeName=${compressHostlist(l.hostnames)} CPUs=${l.cpus} Boards=${l.boards} SocketsPerBoard=${l.socketsPerBoard} ` +
    `CoresPerSocket=${l.coresPerSocket} ThreadsPerCore=${l.threadsPerCore}`;
  if (l.realMemory > 0) text += ` RealMemory=${l.realMemory}`;
  if (l.gres.length > 0) text += ` Gres=${l.gres.map(([t, n]) => `gpu:${t}:${n}`).join(",")}`;
  if (l.features.length > 0) text += ` Features=${l.features.join(",")}`;
  return text;
}

const plural = (n: number) => n === 1 ? "1 node" : `${n} nodes`;

/** The Slurm view: slurm.conf lines only (`GresTypes=gpu` when there are GPUs, then the node lines). */
export function describeSlurm(d: ClusterDescription): string {
  // Every string from node files (GPU models, notes) shown with its control characters escaped (#21).
  const lines = escapeControlDeep(slurmLines(d));
  const out = [
    `# slurm.conf: ${plural(d.totals.nodes)} (compspec describe --format slurm)`,
    "# CPUs … ThreadsPerCore as slurmd -C prints them; RealMemory in MiB, rounded down, the smallest of each line's nodes;",
    "# Features: the names 'flux run --requires' selects on. GPUs' gres.conf lines: compspec describe --format gres.",
  ];
  if (lines.some((l) => l.gres.length > 0)) out.push("GresTypes=gpu");
  for (const l of lines) {
    for (const note of l.notes) out.push(`# ${compressHostlist(l.hostnames)}: ${note}`);
    out.push(nodeNameLine(l));
  }
  return out.join("\n") + "\n";
}

/** The gres.conf view: one line per GPU type of each node line (NVIDIA device files in PCI order, else a count). */
export function describeGres(d: ClusterDescription): string {
  const out = [
    `# gres.conf: ${plural(d.totals.nodes)} (compspec describe --format gres)`,
    "# NVIDIA device files in PCI order; or AutoDetect=nvml / AutoDetect=rsmi where Slurm is built with it.",
  ];
  for (const l of slurmLines(d)) {
    for (const [type, count] of l.gres) {
      const file = l.gresFiles.get(type);
      out.push(`NodeName=${compressHostlist(l.hostnames)} Name=gpu Type=${type} ${file === undefined ? `Count=${count}` : `File=${file}`}`);
    }
  }
  return out.join("\n") + "\n";
}

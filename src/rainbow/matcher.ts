/**
 * A small model of rainbow @075ee23's subsystem matcher (plugins/algorithms/
 * match, plugins/backends/memory/dfs.go), over the subsystems compspec
 * writes, for tests and `create jobspec --graph`:
 *
 * - per resource, only the last `requires` entry per subsystem counts;
 * - a need holds on a node when the node's vertex in that subsystem has the
 *   field (a string) equal to `match`, or inside `min`…`max` as a semantic
 *   version (Masterminds: a prerelease part never matches);
 * - a need on a subsystem the cluster does not have is never met;
 * - a need met once stays met for the later nodes (rainbow never resets it),
 *   so needs on different subsystems may be met by different nodes: rainbow
 *   *may* accept a cluster where no node meets them all (it depends on Go's
 *   map order: the edges of a node are checked in random order).
 *
 * `strict` is the per-node answer (some `nodes` nodes each meet every need);
 * `leaky` is what rainbow may answer with the most favourable order (every
 * need met by some node, and enough nodes with the cores and GPUs).
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { parseSemver, type Semver } from "./plain_scalar.ts";
import type { Requirement } from "./requirement.ts";
import type { SubsystemFacts } from "./subsystem_facts.ts";

/** A cluster as the model sees it. */
export interface ModelCluster {
  /** Subsystems registered for the cluster. */
  names: ReadonlySet<string>;
  nodes: readonly { facts: SubsystemFacts; cores: number; gpus: number }[];
}

/** What the job asks of each node. */
export interface ModelJob {
  requires: readonly Requirement[];
  nodes: number;
  cores: number;
  gpus: number;
}

/** The model's answer for one cluster. */
export interface ModelVerdict {
  /** Nodes that meet every need and have the cores and GPUs. */
  fitting: number;
  /** rainbow accepts whatever the order: enough nodes meet every need on their own. */
  strict: boolean;
  /** rainbow may accept, with the most favourable order (needs met by different nodes). */
  leaky: boolean;
}

/** The entries rainbow keeps: the last per subsystem. */
export function effectiveNeeds(requires: readonly Requirement[]): Requirement[] {
  const last = new Map<string, Requirement>();
  for (const r of requires) {
    last.delete(r.name);
    last.set(r.name, r);
  }
  return [...last.values()];
}

const CLEAN = /^v?\d+(\.\d+){0,2}$/;

function cmp(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

/** Whether `need` holds on a vertex with `fields`. */
export function needMet(need: Requirement, fields: Readonly<Record<string, string>> | undefined): boolean {
  const value = fields?.[need.field];
  if (value === undefined) return false;
  if (need.match !== undefined && value !== need.match) return false;
  if (need.min !== undefined || need.max !== undefined) {
    // Masterminds reads "24.04" as 24.4.0, and never matches a prerelease against >= / <=.
    if (!CLEAN.test(value)) return false;
    const v = parseSemver(value)!;
    if (need.min !== undefined && cmp(v, parseSemver(need.min)!) < 0) return false;
    if (need.max !== undefined && cmp(v, parseSemver(need.max)!) > 0) return false;
  }
  return true;
}

/**
 * The model's answer for `job` on `cluster`. `leaky` takes the most favourable
 * order of nodes and edges: a node rejected for one need has still marked the
 * needs it met, so any node that has the cores and GPUs can pass once every
 * need is met by some node (an upper bound, whatever the order).
 */
export function modelVerdict(job: ModelJob, cluster: ModelCluster): ModelVerdict {
  const needs = effectiveNeeds(job.requires);
  const everyRegistered = needs.every((n) => cluster.names.has(n.name));
  let fitting = 0;
  let sized = 0;
  const satisfied = new Set<Requirement>();
  for (const node of cluster.nodes) {
    const big = node.cores >= job.cores && node.gpus >= job.gpus;
    if (big) sized++;
    const met = everyRegistered ? needs.filter((n) => needMet(n, node.facts.get(n.name))) : [];
    if (big && everyRegistered && met.length === needs.length) fitting++;
    for (const n of met) satisfied.add(n);
  }
  const nodes = Math.max(job.nodes, 1);
  return {
    fitting,
    strict: fitting >= nodes,
    leaky: fitting >= nodes || (everyRegistered && satisfied.size === needs.length && sized >= nodes),
  };
}

/** Cores and GPUs of a record. */
export function recordSize(rec: NodeRecord): { cores: number; gpus: number } {
  let cores = 0;
  for (const s of rec.sockets) cores += s.length;
  return { cores, gpus: rec.gpus.length };
}

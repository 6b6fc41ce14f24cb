/**
 * A cluster graph read back into node records: what `describe`, `check` and
 * `diff` need when they are given a JGF graph (ours in either dialect,
 * compspec-go's, or any graph whose vertices carry `paths.containment`) instead
 * of node files. Pure: parsed JSON in, records out.
 *
 * Each vertex's parent is found from its containment path, so both dialects
 * (rainbow's object of vertices with `contains`/`in` edges, Fluxion's array)
 * read the same way, with or without a socket level; a Flux R (`create nodes
 * --format flux-r`) is read from its `scheduling` graph. Attributes are
 * rainbow's top-level string metadata keys, or Fluxion's `attributes` (older
 * graphs: the `properties` that have a value; value-free properties are Flux
 * property names, derived from the attributes). A memory vertex's size comes
 * from its exact-MiB attribute when it has one, else from `size` and `unit`.
 *
 * @module
 */
import * as v from "valibot";
import type { Attributes, GpuRecord, MemoryRecord, NodeRecord } from "../node/record.ts";
import { hostnameProblem } from "../node/hostname.ts";
import { ATTR } from "../node/vocabulary.ts";
import { MEMORY_MIB_ATTRIBUTE } from "./units.ts";
import { namedError } from "../util/named_error.ts";

/** A graph that cannot be read (the message says where and why). */
export class GraphReadError extends namedError("GraphReadError") {}

const MetadataSchema = v.looseObject({
  type: v.string(),
  name: v.optional(v.string()),
  basename: v.optional(v.string()),
  id: v.optional(v.union([v.number(), v.string()])),
  size: v.optional(v.number()),
  unit: v.optional(v.string()),
  paths: v.looseObject({ containment: v.string() }),
  properties: v.optional(v.record(v.string(), v.string())),
  attributes: v.optional(v.record(v.string(), v.string())),
});

const VertexSchema = v.looseObject({ metadata: MetadataSchema });

/** A JGF document with one graph whose vertices are an object (rainbow) or an array (Fluxion). */
export const GraphDocumentSchema = v.looseObject({
  graph: v.looseObject({
    label: v.optional(v.string()),
    nodes: v.union([v.array(VertexSchema), v.record(v.string(), VertexSchema)]),
  }),
});

/** A Flux R (RFC 20) whose `scheduling` key holds the graph. */
const ResourceSetSchema = v.looseObject({
  version: v.number(),
  scheduling: v.looseObject({ graph: v.unknown() }),
});

type Metadata = v.InferOutput<typeof MetadataSchema>;

/** Metadata keys of the vertex itself; every other top-level string is an attribute (rainbow's dialect). */
const STRUCTURAL = new Set([
  "type", "basename", "name", "id", "uniq_id", "rank", "exclusive", "unit", "size", "paths", "properties", "attributes",
]);

/** Bytes per KiB multiple of the memory units the graphs use. */
const UNIT_KIB: Record<string, number> = { "": 1, B: 1 / 1024, KB: 1, KiB: 1, MB: 1024, MiB: 1024, GB: 1048576, GiB: 1048576, TB: 1073741824, TiB: 1073741824 };

/** One cluster read from a graph. */
export interface GraphCluster {
  /** The cluster vertex's basename (the `--cluster-name` it was made with). */
  name: string;
  /** Its nodes, in the graph's order. */
  nodes: NodeRecord[];
  /** Whether PU numbers were invented because the graph has no `pu` vertices (counts are right, numbers are not the node's). */
  synthesizedPus: boolean;
}

interface Tree {
  meta: Metadata;
  children: Tree[];
}

function attributesOf(meta: Metadata): Attributes {
  if (meta.attributes) return { ...meta.attributes };
  if (meta.properties) return Object.fromEntries(Object.entries(meta.properties).filter(([, val]) => val !== ""));
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(meta)) if (!STRUCTURAL.has(k) && typeof val === "string") out[k] = val;
  return out;
}

function numericId(meta: Metadata, fallback: number): number {
  const n = typeof meta.id === "number" ? meta.id : Number(meta.id);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** Descendants of `t` of type `type` (not looking inside them), in order. */
function descendants(t: Tree, type: string, out: Tree[] = []): Tree[] {
  for (const c of t.children) {
    if (c.meta.type === type) out.push(c);
    else descendants(c, type, out);
  }
  return out;
}

/** The socket index of `t`'s nearest socket ancestor below the node, or -1. */
function socketIndexOf(path: string, socketPaths: readonly string[]): number {
  return socketPaths.findIndex((p) => path.startsWith(`${p}/`));
}

/** KiB of a memory vertex: its exact-MiB attribute, else `size` in `unit`. */
function memoryKib(meta: Metadata): number {
  const mib = attributesOf(meta)[MEMORY_MIB_ATTRIBUTE];
  if (mib !== undefined && /^\d{1,12}$/.test(mib) && Number(mib) > 0) return Number(mib) * 1024;
  const unit = meta.unit ?? "";
  const factor = UNIT_KIB[unit];
  if (factor === undefined) throw new GraphReadError(`memory vertex ${meta.paths.containment}: unknown unit ${JSON.stringify(unit)}`);
  return Math.max(1, Math.round((meta.size ?? 1) * factor));
}

function nodeFromTree(node: Tree, index: number, synth: { used: boolean }): NodeRecord {
  const attributes = attributesOf(node.meta);
  const hostname = node.meta.name ?? `node${index}`;
  const bad = hostnameProblem(hostname);
  if (bad) throw new GraphReadError(`node vertex ${node.meta.paths.containment}: hostname ${JSON.stringify(hostname)} cannot be used: ${bad}`);
  const threads = Math.max(1, Number(attributes[ATTR.threadsPerCore]) || 1);
  let socketTrees = descendants(node, "socket");
  let cpu = 0;
  const coresOf = (cores: Tree[]): number[][] =>
    cores.map((core) => {
      const pus = descendants(core, "pu").map((pu, i) => numericId(pu.meta, i));
      if (pus.length > 0) return pus;
      synth.used = true;
      return Array.from({ length: threads }, () => cpu++);
    });
  let sockets: number[][][];
  if (socketTrees.length > 0) {
    sockets = socketTrees.map((s) => coresOf(descendants(s, "core")));
  } else {
    // No socket level (Flux's own shape): spread the cores over the socket count the node states.
    const cores = coresOf(descendants(node, "core"));
    const count = Math.max(1, Math.min(cores.length, Number(attributes[ATTR.sockets]) || 1));
    sockets = Array.from({ length: count }, (_, i) => {
      const per = Math.floor(cores.length / count) + (i < cores.length % count ? 1 : 0);
      const start = i * Math.floor(cores.length / count) + Math.min(i, cores.length % count);
      return cores.slice(start, start + per);
    });
    socketTrees = [];
  }
  const socketPaths = socketTrees.map((s) => s.meta.paths.containment);
  const memory: MemoryRecord[] = descendants(node, "memory").map((m, i) => ({
    numa: numericId(m.meta, i),
    kib: memoryKib(m.meta),
    socket: socketIndexOf(m.meta.paths.containment, socketPaths),
  }));
  const gpus: GpuRecord[] = descendants(node, "gpu").map((g, i) => ({
    index: numericId(g.meta, i),
    socket: socketIndexOf(g.meta.paths.containment, socketPaths),
    attributes: attributesOf(g.meta),
  }));
  return { hostname, sockets, memory, gpus, attributes };
}

/**
 * The clusters of a parsed JGF document or Flux R (one per `cluster` vertex
 * that has no parent), their nodes in graph order. Throws
 * {@linkcode GraphReadError} for a document that is not such a graph, naming
 * what is wrong.
 */
export function readGraph(json: unknown): GraphCluster[] {
  const resourceSet = v.safeParse(ResourceSetSchema, json);
  const parsed = v.safeParse(GraphDocumentSchema, resourceSet.success ? resourceSet.output.scheduling : json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const at = v.getDotPath(issue);
    const where = resourceSet.success ? `scheduling${at ? `.${at}` : ""}` : at ?? "(top level)";
    throw new GraphReadError(`not a JGF graph: at ${where}: ${issue.message}`);
  }
  const raw = parsed.output.graph.nodes;
  const vertices = Array.isArray(raw) ? raw : Object.values(raw);
  const byPath = new Map<string, Tree>();
  for (const vertex of vertices) {
    const path = vertex.metadata.paths.containment;
    if (byPath.has(path)) throw new GraphReadError(`two vertices have the containment path ${JSON.stringify(path)}`);
    byPath.set(path, { meta: vertex.metadata, children: [] });
  }
  const roots: Tree[] = [];
  for (const [path, t] of byPath) {
    const parent = byPath.get(path.slice(0, path.lastIndexOf("/")));
    if (parent) parent.children.push(t);
    else roots.push(t);
  }
  const clusters = roots.filter((r) => r.meta.type === "cluster");
  if (clusters.length === 0) throw new GraphReadError("no cluster vertex (a vertex of type \"cluster\" at the top of the containment paths)");
  return clusters.map((c) => {
    const synth = { used: false };
    const nodes = descendants(c, "node").map((n, i) => nodeFromTree(n, i, synth));
    return { name: c.meta.basename ?? c.meta.name ?? "cluster", nodes, synthesizedPus: synth.used };
  });
}

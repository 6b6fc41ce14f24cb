/**
 * rainbow subsystem graphs (`rainbow register subsystem --subsystem NAME
 * --nodes-json FILE`), one per subsystem: JGF with `graph.nodes` an object,
 * one vertex per node of the cluster (key `v<i>`, `metadata.type` the
 * subsystem's name, the node's fields for it as strings: see
 * subsystem_facts.ts) and one `contains` edge from that node's key in the
 * cluster graph (rainbow_keys.ts) to it. A node without facts for a
 * subsystem still gets its vertex, so that every node answers every
 * requirement on its own vertex. Pure: records in, text out.
 *
 * @module
 */
import { rainbowNodeKeys } from "../graph/rainbow_keys.ts";
import type { NodeRecord } from "../node/record.ts";
import { type SubsystemFacts, subsystemFacts, subsystemNames } from "./subsystem_facts.ts";

/** The options that decide the cluster graph's node keys (as given to `create nodes`). */
export interface SubsystemOptions {
  pus: boolean;
  rankOrder?: readonly string[];
}

/** A cluster's nodes in graph order with their keys and facts. */
export interface SubsystemNodes {
  /** The records in graph order. */
  records: NodeRecord[];
  keys: string[];
  facts: SubsystemFacts[];
  /** Every subsystem, families first. */
  names: string[];
}

/** Facts of equal nodes are one object (a cluster has few kinds of node), so their text is made once. */
function internedFacts(nodes: readonly NodeRecord[]): SubsystemFacts[] {
  const pool = new Map<string, SubsystemFacts>();
  // Records of equal files share their attributes (and layouts): facts are worked out once per pair.
  const known = new WeakMap<object, WeakMap<object, SubsystemFacts>>();
  return nodes.map((rec) => {
    let byGpus = known.get(rec.attributes);
    if (byGpus === undefined) known.set(rec.attributes, byGpus = new WeakMap());
    const hit = byGpus.get(rec.gpus);
    if (hit !== undefined) return hit;
    const facts = subsystemFacts(rec);
    const key = JSON.stringify([...facts]);
    let shared = pool.get(key);
    if (shared === undefined) pool.set(key, shared = facts);
    byGpus.set(rec.gpus, shared);
    return shared;
  });
}

/** The nodes of a cluster as its subsystems see them. Throws what `create nodes` throws for the records. */
export function subsystemNodes(cluster: string, records: readonly NodeRecord[], opts: SubsystemOptions): SubsystemNodes {
  const { nodes, keys } = rainbowNodeKeys(cluster, records, opts);
  const facts = internedFacts(nodes);
  return { records: nodes, keys, facts, names: subsystemNames(new Set(facts)) };
}

/** Metadata text of a vertex of `name` with `fields`, by fields object. */
function metadataText(name: string, fields: Readonly<Record<string, string>> | undefined, cache: Map<object | undefined, string>): string {
  let text = cache.get(fields);
  if (text === undefined) {
    text = `{"type":${JSON.stringify(name)}`;
    if (fields) for (const [k, v] of Object.entries(fields)) text += `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
    cache.set(fields, text += "}");
  }
  return text;
}

/**
 * The JGF text of subsystem `name` for `nodes` up to its edges, in pieces of
 * about `pieceSize` characters: a writer takes each as it comes, so a subsystem
 * of 10,000 nodes is never one string held whole. The edges that follow are
 * the same in every subsystem of the nodes ({@linkcode subsystemEdgePieces}),
 * then {@linkcode SUBSYSTEM_END}.
 */
export function* subsystemVertexPieces(cluster: string, name: string, nodes: SubsystemNodes, pieceSize = 1 << 16): Generator<string> {
  const cache = new Map<object | undefined, string>();
  let piece = `{"graph":{"label":${JSON.stringify(`${cluster}-${name}`)},"directed":true,"nodes":{`;
  for (let i = 0; i < nodes.keys.length; i++) {
    piece += `${i === 0 ? "" : ","}"v${i}":{"metadata":${metadataText(name, nodes.facts[i]!.get(name), cache)}}`;
    if (piece.length >= pieceSize) {
      yield piece;
      piece = "";
    }
  }
  yield `${piece}},"edges":[`;
}

/** The edges of every subsystem of `nodes` (node `i`'s key → its vertex `v<i>`), in pieces as above. */
export function* subsystemEdgePieces(nodes: SubsystemNodes, pieceSize = 1 << 16): Generator<string> {
  let piece = "";
  for (let i = 0; i < nodes.keys.length; i++) {
    piece += `${i === 0 ? "" : ","}{"source":${JSON.stringify(nodes.keys[i])},"target":"v${i}","relation":"contains"}`;
    if (piece.length >= pieceSize) {
      yield piece;
      piece = "";
    }
  }
  if (piece !== "") yield piece;
}

/** What ends a subsystem's text, after its edges. */
export const SUBSYSTEM_END = "]}}\n";

/** The JGF text of subsystem `name` for `nodes`, whole. */
export function subsystemJgf(cluster: string, name: string, nodes: SubsystemNodes): string {
  let text = "";
  for (const piece of subsystemVertexPieces(cluster, name, nodes)) text += piece;
  for (const piece of subsystemEdgePieces(nodes)) text += piece;
  return text + SUBSYSTEM_END;
}

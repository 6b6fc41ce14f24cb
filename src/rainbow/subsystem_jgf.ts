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

/** The JGF text of subsystem `name` for `nodes`. */
export function subsystemJgf(cluster: string, name: string, nodes: SubsystemNodes): string {
  const cache = new Map<object | undefined, string>();
  const vertices: string[] = [];
  const edges: string[] = [];
  for (let i = 0; i < nodes.keys.length; i++) {
    vertices.push(`"v${i}":{"metadata":${metadataText(name, nodes.facts[i]!.get(name), cache)}}`);
    edges.push(`{"source":${JSON.stringify(nodes.keys[i])},"target":"v${i}","relation":"contains"}`);
  }
  return `{"graph":{"label":${JSON.stringify(`${cluster}-${name}`)},"directed":true,"nodes":{${vertices.join(",")}},` +
    `"edges":[${edges.join(",")}]}}\n`;
}

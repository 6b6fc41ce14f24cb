/**
 * The cluster graph as rainbow reads it: JGF v2 with `graph.nodes` an object
 * keyed by label, each edge twice (`contains` parent → child, `in` child →
 * parent), and vertex metadata as compspec-go writes it (`id` an integer for the
 * cluster and a string otherwise, `rank` -1). Attributes are top-level metadata
 * string keys, since rainbow's match algorithms read
 * `Metadata.GetStringElement(field)`. The cluster name is the graph's `label`
 * (JGF v2 has no top-level `name`).
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { element, keyText, newline, ParentList } from "./format.ts";
import type { GraphOptions } from "./options.ts";
import { clusterVertices, type Vertex } from "./tree.ts";

/** The vertex's own metadata keys: an attribute of the same name would replace one (and a wrong type kills rainbow). */
const STRUCTURAL = new Set(["basename", "exclusive", "id", "name", "paths", "rank", "size", "type", "uniq_id", "unit"]);

/** The attributes as members to append to the metadata object (`,"k":"v"…`), structural names left out. */
function attributeMembers(attributes: Vertex["attributes"]): string {
  if (!attributes) return "";
  let out = "";
  for (const [k, val] of Object.entries(attributes)) {
    if (!STRUCTURAL.has(k)) out += `,${JSON.stringify(k)}:${JSON.stringify(val)}`;
  }
  return out;
}

/** Compact JSON of one vertex, built directly as text (this runs millions of times for a large cluster). */
function vertexJson(v: Vertex): string {
  const id = v.type === "cluster" ? String(v.id) : `"${v.id}"`;
  return `{"label":"${v.uniq}","metadata":{"basename":${JSON.stringify(v.basename)},"exclusive":false,` +
    `"id":${id},"name":${JSON.stringify(v.name)},"paths":{"containment":${JSON.stringify(v.path)}},"rank":-1,` +
    `"size":${v.size},"type":${JSON.stringify(v.type)},"uniq_id":${v.uniq},"unit":${JSON.stringify(v.unit)}` +
    `${attributeMembers(v.attributes)}}}`;
}

/**
 * The rainbow JGF of a cluster, in pieces to write one after another. `nodes`
 * must be in graph order (see `orderNodes`, `rankedNodes`); rainbow's graph
 * always has the socket level, and rank -1 everywhere.
 */
export function* rainbowJgf(cluster: string, nodes: readonly NodeRecord[], opts: GraphOptions): Generator<string> {
  const p = opts.pretty;
  yield `{${newline(1, p)}${keyText("graph", p)}{${newline(2, p)}${keyText("label", p)}${JSON.stringify(cluster)},` +
    `${newline(2, p)}${keyText("directed", p)}true,${newline(2, p)}${keyText("nodes", p)}{`;
  const parents = new ParentList();
  for (const v of clusterVertices(cluster, nodes, { pus: opts.pus, sockets: true })) {
    parents.push(v.parent);
    yield element(vertexJson(v), v.uniq === 0, 3, p, String(v.uniq));
  }
  yield `${newline(2, p)}},${newline(2, p)}${keyText("edges", p)}[`;
  for (let i = 1; i < parents.length; i++) {
    const s = parents.at(i);
    yield element(`{"source":"${s}","target":"${i}","relation":"contains","metadata":{}}`, i === 1, 3, p) +
      element(`{"source":"${i}","target":"${s}","relation":"in","metadata":{}}`, false, 3, p);
  }
  yield `${newline(2, p)}]${newline(1, p)}}${newline(0, p)}}\n`;
}

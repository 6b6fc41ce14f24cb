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
import { clusterVertices, type TreeOptions, type Vertex } from "./tree.ts";

/** Options for a JGF view. */
export interface ViewOptions extends TreeOptions {
  /** Indent like `JSON.stringify(…, null, 2)`. */
  pretty: boolean;
}

/** Compact JSON of one vertex, built directly as text (this runs millions of times for a large cluster). */
function vertexJson(v: Vertex): string {
  const id = v.type === "cluster" ? String(v.id) : `"${v.id}"`;
  let attrs = "";
  if (v.attributes) {
    const a = JSON.stringify(v.attributes);
    if (a.length > 2) attrs = `,${a.slice(1, -1)}`;
  }
  return `{"label":"${v.uniq}","metadata":{"basename":${JSON.stringify(v.basename)},"exclusive":false,` +
    `"id":${id},"name":${JSON.stringify(v.name)},"paths":{"containment":${JSON.stringify(v.path)}},"rank":-1,` +
    `"size":${v.size},"type":"${v.type}","uniq_id":${v.uniq},"unit":"${v.unit}"${attrs}}}`;
}

/**
 * The rainbow JGF of a cluster, in pieces to write one after another. `nodes`
 * must be in graph order (see `orderNodes`).
 */
export function* rainbowJgf(cluster: string, nodes: readonly NodeRecord[], opts: ViewOptions): Generator<string> {
  const p = opts.pretty;
  yield `{${newline(1, p)}${keyText("graph", p)}{${newline(2, p)}${keyText("label", p)}${JSON.stringify(cluster)},` +
    `${newline(2, p)}${keyText("directed", p)}true,${newline(2, p)}${keyText("nodes", p)}{`;
  const parents = new ParentList();
  for (const v of clusterVertices(cluster, nodes, opts)) {
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

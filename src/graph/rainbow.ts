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
import { close, jsonAt, ParentList, sep } from "./format.ts";
import { clusterVertices, type TreeOptions, type Vertex } from "./tree.ts";

/** Options for a JGF view. */
export interface ViewOptions extends TreeOptions {
  /** Indent like `JSON.stringify(…, null, 2)`. */
  pretty: boolean;
}

function metadata(v: Vertex): Record<string, unknown> {
  const m: Record<string, unknown> = {
    basename: v.basename,
    exclusive: false,
    id: v.type === "cluster" ? v.id : String(v.id),
    name: v.name,
    paths: { containment: v.path },
    rank: -1,
    size: v.size,
    type: v.type,
    uniq_id: v.uniq,
    unit: v.unit,
  };
  if (v.attributes) Object.assign(m, v.attributes);
  return m;
}

/** Compact JSON of one vertex entry, built directly (this runs millions of times for a large cluster). */
function compactVertex(v: Vertex, label: string): string {
  const id = v.type === "cluster" ? "0" : `"${v.id}"`;
  let attrs = "";
  if (v.attributes) {
    const a = JSON.stringify(v.attributes);
    if (a.length > 2) attrs = `,${a.slice(1, -1)}`;
  }
  return `"${label}":{"label":"${label}","metadata":{"basename":${JSON.stringify(v.basename)},"exclusive":false,` +
    `"id":${id},"name":${JSON.stringify(v.name)},"paths":{"containment":${JSON.stringify(v.path)}},"rank":-1,` +
    `"size":${v.size},"type":"${v.type}","uniq_id":${v.uniq},"unit":"${v.unit}"${attrs}}}`;
}

/**
 * The rainbow JGF of a cluster, in pieces to write one after another. `nodes`
 * must be in graph order (see `orderNodes`).
 */
export function* rainbowJgf(cluster: string, nodes: readonly NodeRecord[], opts: ViewOptions): Generator<string> {
  const p = opts.pretty;
  const nl = (d: number) => (p ? `\n${"  ".repeat(d)}` : "");
  const colon = p ? ": " : ":";
  yield `{${nl(1)}"graph"${colon}{${nl(2)}"label"${colon}${JSON.stringify(cluster)},${nl(2)}"directed"${colon}true,${nl(2)}"nodes"${colon}{`;
  const parents = new ParentList();
  for (const v of clusterVertices(cluster, nodes, opts)) {
    parents.push(v.parent);
    const label = String(v.uniq);
    if (!p) {
      yield v.uniq === 0 ? compactVertex(v, label) : `,${compactVertex(v, label)}`;
      continue;
    }
    yield `${sep(v.uniq === 0, 3, p)}"${label}"${colon}${jsonAt({ label, metadata: metadata(v) }, 3, p)}`;
  }
  yield `${close("}", 3, p)},${nl(2)}"edges"${colon}[`;
  for (let i = 1; i < parents.length; i++) {
    const s = String(parents.at(i));
    const t = String(i);
    if (!p) {
      yield `${i === 1 ? "" : ","}{"source":"${s}","target":"${t}","relation":"contains","metadata":{}},` +
        `{"source":"${t}","target":"${s}","relation":"in","metadata":{}}`;
      continue;
    }
    yield `${sep(i === 1, 3, p)}${jsonAt({ source: s, target: t, relation: "contains", metadata: {} }, 3, p)}` +
      `${sep(false, 3, p)}${jsonAt({ source: t, target: s, relation: "in", metadata: {} }, 3, p)}`;
  }
  yield parents.length > 1 ? `${close("]", 3, p)}${nl(1)}}${nl(0)}}\n` : `]${nl(1)}}${nl(0)}}\n`;
}

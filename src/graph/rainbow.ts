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
import type { ByteOut } from "./byte_out.ts";
import { compactText, element, keyText, newline, writeEdgeEnds, writeSection } from "./format.ts";
import type { GraphOptions } from "./options.ts";
import { rainbowTree } from "./rainbow_keys.ts";
import { clusterParts, type Vertex } from "./tree.ts";
import { IdentityCache } from "../util/caches.ts";

/** The vertex's own metadata keys: an attribute of the same name would replace one (and a wrong type kills rainbow). */
const STRUCTURAL = new Set(["basename", "exclusive", "id", "name", "paths", "rank", "size", "type", "uniq_id", "unit"]);

/** The attributes as members to append to the metadata object (`,"k":"v"…`), structural names left out. */
function attributeMembers(attributes: NonNullable<Vertex["attributes"]>): string {
  let out = "";
  for (const [k, val] of Object.entries(attributes)) {
    if (!STRUCTURAL.has(k)) out += `,${JSON.stringify(k)}:${JSON.stringify(val)}`;
  }
  return out;
}

/** Attributes as members, by their attributes object (nodes of equal facts share one: see `nodeRecord`). */
const members = new IdentityCache<object, string>("graph.rainbowMembers");

/** The compact JSON of one vertex (the value; its label is the key). */
function writeVertex(w: ByteOut, v: Vertex): void {
  w.ascii('{"label":"');
  w.uniq(v.uniq);
  w.ascii('","metadata":{"basename":');
  w.str(v.basename);
  w.ascii(',"exclusive":false,"id":');
  if (v.type === "cluster") {
    w.int(v.id);
  } else {
    w.ascii('"');
    w.int(v.id);
    w.ascii('"');
  }
  w.ascii(',"name":');
  w.str(v.name);
  w.ascii(',"paths":{"containment":');
  w.path(v.path);
  w.ascii('},"rank":-1,"size":');
  w.int(v.size);
  w.ascii(',"type":');
  w.str(v.type);
  w.ascii(',"uniq_id":');
  w.uniq(v.uniq);
  w.ascii(',"unit":');
  w.str(v.unit);
  if (v.attributes) {
    let text = members.get(v.attributes);
    if (text === undefined) members.set(v.attributes, text = attributeMembers(v.attributes));
    w.text(text);
  }
  w.ascii("}}");
}

/** One edge's compact JSON. */
function writeEdge(w: ByteOut, source: number, target: number, relation: "contains" | "in"): void {
  writeEdgeEnds(w, source, target);
  w.ascii(relation === "contains" ? ',"relation":"contains","metadata":{}}' : ',"relation":"in","metadata":{}}');
}

/**
 * How one form of rainbow's graph writes a vertex (its value; the key is its
 * `uniq`) and the edges into it from its parent (each one edge's JSON).
 */
export interface RainbowForm {
  vertex: (w: ByteOut, v: Vertex) => void;
  edges: readonly ((w: ByteOut, v: Vertex) => void)[];
}

/** The full form: compspec-go's vertices, each edge twice (`contains` parent → child, `in` child → parent). */
const FULL: RainbowForm = {
  vertex: writeVertex,
  edges: [(w, v) => writeEdge(w, v.parent, v.uniq, "contains"), (w, v) => writeEdge(w, v.uniq, v.parent, "in")],
};

/**
 * Write the rainbow JGF document of a cluster in `form` to `out`. `nodes` must
 * be in graph order (see `orderNodes`, `rankedNodes`); rainbow's graph always
 * has the socket level.
 */
export function writeRainbowForm(out: ByteOut, cluster: string, nodes: readonly NodeRecord[], opts: GraphOptions, form: RainbowForm): void {
  const p = opts.pretty;
  out.text(
    `{${newline(1, p)}${keyText("graph", p)}{${newline(2, p)}${keyText("label", p)}${JSON.stringify(cluster)},` +
      `${newline(2, p)}${keyText("directed", p)}true,${newline(2, p)}${keyText("nodes", p)}{`,
  );
  const tree = rainbowTree(opts);
  // `,"<uniq>":{…}` (no comma for the first).
  const member = (w: ByteOut, v: Vertex) => {
    w.ascii(v.uniq === 0 ? '"' : ',"');
    w.uniq(v.uniq);
    w.ascii('":');
    form.vertex(w, v);
  };
  writeSection(out, clusterParts(cluster, nodes, tree), p, member, (v) =>
    element(compactText((w) => form.vertex(w, v)), v.uniq === 0, 3, p, String(v.uniq)));
  out.text(`${newline(2, p)}},${newline(2, p)}${keyText("edges", p)}[`);
  // The edges into `v` (none into the root; no comma before the graph's first edge, into vertex 1).
  const edges = (w: ByteOut, v: Vertex) => {
    if (v.uniq === 0) return;
    form.edges.forEach((edge, i) => {
      if (v.uniq !== 1 || i > 0) w.ascii(",");
      edge(w, v);
    });
  };
  writeSection(out, clusterParts(cluster, nodes, tree), p, edges, (v) =>
    v.uniq === 0 ? "" : form.edges.map((edge, i) => element(compactText((w) => edge(w, v)), v.uniq === 1 && i === 0, 3, p)).join(""));
  out.text(`${newline(2, p)}]${newline(1, p)}}${newline(0, p)}}\n`);
}

/**
 * Write the rainbow JGF of a cluster to `out` (the full form). `nodes` must be
 * in graph order (see `orderNodes`, `rankedNodes`); rainbow's graph always has
 * the socket level, and rank -1 everywhere.
 */
export function writeRainbowJgf(out: ByteOut, cluster: string, nodes: readonly NodeRecord[], opts: GraphOptions): void {
  writeRainbowForm(out, cluster, nodes, opts, FULL);
}

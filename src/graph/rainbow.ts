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
import { compactText, element, keyText, newline, writeSection } from "./format.ts";
import type { GraphOptions } from "./options.ts";
import { rainbowTree } from "./rainbow_keys.ts";
import { clusterParts, type Vertex } from "./tree.ts";

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
const members = new WeakMap<object, string>();

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
  w.ascii('{"source":"');
  w.uniq(source);
  w.ascii('","target":"');
  w.uniq(target);
  w.ascii(relation === "contains" ? '","relation":"contains","metadata":{}}' : '","relation":"in","metadata":{}}');
}

/** `,"<uniq>":{…}` (no comma for the first). */
function writeMember(w: ByteOut, v: Vertex): void {
  w.ascii(v.uniq === 0 ? '"' : ',"');
  w.uniq(v.uniq);
  w.ascii('":');
  writeVertex(w, v);
}

/** Both edges of `v` and its parent (no comma before the first edge of the graph). */
function writeEdges(w: ByteOut, v: Vertex): void {
  if (v.uniq === 0) return;
  if (v.uniq !== 1) w.ascii(",");
  writeEdge(w, v.parent, v.uniq, "contains");
  w.ascii(",");
  writeEdge(w, v.uniq, v.parent, "in");
}

/**
 * Write the rainbow JGF of a cluster to `out`. `nodes` must be in graph order
 * (see `orderNodes`, `rankedNodes`); rainbow's graph always has the socket
 * level, and rank -1 everywhere.
 */
export function writeRainbowJgf(out: ByteOut, cluster: string, nodes: readonly NodeRecord[], opts: GraphOptions): void {
  const p = opts.pretty;
  out.text(
    `{${newline(1, p)}${keyText("graph", p)}{${newline(2, p)}${keyText("label", p)}${JSON.stringify(cluster)},` +
      `${newline(2, p)}${keyText("directed", p)}true,${newline(2, p)}${keyText("nodes", p)}{`,
  );
  const tree = rainbowTree(opts);
  writeSection(out, clusterParts(cluster, nodes, tree), p, writeMember, (v) =>
    element(compactText((w) => writeVertex(w, v)), v.uniq === 0, 3, p, String(v.uniq)));
  out.text(`${newline(2, p)}},${newline(2, p)}${keyText("edges", p)}[`);
  writeSection(out, clusterParts(cluster, nodes, tree), p, writeEdges, (v) =>
    v.uniq === 0 ? "" : element(compactText((w) => writeEdge(w, v.parent, v.uniq, "contains")), v.uniq === 1, 3, p) +
      element(compactText((w) => writeEdge(w, v.uniq, v.parent, "in")), false, 3, p));
  out.text(`${newline(2, p)}]${newline(1, p)}}${newline(0, p)}}\n`);
}

/**
 * The cluster graph as flux-sched's Fluxion JGF reader accepts it: `graph.nodes`
 * an array of `{id: "<uniq_id>", metadata}` with integer `id`, `uniq_id`, `rank`
 * and `size`, boolean `exclusive`, string `unit`, `paths.containment`; edges
 * parent → child only, `{source, target, metadata: {subsystem: "containment"}}`.
 * Every vertex of a node carries the node's rank; the cluster and rack have
 * rank -1.
 *
 * Node vertices hold their Flux property names in `properties`, each with the
 * value "" (Fluxion copies a property into a job's R as `name`, or
 * `name=value` when it has a value, and flux-core rejects R with characters
 * such as `(` there); the key=value attributes go under `attributes`, which
 * Fluxion's reader does not read (it unpacks the metadata keys it knows and
 * ignores the rest).
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { fluxPropertyNames } from "./flux_properties.ts";
import type { ByteOut } from "./byte_out.ts";
import { compactText, element, keyText, newline, writeEdgeEnds, writeSection } from "./format.ts";
import type { GraphOptions } from "./options.ts";
import { clusterParts, type Vertex } from "./tree.ts";
import { IdentityCache } from "../util/caches.ts";

/** Extra members (`,"properties":…,"attributes":…`), by the attributes object (shared by equal nodes: see `nodeRecord`). */
const extras = new IdentityCache<object, { properties: readonly string[] | undefined; text: string }>("graph.fluxionExtras");

/** `,"properties":{…},"attributes":{…}` of a vertex, or "". */
function extraMembers(v: Vertex, properties: readonly string[] | undefined): string {
  const cached = v.attributes && extras.get(v.attributes);
  if (cached && cached.properties === properties) return cached.text;
  let extra = "";
  if (properties !== undefined && properties.length > 0) {
    extra += `,"properties":{${properties.map((p) => `${JSON.stringify(p)}:""`).join(",")}}`;
  }
  if (v.attributes) {
    const a = JSON.stringify(v.attributes);
    if (a.length > 2) extra += `,"attributes":${a}`;
    extras.set(v.attributes, { properties, text: extra });
  }
  return extra;
}

/** The compact JSON of one vertex. */
function writeVertex(w: ByteOut, v: Vertex, properties: readonly string[] | undefined): void {
  w.ascii('{"id":"');
  w.uniq(v.uniq);
  w.ascii('","metadata":{"type":');
  w.str(v.type);
  w.ascii(',"basename":');
  w.str(v.basename);
  w.ascii(',"name":');
  w.str(v.name);
  w.ascii(',"id":');
  w.int(v.id);
  w.ascii(',"uniq_id":');
  w.uniq(v.uniq);
  w.ascii(',"rank":');
  w.rank(v.node);
  w.ascii(',"exclusive":false,"unit":');
  w.str(v.unit);
  w.ascii(',"size":');
  w.int(v.size);
  w.ascii(',"paths":{"containment":');
  w.path(v.path);
  w.ascii("}");
  if (properties !== undefined || v.attributes !== undefined) w.text(extraMembers(v, properties));
  w.ascii("}}");
}

/** One edge's compact JSON. */
function writeEdge(w: ByteOut, v: Vertex): void {
  writeEdgeEnds(w, v.parent, v.uniq);
  w.ascii(',"metadata":{"subsystem":"containment"}}');
}

/**
 * Write the Fluxion JGF of a cluster to `out`. `nodes` must be in graph order
 * with `ranks[i]` the rank of `nodes[i]` (see `rankedNodes`); `properties[i]`,
 * when given, are the Flux property names of `nodes[i]` (default:
 * {@linkcode fluxPropertyNames}). `depth` places the document inside another
 * (flux-r's `scheduling`): indentation only, and no final newline when it is not 0.
 */
export function writeFluxionJgf(
  out: ByteOut,
  cluster: string,
  nodes: readonly NodeRecord[],
  ranks: readonly number[],
  opts: GraphOptions,
  depth = 0,
  properties: readonly (readonly string[])[] = nodes.map(fluxPropertyNames),
): void {
  const p = opts.pretty;
  const d = depth;
  out.text(`{${newline(d + 1, p)}${keyText("graph", p)}{${newline(d + 2, p)}${keyText("nodes", p)}[`);
  const tree = { pus: opts.pus, sockets: opts.sockets ?? false };
  // Node vertices come in the order of `nodes`.
  let nodeIndex = 0;
  const props = (v: Vertex) => (v.type === "node" ? properties[nodeIndex++] : undefined);
  writeSection(out, clusterParts(cluster, nodes, tree, ranks), p, (w, v) => {
    if (v.uniq !== 0) w.ascii(",");
    writeVertex(w, v, props(v));
  }, (v) => element(compactText((w) => writeVertex(w, v, props(v))), v.uniq === 0, d + 3, p));
  out.text(`${newline(d + 2, p)}],${newline(d + 2, p)}${keyText("edges", p)}[`);
  writeSection(out, clusterParts(cluster, nodes, tree, ranks), p, (w, v) => {
    if (v.uniq === 0) return;
    if (v.uniq !== 1) w.ascii(",");
    writeEdge(w, v);
  }, (v) => (v.uniq === 0 ? "" : element(compactText((w) => writeEdge(w, v)), v.uniq === 1, d + 3, p)));
  out.text(`${newline(d + 2, p)}]${newline(d + 1, p)}}${newline(d, p)}}${d === 0 ? "\n" : ""}`);
}

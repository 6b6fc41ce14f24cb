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
import { element, keyText, newline, ParentList } from "./format.ts";
import type { GraphOptions } from "./options.ts";
import { clusterVertices, type Vertex } from "./tree.ts";

/** Compact JSON of one vertex, built directly as text (this runs millions of times for a large cluster). */
function vertexJson(v: Vertex, properties: readonly string[] | undefined): string {
  let extra = "";
  if (properties !== undefined && properties.length > 0) {
    extra += `,"properties":{${properties.map((p) => `${JSON.stringify(p)}:""`).join(",")}}`;
  }
  if (v.attributes) {
    const a = JSON.stringify(v.attributes);
    if (a.length > 2) extra += `,"attributes":${a}`;
  }
  return `{"id":"${v.uniq}","metadata":{"type":${JSON.stringify(v.type)},"basename":${JSON.stringify(v.basename)},` +
    `"name":${JSON.stringify(v.name)},"id":${v.id},"uniq_id":${v.uniq},"rank":${v.node},"exclusive":false,` +
    `"unit":${JSON.stringify(v.unit)},"size":${v.size},"paths":{"containment":${JSON.stringify(v.path)}}${extra}}}`;
}

/**
 * The Fluxion JGF of a cluster, in pieces to write one after another. `nodes`
 * must be in graph order with `ranks[i]` the rank of `nodes[i]` (see
 * `rankedNodes`); `properties[i]`, when given, are the Flux property names of
 * `nodes[i]` (default: {@linkcode fluxPropertyNames}). `depth` places the
 * document inside another (flux-r's `scheduling`): indentation only, and no
 * final newline when it is not 0.
 */
export function* fluxionJgf(
  cluster: string,
  nodes: readonly NodeRecord[],
  ranks: readonly number[],
  opts: GraphOptions,
  depth = 0,
  properties: readonly (readonly string[])[] = nodes.map(fluxPropertyNames),
): Generator<string> {
  const p = opts.pretty;
  const d = depth;
  yield `{${newline(d + 1, p)}${keyText("graph", p)}{${newline(d + 2, p)}${keyText("nodes", p)}[`;
  const parents = new ParentList();
  let nodeIndex = 0;
  const tree = { pus: opts.pus, sockets: opts.sockets ?? false };
  for (const v of clusterVertices(cluster, nodes, tree, ranks)) {
    parents.push(v.parent);
    // Node vertices come in the order of `nodes`.
    const props = v.type === "node" ? properties[nodeIndex++] : undefined;
    yield element(vertexJson(v, props), v.uniq === 0, d + 3, p);
  }
  yield `${newline(d + 2, p)}],${newline(d + 2, p)}${keyText("edges", p)}[`;
  for (let i = 1; i < parents.length; i++) {
    yield element(`{"source":"${parents.at(i)}","target":"${i}","metadata":{"subsystem":"containment"}}`, i === 1, d + 3, p);
  }
  yield `${newline(d + 2, p)}]${newline(d + 1, p)}}${newline(d, p)}}${d === 0 ? "\n" : ""}`;
}

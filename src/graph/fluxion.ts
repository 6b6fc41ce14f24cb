/**
 * The cluster graph as flux-sched's Fluxion JGF reader accepts it: `graph.nodes`
 * an array of `{id: "<uniq_id>", metadata}` with integer `id`, `uniq_id`, `rank`
 * and `size`, boolean `exclusive`, string `unit`, `paths.containment`, and the
 * attributes under `properties` (an object of strings); edges parent → child
 * only, `{source, target, metadata: {subsystem: "containment"}}`. Every vertex
 * of a node carries the node's rank (its index in hostname order); the cluster
 * and rack have rank -1.
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { element, keyText, newline, ParentList } from "./format.ts";
import type { ViewOptions } from "./rainbow.ts";
import { clusterVertices, type Vertex } from "./tree.ts";

/** Compact JSON of one vertex, built directly as text (this runs millions of times for a large cluster). */
function vertexJson(v: Vertex): string {
  let props = "";
  if (v.attributes) {
    const a = JSON.stringify(v.attributes);
    if (a.length > 2) props = `,"properties":${a}`;
  }
  return `{"id":"${v.uniq}","metadata":{"type":"${v.type}","basename":${JSON.stringify(v.basename)},` +
    `"name":${JSON.stringify(v.name)},"id":${v.id},"uniq_id":${v.uniq},"rank":${v.node},"exclusive":false,` +
    `"unit":"${v.unit}","size":${v.size},"paths":{"containment":${JSON.stringify(v.path)}}${props}}}`;
}

/**
 * The Fluxion JGF of a cluster, in pieces to write one after another. `nodes`
 * must be in graph order (see `orderNodes`).
 */
export function* fluxionJgf(cluster: string, nodes: readonly NodeRecord[], opts: ViewOptions): Generator<string> {
  const p = opts.pretty;
  yield `{${newline(1, p)}${keyText("graph", p)}{${newline(2, p)}${keyText("nodes", p)}[`;
  const parents = new ParentList();
  for (const v of clusterVertices(cluster, nodes, opts)) {
    parents.push(v.parent);
    yield element(vertexJson(v), v.uniq === 0, 3, p);
  }
  yield `${newline(2, p)}],${newline(2, p)}${keyText("edges", p)}[`;
  for (let i = 1; i < parents.length; i++) {
    yield element(`{"source":"${parents.at(i)}","target":"${i}","metadata":{"subsystem":"containment"}}`, i === 1, 3, p);
  }
  yield `${newline(2, p)}]${newline(1, p)}}${newline(0, p)}}\n`;
}

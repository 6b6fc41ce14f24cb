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
import { close, jsonAt, ParentList, sep } from "./format.ts";
import type { ViewOptions } from "./rainbow.ts";
import { clusterVertices, type Vertex } from "./tree.ts";

function metadata(v: Vertex): Record<string, unknown> {
  const m: Record<string, unknown> = {
    type: v.type,
    basename: v.basename,
    name: v.name,
    id: v.id,
    uniq_id: v.uniq,
    rank: v.node,
    exclusive: false,
    unit: v.unit,
    size: v.size,
    paths: { containment: v.path },
  };
  if (v.attributes && Object.keys(v.attributes).length > 0) m.properties = v.attributes;
  return m;
}

/** Compact JSON of one vertex, built directly (this runs millions of times for a large cluster). */
function compactVertex(v: Vertex): string {
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
  const nl = (d: number) => (p ? `\n${"  ".repeat(d)}` : "");
  const colon = p ? ": " : ":";
  yield `{${nl(1)}"graph"${colon}{${nl(2)}"nodes"${colon}[`;
  const parents = new ParentList();
  for (const v of clusterVertices(cluster, nodes, opts)) {
    parents.push(v.parent);
    if (!p) {
      yield v.uniq === 0 ? compactVertex(v) : `,${compactVertex(v)}`;
      continue;
    }
    yield `${sep(v.uniq === 0, 3, p)}${jsonAt({ id: String(v.uniq), metadata: metadata(v) }, 3, p)}`;
  }
  yield `${close("]", 3, p)},${nl(2)}"edges"${colon}[`;
  for (let i = 1; i < parents.length; i++) {
    if (!p) {
      yield `${i === 1 ? "" : ","}{"source":"${parents.at(i)}","target":"${i}","metadata":{"subsystem":"containment"}}`;
      continue;
    }
    yield `${sep(i === 1, 3, p)}${
      jsonAt({ source: String(parents.at(i)), target: String(i), metadata: { subsystem: "containment" } }, 3, p)
    }`;
  }
  yield parents.length > 1 ? `${close("]", 3, p)}${nl(1)}}${nl(0)}}\n` : `]${nl(1)}}${nl(0)}}\n`;
}

/**
 * rainbow's cluster graph in its smallest form (`create nodes --compact`):
 * only what rainbow @075ee23 reads of a cluster graph. Its loader keeps
 * `graph.nodes` keyed by vertex id and, of each vertex, `metadata.type`,
 * `metadata.size` (1 when absent) and `metadata.unit` ("" when absent); of the
 * edges only `contains` ones (it skips `in`); and it starts matching at key "0".
 * Node facts reach rainbow through subsystems, not the node vertex, so the
 * compact form drops labels, names, ids, paths, ranks, attributes and the `in`
 * edges. Vertex keys are the full form's (`rainbow.ts`) — subsystem files
 * attach to them — and so are the vertices, sizes, units and `contains` edges.
 * rainbow counts cores one per vertex, so cores are never merged into one
 * sized vertex.
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import type { ByteOut } from "./byte_out.ts";
import { writeEdgeEnds } from "./format.ts";
import type { GraphOptions } from "./options.ts";
import { writeRainbowForm } from "./rainbow.ts";
import type { Vertex } from "./tree.ts";

/** One vertex's compact JSON (the value; its key is `uniq`): type, and size and unit only when not the defaults. */
function writeVertex(w: ByteOut, v: Vertex): void {
  w.ascii('{"metadata":{"type":');
  w.str(v.type);
  if (v.size !== 1) {
    w.ascii(',"size":');
    w.int(v.size);
  }
  if (v.unit !== "") {
    w.ascii(',"unit":');
    w.str(v.unit);
  }
  w.ascii("}}");
}

/** The `contains` edge from `v`'s parent to `v`. */
function writeEdge(w: ByteOut, v: Vertex): void {
  writeEdgeEnds(w, v.parent, v.uniq);
  w.ascii(',"relation":"contains"}');
}

/**
 * Write the compact rainbow JGF of a cluster to `out`: the same tree as
 * `writeRainbowJgf` (socket level included), `nodes` in graph order.
 */
export function writeRainbowCompactJgf(out: ByteOut, cluster: string, nodes: readonly NodeRecord[], opts: GraphOptions): void {
  writeRainbowForm(out, cluster, nodes, opts, { vertex: writeVertex, edges: [writeEdge] });
}

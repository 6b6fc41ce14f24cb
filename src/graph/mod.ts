/**
 * The cluster graph: node records in, JGF text out, with no I/O. `graphChunks`
 * yields the document in pieces so that a caller can write a large cluster as
 * it is built; `buildGraph` joins them.
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { fluxionJgf } from "./fluxion.ts";
import { rainbowJgf, type ViewOptions } from "./rainbow.ts";
import { orderNodes } from "./tree.ts";

export { clusterNameProblem, DuplicateHostnameError, orderNodes } from "./tree.ts";
export type { ViewOptions } from "./rainbow.ts";

/** Output formats. */
export const FORMATS = ["rainbow", "fluxion"] as const;
/** An output format. */
export type GraphFormat = (typeof FORMATS)[number];

/**
 * The JGF of a cluster named `cluster` made of `records` (any order; they are
 * put in natural hostname order), in pieces. Throws `DuplicateHostnameError`.
 */
export function graphChunks(
  format: GraphFormat,
  cluster: string,
  records: readonly NodeRecord[],
  opts: ViewOptions,
): Generator<string> {
  const nodes = orderNodes(records);
  return format === "fluxion" ? fluxionJgf(cluster, nodes, opts) : rainbowJgf(cluster, nodes, opts);
}

/** The whole JGF text (see {@linkcode graphChunks}). */
export function buildGraph(
  format: GraphFormat,
  cluster: string,
  records: readonly NodeRecord[],
  opts: ViewOptions,
): string {
  let out = "";
  for (const c of graphChunks(format, cluster, records, opts)) out += c;
  return out;
}

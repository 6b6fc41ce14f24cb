/**
 * The cluster graph: node records in, JGF (or Flux R) text out, with no I/O.
 * `graphChunks` yields the document in pieces so that a caller can write a
 * large cluster as it is built; `buildGraph` joins them.
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { fluxRChunks } from "./flux_r.ts";
import { fluxionJgf } from "./fluxion.ts";
import type { GraphOptions } from "./options.ts";
import { rainbowJgf } from "./rainbow.ts";
import { rankedNodes } from "./ranks.ts";

export { clusterNameProblem, DuplicateHostnameError, orderNodes } from "./tree.ts";
export { FluxRError } from "./flux_r.ts";
export { rankedNodes, RankOrderError, rankOrderMismatch, repeatedHosts } from "./ranks.ts";
export type { GraphOptions, ViewOptions } from "./options.ts";

/** Output formats. */
export const FORMATS = ["rainbow", "fluxion", "flux-r"] as const;
/** An output format. */
export type GraphFormat = (typeof FORMATS)[number];

/**
 * The document for a cluster named `cluster` made of `records` (any order; they
 * are put in rank order: natural hostname order, or `opts.rankOrder`), in
 * pieces. Throws `DuplicateHostnameError`, `RankOrderError`, `FluxRError`.
 */
export function graphChunks(
  format: GraphFormat,
  cluster: string,
  records: readonly NodeRecord[],
  opts: GraphOptions,
): Generator<string> {
  const { nodes, ranks } = rankedNodes(records, opts.rankOrder);
  if (format === "rainbow") return rainbowJgf(cluster, nodes, opts);
  if (format === "fluxion") return fluxionJgf(cluster, nodes, ranks, opts);
  return fluxRChunks(cluster, nodes, ranks, opts);
}

/** The whole document text (see {@linkcode graphChunks}). */
export function buildGraph(
  format: GraphFormat,
  cluster: string,
  records: readonly NodeRecord[],
  opts: GraphOptions,
): string {
  let out = "";
  for (const c of graphChunks(format, cluster, records, opts)) out += c;
  return out;
}

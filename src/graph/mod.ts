/**
 * The cluster graph: node records in, JGF (or Flux R) text out, with no I/O.
 * `writeGraph` hands the document out in chunks so that a caller can write a
 * large cluster as it is built; `buildGraph` joins them.
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { ByteOut } from "./byte_out.ts";
import { writeFluxR } from "./flux_r.ts";
import { writeFluxionJgf } from "./fluxion.ts";
import type { GraphOptions } from "./options.ts";
import { writeRainbowJgf } from "./rainbow.ts";
import { writeRainbowCompactJgf } from "./rainbow_compact.ts";
import { rankedNodes } from "./ranks.ts";

export { clusterNameProblem, DuplicateHostnameError, orderNodes } from "./tree.ts";
export { FluxRError } from "./flux_r.ts";
export { RAINBOW_MESSAGE_LIMIT, RAINBOW_MESSAGE_RESERVE, rainbowFit, type RainbowFit, rainbowLimitWarning } from "./rainbow_limit.ts";
export { rankedNodes, RankOrderError, rankOrderMismatch, repeatedHosts } from "./ranks.ts";
export type { GraphOptions, ViewOptions } from "./options.ts";

/** Output formats. */
export const FORMATS = ["rainbow", "fluxion", "flux-r"] as const;
/** An output format. */
export type GraphFormat = (typeof FORMATS)[number];

/**
 * Write the document for a cluster named `cluster` made of `records` (any
 * order; they are put in rank order: natural hostname order, or
 * `opts.rankOrder`) as UTF-8, in chunks of about 1 MiB handed to `write` as they
 * are made (each chunk's bytes are valid only during that call). Throws
 * `DuplicateHostnameError`, `RankOrderError`, `FluxRError` (before any chunk).
 */
export function writeGraph(
  format: GraphFormat,
  cluster: string,
  records: readonly NodeRecord[],
  opts: GraphOptions,
  write: (chunk: Uint8Array) => void,
): void {
  const { nodes, ranks } = rankedNodes(records, opts.rankOrder);
  const out = new ByteOut(write);
  if (format === "rainbow") (opts.compact ? writeRainbowCompactJgf : writeRainbowJgf)(out, cluster, nodes, opts);
  else if (format === "fluxion") writeFluxionJgf(out, cluster, nodes, ranks, opts);
  else writeFluxR(out, cluster, nodes, ranks, opts);
  out.flush();
}

/** The whole document text (see {@linkcode writeGraph}). */
export function buildGraph(
  format: GraphFormat,
  cluster: string,
  records: readonly NodeRecord[],
  opts: GraphOptions,
): string {
  const decoder = new TextDecoder();
  let text = "";
  writeGraph(format, cluster, records, opts, (chunk) => {
    text += decoder.decode(chunk, { stream: true });
  });
  return text + decoder.decode();
}

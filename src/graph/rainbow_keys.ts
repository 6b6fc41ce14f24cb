/**
 * The keys rainbow knows a cluster's node vertices by: the key each node
 * vertex has in `graph.nodes` of `create nodes --format rainbow`. A rainbow
 * subsystem's edges into the cluster must start at exactly these keys, so
 * they come from the same walk, with the same tree options, as the graph.
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import type { TreeOptions } from "./options.ts";
import { rankedNodes } from "./ranks.ts";
import { clusterParts, isBlock } from "./tree.ts";

/** The tree rainbow's graph is made of: always the socket level; PUs as asked. */
export function rainbowTree(opts: { pus: boolean }): TreeOptions {
  return { pus: opts.pus, sockets: true };
}

/**
 * The records in rainbow graph order (natural hostname order, or
 * `rankOrder`) and, for each, the key of its node vertex in the rainbow graph
 * of the same records and options. Throws what `writeGraph` throws for them
 * (`DuplicateHostnameError`, `RankOrderError`).
 */
export function rainbowNodeKeys(
  cluster: string,
  records: readonly NodeRecord[],
  opts: { pus: boolean; rankOrder?: readonly string[] },
): { nodes: NodeRecord[]; keys: string[] } {
  const { nodes } = rankedNodes(records, opts.rankOrder);
  const keys: string[] = [];
  for (const part of clusterParts(cluster, nodes, rainbowTree(opts))) {
    if (!isBlock(part) && part.type === "node") keys.push(String(part.uniq));
  }
  return { nodes, keys };
}

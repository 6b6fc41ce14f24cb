/**
 * Flux ties a graph node to a broker by `rank` alone: the broker's position in
 * the instance's host list. So a graph for Flux must number its nodes in that
 * order, which is the site's (the `hosts` of its bootstrap config, or
 * `flux getattr hostlist`), not something compspec can guess: by default ranks
 * follow natural hostname order.
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { orderNodes } from "./tree.ts";
import { namedError } from "../util/named_error.ts";

/** Records in graph order with the rank of each. */
export interface RankedNodes {
  /** The records, in ascending rank. */
  nodes: NodeRecord[];
  /** `ranks[i]` is the rank of `nodes[i]`; ascending, distinct. */
  ranks: number[];
}

/** A rank order that does not fit the records (the message names the hosts). */
export class RankOrderError extends namedError("RankOrderError") {}

/** Hosts named more than once in `order`, each once, in order of first repeat. */
export function repeatedHosts(order: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const h of order) {
    if (seen.has(h)) repeated.add(h);
    seen.add(h);
  }
  return [...repeated];
}

/**
 * How `hostnames` (the records') and `order` (the broker hosts) differ: hosts
 * of `order` that no record has (`missing`, in `order`'s order) and hostnames
 * that `order` lacks (`unlisted`, in the given order).
 */
export function rankOrderMismatch(
  hostnames: readonly string[],
  order: readonly string[],
): { missing: string[]; unlisted: string[] } {
  const listed = new Set(order);
  const have = new Set(hostnames);
  return { missing: order.filter((h) => !have.has(h)), unlisted: hostnames.filter((h) => !listed.has(h)) };
}

/**
 * The records in rank order. Without `order`: natural hostname order, ranks
 * 0..n-1 (see `orderNodes`). With it: rank = the hostname's position in
 * `order`; a listed host without a record leaves its rank unused. Throws
 * `DuplicateHostnameError` as `orderNodes` does, and {@linkcode RankOrderError}
 * when `order` repeats a host or lacks a record's hostname.
 */
export function rankedNodes(records: readonly NodeRecord[], order?: readonly string[]): RankedNodes {
  const sorted = orderNodes(records);
  if (order === undefined) return { nodes: sorted, ranks: sorted.map((_, i) => i) };
  const repeated = repeatedHosts(order);
  if (repeated.length > 0) throw new RankOrderError(`the rank order names ${repeated.map((h) => JSON.stringify(h)).join(", ")} more than once`);
  const position = new Map(order.map((h, i) => [h, i]));
  const { unlisted } = rankOrderMismatch(sorted.map((r) => r.hostname), order);
  if (unlisted.length > 0) {
    throw new RankOrderError(`not in the rank order: ${unlisted.map((h) => JSON.stringify(h)).join(", ")}`);
  }
  const nodes = [...sorted].sort((a, b) => position.get(a.hostname)! - position.get(b.hostname)!);
  return { nodes, ranks: nodes.map((r) => position.get(r.hostname)!) };
}

/**
 * A cluster's state for rainbow (`rainbow update state --state-file F`): a flat
 * JSON object of numbers. rainbow @075ee23 stores it as the cluster's state and
 * its `constraint` selection hands every member to govaluate expressions
 * (`filter: "nodes_free > 0"`, `calc: "memory_min=min(100, memory_per_node - 100)"`),
 * whose `min`/`max` assert float64 — a string value would panic there — and whose
 * variables are bare identifiers. So values are finite numbers and keys are
 * identifiers. Pure: records and the site's values in, an object out.
 *
 * @module
 */
import * as v from "valibot";
import { ATTR } from "../node/vocabulary.ts";
import type { NodeRecord } from "../node/record.ts";
import { minOf } from "../util/array_ops.ts";

/** A state key: an identifier, as govaluate reads a variable without brackets. */
export const StateKeySchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a key must be an identifier: a letter or _, then letters, digits or _"),
  v.maxLength(128, "a key must be at most 128 characters"),
);

/** A state value as text: a JSON number (no NaN, Infinity, hex or empty text), finite. */
export const StateNumberSchema = v.pipe(
  v.string(),
  v.regex(/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/, "the value must be a number (like 3, 0.4 or 2e3)"),
  v.transform(Number),
  v.check((n: number) => Number.isFinite(n), "the value must be a finite number"),
);

/** The state rainbow reads: key → number. */
export type RainbowState = Record<string, number>;

/** The keys `clusterState` derives from the nodes, in output order. */
export const DERIVED_STATE_KEYS = [
  "nodes",
  "cores_per_node",
  "gpus_per_node",
  "memory_per_node",
  "total_cores",
  "total_gpus",
  "total_memory",
] as const;

/** A node's memory in whole GiB, as its graph attribute says (rounded down; `undefined` when unknown). */
function memoryGiB(r: NodeRecord): number | undefined {
  const text = r.attributes[ATTR.memoryTotal];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * The state of a cluster of `records` (at least one): `nodes`; per node, the
 * smallest node's cores, GPUs and memory in GiB (`memory_per_node`, as rainbow's
 * example names it), so that a job sized by them fits on every node of a mixed
 * cluster; and the totals. The memory keys are left out when a node's memory
 * is unknown (0 would tell rainbow's filters the node has none). Then `site` (the `--set` values, in order), which
 * may replace a derived value (a site knows its reserved memory best).
 */
export function clusterState(records: readonly NodeRecord[], site: readonly (readonly [string, number])[] = []): RainbowState {
  if (records.length === 0) throw new Error("clusterState: no nodes");
  const cores = records.map((r) => r.sockets.reduce((n, s) => n + s.length, 0));
  const gpus = records.map((r) => r.gpus.length);
  const memory = records.map(memoryGiB);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const known = memory.every((m) => m !== undefined) ? memory as number[] : undefined;
  const state: RainbowState = {
    nodes: records.length,
    cores_per_node: minOf(cores),
    gpus_per_node: minOf(gpus),
    ...(known ? { memory_per_node: minOf(known) } : {}),
    total_cores: sum(cores),
    total_gpus: sum(gpus),
    ...(known ? { total_memory: sum(known) } : {}),
  };
  for (const [k, n] of site) state[k] = n;
  return state;
}

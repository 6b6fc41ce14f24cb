/**
 * The cluster as one Flux resource set: RFC 20 "R" version 1, what a Flux
 * system instance takes as `[resource] path = "R.json"`.
 *
 * - `execution.R_lite`: per rank, `children.core` and `children.gpu` as RFC 22
 *   idsets numbered per node from 0, as Flux numbers them (ranks with the same
 *   children share one entry, as flux-core writes R);
 * - `execution.nodelist`: one RFC 29 hostlist of the hostnames in rank order
 *   (flux-core checks that each broker's hostname is the one at its rank);
 * - `execution.properties`: Flux property name → idset of the ranks that have it;
 * - `execution.starttime` and `expiration`: 0 (no time limit);
 * - `scheduling`: the Fluxion JGF of the same nodes, whose node ranks are R's.
 *
 * @module
 */
import type { NodeRecord } from "../node/record.ts";
import { compressHostlist, expandHostlist } from "../util/hostlist.ts";
import { encodeIdset } from "../util/idset.ts";
import { fluxPropertyNames } from "./flux_properties.ts";
import type { ByteOut } from "./byte_out.ts";
import { writeFluxionJgf } from "./fluxion.ts";
import { element, keyText, newline } from "./format.ts";
import type { GraphOptions } from "./options.ts";
import { namedError } from "../util/named_error.ts";
import { IdentityCache } from "../util/caches.ts";

/** Records that cannot be written as R (the message names the host). */
export class FluxRError extends namedError("FluxRError") {}

/** Why `hostname` cannot be an entry of an RFC 29 hostlist, or `undefined`. */
export function hostlistNameProblem(hostname: string): string | undefined {
  const bad = /[,[\]\s]/.exec(hostname);
  return bad ? `it contains ${JSON.stringify(bad[0])}, which a hostlist (RFC 29) cannot hold` : undefined;
}

/** R_lite children already made, by the (shared: see `nodeRecord`) layout and GPUs they were made from. */
const made = new IdentityCache<object, WeakMap<object, string>>("graph.fluxRChildren");

/** `children` of a node's R_lite entry, as compact JSON: cores 0..n-1, its GPUs' ids. */
function childrenJson(rec: NodeRecord): string {
  let byGpus = made.get(rec.sockets);
  if (!byGpus) made.set(rec.sockets, byGpus = new WeakMap());
  let json = byGpus.get(rec.gpus);
  if (json === undefined) byGpus.set(rec.gpus, json = childrenOf(rec));
  return json;
}

function childrenOf(rec: NodeRecord): string {
  let cores = 0;
  for (const s of rec.sockets) cores += s.length;
  const core = encodeIdset(Array.from({ length: cores }, (_, i) => i));
  const gpu = encodeIdset(rec.gpus.map((g) => g.index));
  return gpu === "" ? `{"core":${JSON.stringify(core)}}` : `{"core":${JSON.stringify(core)},"gpu":${JSON.stringify(gpu)}}`;
}

/** The `execution` object of R, as compact JSON. */
function executionJson(nodes: readonly NodeRecord[], ranks: readonly number[], properties: readonly (readonly string[])[]): string {
  // Ranks with identical children share one entry; entries in order of their first rank.
  const groups = new Map<string, number[]>();
  nodes.forEach((rec, i) => {
    const key = childrenJson(rec);
    const list = groups.get(key);
    if (list) list.push(ranks[i]!);
    else groups.set(key, [ranks[i]!]);
  });
  const rlite = [...groups].map(([children, r]) => `{"rank":${JSON.stringify(encodeIdset(r))},"children":${children}}`);

  const names = nodes.map((r) => r.hostname);
  for (const h of names) {
    const problem = hostlistNameProblem(h);
    if (problem) throw new FluxRError(`hostname ${JSON.stringify(h)} cannot be in R's nodelist: ${problem}`);
  }
  const nodelist = compressHostlist(names);
  const back = expandHostlist(nodelist);
  if (back.length !== names.length || back.some((h, i) => h !== names[i])) {
    throw new FluxRError(`the hostnames do not survive as one hostlist (${JSON.stringify(nodelist)})`);
  }

  const byProperty = new Map<string, number[]>();
  properties.forEach((props, i) => {
    for (const name of props) {
      const list = byProperty.get(name);
      if (list) list.push(ranks[i]!);
      else byProperty.set(name, [ranks[i]!]);
    }
  });
  const props = [...byProperty.keys()].sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(encodeIdset(byProperty.get(k)!))}`);

  return `{"R_lite":[${rlite.join(",")}],"nodelist":[${JSON.stringify(nodelist)}],` +
    `${props.length > 0 ? `"properties":{${props.join(",")}},` : ""}"starttime":0,"expiration":0}`;
}

/**
 * Write the R of a cluster to `out`. `nodes` must be in graph order with
 * `ranks[i]` the rank of `nodes[i]` (see `rankedNodes`). Throws
 * {@linkcode FluxRError} for a hostname a hostlist cannot hold (before writing anything).
 */
export function writeFluxR(
  out: ByteOut,
  cluster: string,
  nodes: readonly NodeRecord[],
  ranks: readonly number[],
  opts: GraphOptions,
): void {
  const p = opts.pretty;
  const properties = nodes.map(fluxPropertyNames);
  out.text(
    `{${element("1", true, 1, p, "version")}${element(executionJson(nodes, ranks, properties), false, 1, p, "execution")},` +
      `${newline(1, p)}${keyText("scheduling", p)}`,
  );
  writeFluxionJgf(out, cluster, nodes, ranks, opts, 1, properties);
  out.text(`${newline(0, p)}}\n`);
}

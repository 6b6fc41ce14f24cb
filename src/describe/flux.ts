/**
 * The Flux view: `[[resource.config]]` tables as flux-config-resource(5)
 * defines them, so a Flux system instance is configured from what its nodes
 * are. One table per set of nodes that get the same table. Pure.
 *
 * Each table has exactly the keys Flux accepts (`rlist_from_config` rejects
 * any other): `hosts`, an RFC 29 hostlist; `cores` and `gpus`, RFC 22 idsets
 * numbered the way Flux numbers a node's resources when it discovers them
 * with hwloc (cores by hwloc logical index, 0 … cores−1 on every node; GPUs
 * 0 … n−1 in discovery order); and `properties`, the node's Flux property
 * names (archspec target and ancestors, GPU vendor and model, OS, MPI) as
 * src/graph/flux_properties.ts makes them for the Flux R of `create nodes`,
 * which jobs ask for with `--requires`.
 *
 * @module
 */
import { compressHostlist } from "../util/hostlist.ts";
import { encodeIdset } from "../util/idset.ts";
import { type ClusterDescription, mergeByKey, type NodeGroup } from "./groups.ts";
import { escapeControl } from "../util/escape_control.ts";

/** One `[[resource.config]]` table. */
export interface FluxConfigEntry {
  hostnames: string[];
  cores: string;
  /** Absent for nodes without GPUs. */
  gpus?: string;
  properties: string[];
  /** Why a value may not be what the node has (count-only node files). */
  notes: string[];
}

function range(n: number): string {
  return encodeIdset(Array.from({ length: n }, (_, i) => i));
}

/** The tables of a group: one per distinct set of properties (a group agrees on what they come from, nearly always). */
function entriesOf(group: NodeGroup): FluxConfigEntry[] {
  const byProperties = new Map<string, string[]>();
  for (const n of group.nodes) {
    const list = byProperties.get(n.fluxProperties);
    if (list) list.push(n.hostname);
    else byProperties.set(n.fluxProperties, [n.hostname]);
  }
  const gpuCount = group.gpus.reduce((s, [, n]) => s + n, 0);
  return [...byProperties].map(([properties, hostnames]) => {
    const entry: FluxConfigEntry = {
      hostnames,
      cores: range(group.shape.cores),
      properties: properties === "" ? [] : properties.split(" "),
      notes: group.nodes[0]!.exact ? [] : ["node files give the CPU count only (compspec-go): cores may be hardware threads"],
    };
    if (gpuCount > 0) entry.gpus = range(gpuCount);
    return entry;
  });
}

/** The Flux tables of a described cluster: groups that give the same table share it. */
export function fluxEntries(d: ClusterDescription): FluxConfigEntry[] {
  return mergeByKey(d.groups.flatMap(entriesOf), (e) => JSON.stringify([e.cores, e.gpus, e.properties, e.notes]));
}

/** A TOML basic string. */
export function tomlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/** The Flux view: TOML for /etc/flux/system/conf.d/resource.toml. */
export function describeFlux(d: ClusterDescription): string {
  const out = [
    `# Flux resource configuration, flux-config-resource(5): ${d.totals.nodes === 1 ? "1 node" : `${d.totals.nodes} nodes`}`,
    "# (compspec describe --format flux). Cores and GPUs are numbered per node as Flux numbers them (hwloc order).",
  ];
  for (const e of fluxEntries(d)) {
    out.push("");
    // Values are TOML strings (escaped by tomlString); a comment line from node files is escaped here (#21).
    for (const note of e.notes) out.push(`# ${escapeControl(note)}`);
    out.push("[[resource.config]]");
    out.push(`hosts = ${tomlString(compressHostlist(e.hostnames))}`);
    out.push(`cores = ${tomlString(e.cores)}`);
    if (e.gpus !== undefined) out.push(`gpus = ${tomlString(e.gpus)}`);
    if (e.properties.length > 0) out.push(`properties = [${e.properties.map(tomlString).join(", ")}]`);
  }
  return out.join("\n") + "\n";
}

/**
 * NFD features as string attributes of a graph's node vertices (`create nodes
 * --labels`), so that `check --graph` and rainbow can select on them, and back.
 *
 * Attribute `nfd.<source>.<key>` carries key `<key>` of the node file's
 * section `nfd.<source>` unchanged (`nfd.cpu.cpuid.AVX2` = `true`,
 * `nfd.pci.device.3.vendor` = `10de`), for the feature sets rules commonly
 * use ({@linkcode LABEL_SETS}); `nfd.sections` lists the sources the node
 * file had, so that a graph tells "absent" from "not extracted".
 *
 * @module
 */
import { LABEL_PREFIX, LABEL_SECTIONS_KEY } from "../node/vocabulary.ts";
import { type FeatureMap, NFD_SOURCES, resolveFeatures } from "./features.ts";

export { LABEL_PREFIX, LABEL_SECTIONS_KEY };

/**
 * The feature sets `--labels` carries: what NFD rules commonly select on.
 * Left out for size: `kernel.config` (≈ 2,000 options), `kernel.enabledmodule`
 * (every built-in module), `network.virtual`, `storage.*`, `local.label`
 * (a copy of `local.feature`) and `system.name`.
 */
export const LABEL_SETS: readonly string[] = [
  "cpu.*",
  "kernel.version",
  "kernel.loadedmodule",
  "kernel.selinux",
  "local.feature",
  "memory.numa",
  "memory.nv",
  "network.device",
  "pci.device",
  "system.osrelease",
  "system.dmiid",
  "usb.device",
];

/** Whether `--labels` carries feature set `<source>.<set>`. */
export function isLabelled(source: string, set: string): boolean {
  return LABEL_SETS.includes(`${source}.*`) || LABEL_SETS.includes(`${source}.${set}`);
}

/** The label attributes of a node from its `nfd` sections (sorted keys). */
export function nfdLabels(nfd: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined): Record<string, string> {
  if (!nfd) return {};
  const sources = NFD_SOURCES.filter((s) => nfd[s] !== undefined);
  if (sources.length === 0) return {};
  const out: [string, string][] = [[LABEL_SECTIONS_KEY, sources.join(",")]];
  for (const source of sources) {
    for (const [key, value] of Object.entries(nfd[source]!)) {
      const dot = key.indexOf(".");
      if (dot > 0 && isLabelled(source, key.slice(0, dot))) out.push([`${LABEL_PREFIX}${source}.${key}`, value]);
    }
  }
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(out);
}

/**
 * The features named in `wanted` (lower case) from a graph node's attributes.
 * Features the graph cannot tell — made without `--labels`, a source the node
 * file did not have, a set `--labels` leaves out — are unknown, saying so.
 */
export function featuresFromLabels(attributes: Readonly<Record<string, string>>, wanted: readonly string[]): FeatureMap {
  const listed = attributes[LABEL_SECTIONS_KEY];
  const sources = new Set(listed === undefined || listed === "" ? [] : listed.split(","));
  const sections = new Map<string, Record<string, string>>();
  return resolveFeatures(wanted, (source, set) => {
    if (listed === undefined) return "the graph carries no NFD features (make it with 'compspec create nodes --labels')";
    if (!sources.has(source)) return `the node's file had no nfd[${source}] section when the graph was made`;
    if (!isLabelled(source, set)) return `graphs do not carry ${source}.${set} (too large for --labels): check the node files with --node-dir`;
    let section = sections.get(source);
    if (!section) {
      section = {};
      const prefix = `${LABEL_PREFIX}${source}.`;
      for (const [k, v] of Object.entries(attributes)) if (k.startsWith(prefix)) section[k.slice(prefix.length)] = v;
      sections.set(source, section);
    }
    return section;
  });
}

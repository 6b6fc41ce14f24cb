/**
 * A node's features in NFD's model — flags (a set of names), attributes
 * (name → string) and instances (a list of name → string maps), by feature
 * name (`cpu.cpuid`) — and how they are recovered from a node file's `nfd`
 * sections, which hold the same data flattened the way compspec-go flattens
 * it: feature `<source>.<set>` element `E` is key `<set>.E` of section
 * `nfd.<source>` (flags valued "true"), instance `i`'s attribute `A` is key
 * `<set>.<i>.A`.
 *
 * A feature whose source section the node file lacks (extracted without it)
 * is *unknown*, with the section that would have answered; never silently
 * absent.
 *
 * @module
 */
import * as v from "valibot";
import { IdentityCache } from "../util/caches.ts";
import { NODE_SECTIONS } from "../node/vocabulary.ts";

/** A flag feature's elements: names that are present. */
export interface Flags {
  has(name: string): boolean;
  names(): Iterable<string>;
}

/** An attribute feature's elements: names with string values. */
export interface Attributes {
  get(name: string): string | undefined;
  names(): Iterable<string>;
}

/** One feature: any of the three kinds (`cpu.cpuid` could hold flags and attributes). */
export interface FeatureData {
  readonly flags?: Flags;
  readonly attributes?: Attributes;
  readonly instances?: readonly ReadonlyMap<string, string>[];
}

/** {@linkcode Flags} of a set. */
export function flagsOf(set: ReadonlySet<string>): Flags {
  return { has: (name) => set.has(name), names: () => set };
}

/** {@linkcode Attributes} of a map. */
export function attributesOf(map: ReadonlyMap<string, string>): Attributes {
  return { get: (name) => map.get(name), names: () => map.keys() };
}

/**
 * A feature's flags or attributes read in place from a flat section (keys
 * `<set>.<element>`): nothing is copied, since a node file's `cpuid` set has a
 * hundred flags and a check usually asks about two.
 */
class SectionView implements Flags, Attributes {
  constructor(private readonly section: Readonly<Record<string, string>>, private readonly prefix: string) {}

  has(name: string): boolean {
    return this.section[this.prefix + name] !== undefined;
  }

  get(name: string): string | undefined {
    return this.section[this.prefix + name];
  }

  *names(): Iterable<string> {
    for (const key in this.section) if (key.startsWith(this.prefix)) yield key.slice(this.prefix.length);
  }
}

/** What an evaluation needs to know about a node's features. */
export interface NodeFeatures {
  /** The feature named `name` (lower case), or `undefined` when the node does not have it. */
  get(name: string): FeatureData | undefined;
  /** Why the node's data cannot say whether it has feature `name`, or `undefined` when it can. */
  unknown(name: string): string | undefined;
}

/** A plain {@linkcode NodeFeatures}. */
export class FeatureMap implements NodeFeatures {
  readonly features = new Map<string, FeatureData>();
  readonly unknowns = new Map<string, string>();

  get(name: string): FeatureData | undefined {
    return this.features.get(name);
  }

  unknown(name: string): string | undefined {
    return this.unknowns.get(name);
  }
}

/** The nine NFD sources compspec's `nfd` extractor has; each is a section of the node file. */
export const NFD_SOURCES: readonly string[] = NODE_SECTIONS.nfd;

/** Feature sets that are flags (every other set of the nine sources is attributes or instances). */
const FLAG_SETS: ReadonlySet<string> = new Set(["cpu.cpuid", "kernel.loadedmodule", "kernel.enabledmodule"]);

/** Feature sets that are instances. */
const INSTANCE_SETS: ReadonlySet<string> = new Set([
  "memory.nv",
  "network.device",
  "network.virtual",
  "pci.device",
  "storage.block",
  "usb.device",
]);

/**
 * Feature sets NFD has that neither compspec's nor compspec-go's `nfd`
 * extractor produces: their absence from a node file says nothing.
 */
const NOT_PRODUCED: ReadonlyMap<string, string> = new Map([
  ["cpu.sst", "cpu.sst needs the CPUID instruction, which compspec does not run"],
  ["memory.hugepages", "memory.hugepages is only in newer NFD releases, not in the NFD sources compspec reproduces"],
  ["memory.swap", "memory.swap is only in newer NFD releases, not in the NFD sources compspec reproduces"],
  ["kernel.kvm", "kernel.kvm is only in newer NFD releases, not in the NFD sources compspec reproduces"],
]);

/** Whether feature set `name` (`pci.device`) is flags, attributes or instances. */
export function featureKind(name: string): "flags" | "attributes" | "instances" {
  return FLAG_SETS.has(name) ? "flags" : INSTANCE_SETS.has(name) ? "instances" : "attributes";
}

/** `[source, set]` of feature `name` (`cpu.cpuid` → `cpu`, `cpuid`), or `undefined` without a dot. */
export function splitFeature(name: string): [string, string] | undefined {
  const dot = name.indexOf(".");
  return dot <= 0 ? undefined : [name.slice(0, dot), name.slice(dot + 1)];
}

/** A wanted feature set of one source: its feature name and kind. */
interface WantedSet {
  name: string;
  kind: "flags" | "attributes" | "instances";
}

/** Feature `want` (set `set`) from the flat keys of its source's section, or `undefined` when it has none. */
function featureOf(set: string, want: WantedSet, section: Readonly<Record<string, string>>): FeatureData | undefined {
  const prefix = `${set}.`;
  if (want.kind !== "instances") {
    for (const key in section) {
      if (!key.startsWith(prefix)) continue;
      const view = new SectionView(section, prefix);
      return want.kind === "flags" ? { flags: view } : { attributes: view };
    }
    return undefined;
  }
  const instances = new Map<number, Map<string, string>>();
  for (const key in section) {
    if (!key.startsWith(prefix)) continue;
    const dot = key.indexOf(".", prefix.length);
    const index = dot > prefix.length ? Number(key.slice(prefix.length, dot)) : NaN;
    if (!Number.isInteger(index) || index < 0) continue;
    let inst = instances.get(index);
    if (!inst) instances.set(index, inst = new Map());
    inst.set(key.slice(dot + 1), section[key]!);
  }
  if (instances.size === 0) return undefined;
  return { instances: [...instances.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]) };
}

/**
 * Where a feature set's data is: the flat keys of its source's section, or
 * why the node's data cannot say (`"the node file has no nfd[kernel] section"`).
 */
export type SectionLookup = (source: string, set: string) => Readonly<Record<string, string>> | string;

/** Wanted features grouped by source (worked out once per list: every node of a folder asks the same). */
const plans = new IdentityCache<readonly string[], Map<string, Map<string, WantedSet>>>("compat.featurePlans");

function plan(wanted: readonly string[]): Map<string, Map<string, WantedSet>> {
  let p = plans.get(wanted);
  if (p) return p;
  p = new Map();
  for (const name of wanted) {
    const parts = splitFeature(name);
    if (!parts || !NFD_SOURCES.includes(parts[0])) continue;
    let sets = p.get(parts[0]);
    if (!sets) p.set(parts[0], sets = new Map());
    sets.set(parts[1], { name, kind: featureKind(name) });
  }
  plans.set(wanted, p);
  return p;
}

/**
 * The features named in `wanted` (lower case), each from the section
 * `lookup` finds for it; every section is read once. Features of sources
 * compspec does not have (`fake.flag`) are simply absent, as in NFD.
 */
export function resolveFeatures(wanted: readonly string[], lookup: SectionLookup): FeatureMap {
  const out = new FeatureMap();
  for (const [source, sets] of plan(wanted)) {
    const readable = new Map<string, WantedSet>();
    let section: Readonly<Record<string, string>> | undefined;
    for (const [set, want] of sets) {
      const s = lookup(source, set);
      if (typeof s === "string") out.unknowns.set(want.name, s);
      else {
        section = s;
        readable.set(set, want);
      }
    }
    if (!section) continue;
    for (const [set, want] of readable) {
      const data = featureOf(set, want, section);
      if (data) out.features.set(want.name, data);
      else if (NOT_PRODUCED.has(want.name)) out.unknowns.set(want.name, NOT_PRODUCED.get(want.name)!);
    }
  }
  return out;
}

/**
 * The features named in `wanted` (lower case) from a node's `nfd` sections;
 * `missing(source)` says why a source whose section is absent cannot answer.
 */
export function featuresFromSections(
  sections: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined,
  wanted: readonly string[],
  missing: (source: string) => string,
): FeatureMap {
  return resolveFeatures(wanted, (source) => sections?.[source] ?? missing(source));
}

/**
 * Features in NFD's own JSON model (`{"flags": {"cpu.cpuid": ["AVX"]},
 * "attributes": {…}, "instances": {"pci.device": [{…}]}}`), as NFD's tests and
 * `nfd-worker` dumps write them.
 */
export const NfdFeaturesSchema = v.object({
  flags: v.optional(v.record(v.string(), v.array(v.string())), {}),
  attributes: v.optional(v.record(v.string(), v.record(v.string(), v.string())), {}),
  instances: v.optional(v.record(v.string(), v.array(v.record(v.string(), v.string()))), {}),
});

/** Features in NFD's JSON model. */
export type NfdFeaturesJson = v.InferOutput<typeof NfdFeaturesSchema>;

/** A {@linkcode FeatureMap} of features in NFD's JSON model (names lower-cased, as NFD looks them up). */
export function featuresFromNfdJson(json: NfdFeaturesJson): FeatureMap {
  const out = new FeatureMap();
  const slot = (name: string) => {
    const key = name.toLowerCase();
    const d = (out.features.get(key) ?? {}) as { flags?: Flags; attributes?: Attributes; instances?: Map<string, string>[] };
    out.features.set(key, d);
    return d;
  };
  for (const [name, list] of Object.entries(json.flags)) slot(name).flags = flagsOf(new Set(list));
  for (const [name, attrs] of Object.entries(json.attributes)) slot(name).attributes = attributesOf(new Map(Object.entries(attrs)));
  for (const [name, list] of Object.entries(json.instances)) slot(name).instances = list.map((i) => new Map(Object.entries(i)));
  return out;
}

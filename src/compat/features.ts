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

/** One feature: any of the three kinds (`cpu.cpuid` could hold flags and attributes). */
export interface FeatureData {
  readonly flags?: ReadonlySet<string>;
  readonly attributes?: ReadonlyMap<string, string>;
  readonly instances?: readonly ReadonlyMap<string, string>[];
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
export const NFD_SOURCES: readonly string[] = ["cpu", "kernel", "local", "memory", "network", "pci", "storage", "system", "usb"];

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

/**
 * Feature `name` from the flat keys of its source section (`section` =
 * `nfd.<source>`), or `undefined` when the section has no key of that set.
 */
export function featureFromSection(name: string, set: string, section: Readonly<Record<string, string>>): FeatureData | undefined {
  const prefix = `${set}.`;
  const kind = featureKind(name);
  const flags = new Set<string>();
  const attributes = new Map<string, string>();
  const instances = new Map<number, Map<string, string>>();
  for (const key in section) {
    if (!key.startsWith(prefix)) continue;
    const element = key.slice(prefix.length);
    if (kind === "flags") flags.add(element);
    else if (kind === "attributes") attributes.set(element, section[key]!);
    else {
      const dot = element.indexOf(".");
      if (dot <= 0 || !/^\d+$/.test(element.slice(0, dot))) continue;
      const i = Number(element.slice(0, dot));
      let inst = instances.get(i);
      if (!inst) instances.set(i, inst = new Map());
      inst.set(element.slice(dot + 1), section[key]!);
    }
  }
  if (kind === "flags") return flags.size > 0 ? { flags } : undefined;
  if (kind === "attributes") return attributes.size > 0 ? { attributes } : undefined;
  if (instances.size === 0) return undefined;
  return { instances: [...instances.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]) };
}

/**
 * Where a feature set's data is: the flat keys of its source's section, or
 * why the node's data cannot say (`"the node file has no nfd[kernel] section"`).
 */
export type SectionLookup = (source: string, set: string) => Readonly<Record<string, string>> | string;

/**
 * The features named in `wanted` (lower case), each from the section
 * `lookup` finds for it. Features of sources compspec does not have
 * (`fake.flag`) are simply absent, as in NFD.
 */
export function resolveFeatures(wanted: Iterable<string>, lookup: SectionLookup): FeatureMap {
  const out = new FeatureMap();
  for (const name of wanted) {
    const parts = splitFeature(name);
    if (!parts || !NFD_SOURCES.includes(parts[0])) continue;
    const section = lookup(parts[0], parts[1]);
    if (typeof section === "string") {
      out.unknowns.set(name, section);
      continue;
    }
    const data = featureFromSection(name, parts[1], section);
    if (data) out.features.set(name, data);
    else if (NOT_PRODUCED.has(name)) out.unknowns.set(name, NOT_PRODUCED.get(name)!);
  }
  return out;
}

/**
 * The features named in `wanted` (lower case) from a node's `nfd` sections;
 * `missing(source)` says why a source whose section is absent cannot answer.
 */
export function featuresFromSections(
  sections: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined,
  wanted: Iterable<string>,
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
    const d = (out.features.get(key) ?? {}) as { flags?: Set<string>; attributes?: Map<string, string>; instances?: Map<string, string>[] };
    out.features.set(key, d);
    return d;
  };
  for (const [name, list] of Object.entries(json.flags)) slot(name).flags = new Set(list);
  for (const [name, attrs] of Object.entries(json.attributes)) slot(name).attributes = new Map(Object.entries(attrs));
  for (const [name, list] of Object.entries(json.instances)) slot(name).instances = list.map((i) => new Map(Object.entries(i)));
  return out;
}

/**
 * NFD's feature model and compspec-go's flattening of it into one flat
 * section (`plugins/extractors/nfd/nfd.go`).
 *
 * @module
 */
import type { Section } from "../types.ts";

/** One instance of an instance feature set: attribute name to value. */
export type Instance = Record<string, string>;

/**
 * The features one NFD source discovered, as `nfdv1alpha1.Features`: attribute
 * sets, flag sets and instance sets, each keyed by feature-set name
 * (`cpuid`, `topology`, `device` …).
 */
export interface Features {
  /** `set` → element name → value. */
  attributes: Record<string, Record<string, string>>;
  /** `set` → element names that are present. */
  flags: Record<string, readonly string[]>;
  /** `set` → instances, in discovery (sorted directory) order. */
  instances: Record<string, readonly Instance[]>;
}

/** An empty {@linkcode Features}. */
export function newFeatures(): Features {
  return { attributes: {}, flags: {}, instances: {} };
}

/**
 * Flatten features exactly as compspec-go does: attributes as `set.name`,
 * flags as `set.name` = `"true"`, instances as `set.<index>.name`. Nothing is
 * escaped; empty sets give no keys. Later writes win on (unlikely) collisions,
 * in the same order as nfd.go: attributes, flags, instances.
 */
export function flattenFeatures(features: Features): Section {
  const out: Section = {};
  for (const [set, elements] of Object.entries(features.attributes)) {
    for (const [name, value] of Object.entries(elements)) out[`${set}.${name}`] = value;
  }
  for (const [set, names] of Object.entries(features.flags)) {
    for (const name of names) out[`${set}.${name}`] = "true";
  }
  for (const [set, instances] of Object.entries(features.instances)) {
    instances.forEach((instance, index) => {
      for (const [name, value] of Object.entries(instance)) out[`${set}.${index}.${name}`] = value;
    });
  }
  return out;
}

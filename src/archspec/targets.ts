/**
 * archspec's target table (`archspec.cpu.TARGETS`), built lazily from the
 * bundled archspec-json `microarchitectures.json` and memoised: nothing is
 * parsed until the first detection.
 *
 * @module
 */
// What detection reads from the JSON, embedded as a string and parsed on first
// use: far cheaper at startup than `import … with { type: "json" }` (see scripts/archspec_embed.ts).
import { MICROARCHITECTURES } from "./data/microarchitectures_json.ts";
import type { CompactData } from "./data/project.ts";

/**
 * One microarchitecture. Only what every check needs is set up front;
 * ancestors and feature sets are derived on first use and kept, so a
 * detection pays for the few targets it looks into, not all 78.
 */
export class Target {
  /** archspec name (`zen3`). */
  readonly name: string;
  /** Vendor string from the data (`AuthenticAMD`, `ARM`, `generic` …). */
  readonly vendor: string;
  /** POWER generation (0 when the data has none). */
  readonly generation: number;
  /** Arm `CPU part` (`0xd4f`), or "" when the data has none. */
  readonly cpuPart: string;
  /** Direct parents, in the data's `from` order (filled while the table is built). */
  readonly parents: Target[];
  /** Name of the one root among the target and its ancestors (`x86_64`, `aarch64` …). */
  family: string;
  private readonly featureText: string;
  private cachedListed: readonly string[] | undefined;
  private cachedAncestors: readonly Target[] | undefined;
  private cachedFeatures: ReadonlySet<string> | undefined;

  /**
   * @param name archspec name
   * @param vendor vendor string from the data
   * @param featureText features as the JSON lists them, space-separated (no synthetic `sse3`)
   * @param generation POWER generation, 0 when none
   * @param cpuPart Arm `CPU part`, "" when none
   */
  constructor(name: string, vendor: string, featureText: string, generation: number, cpuPart: string) {
    this.name = name;
    this.vendor = vendor;
    this.featureText = featureText;
    this.generation = generation;
    this.cpuPart = cpuPart;
    this.parents = [];
    this.family = name;
    this.cachedListed = undefined;
    this.cachedAncestors = undefined;
    this.cachedFeatures = undefined;
  }

  /** Features as the JSON lists them (no synthetic `sse3`). */
  get listed(): readonly string[] {
    return this.cachedListed ??= this.featureText === "" ? [] : this.featureText.split(" ");
  }

  /** Distinct transitive ancestors in archspec's order: parents first, then each parent's own ancestors not yet listed. */
  get ancestors(): readonly Target[] {
    if (this.cachedAncestors) return this.cachedAncestors;
    const list: Target[] = [...this.parents];
    for (const p of this.parents) for (const a of p.ancestors) if (!list.includes(a)) list.push(a);
    return this.cachedAncestors = list;
  }

  /** Features, with archspec's synthetic `sse3` added wherever `ssse3` is listed. */
  get features(): ReadonlySet<string> {
    return this.cachedFeatures ??= withSyntheticSse3(this.listed);
  }

  /** `len(features)` in archspec: distinct listed features plus a synthetic `sse3`. */
  get featureCount(): number {
    return this.features.size;
  }

  /**
   * Whether every feature is in `host` (a host feature set that already has
   * its synthetic `sse3`). The listed features suffice: the synthetic `sse3`
   * needs `ssse3`, which then gives the host its `sse3` too.
   */
  featuresIn(host: ReadonlySet<string>): boolean {
    for (const f of this.listed) if (!host.has(f)) return false;
    return true;
  }
}

/** The loaded table: targets in archspec's TARGETS order, by name. */
export interface TargetTable {
  /** TARGETS in insertion order (parents before children, else JSON order). */
  readonly list: readonly Target[];
  /** Lookup by name. */
  readonly byName: ReadonlyMap<string, Target>;
  /** `conversions.arm_vendors`: `CPU implementer` code → vendor name. */
  readonly armVendors: ReadonlyMap<string, string>;
}

let table: TargetTable | undefined;

/** The target table, built on first use and kept. */
export function targets(): TargetTable {
  return table ??= build(JSON.parse(MICROARCHITECTURES) as CompactData);
}

/** archspec's `Microarchitecture` features: a set, plus `sse3` when `ssse3` is present (Linux prints SSE3 as `pni`). */
export function withSyntheticSse3(features: Iterable<string>): Set<string> {
  const set = new Set(features);
  if (set.has("ssse3")) set.add("sse3");
  return set;
}

/** A target that is not in the data: archspec's `generic_microarchitecture(name)`. */
export function genericTarget(name: string): Target {
  return new Target(name, "generic", "", 0, "");
}

function build(data: CompactData): TargetTable {
  const rows = new Map(data.targets.map((row) => [row[0], row]));
  const byName = new Map<string, Target>();
  const list: Target[] = [];
  const visiting = new Set<string>();
  // Python's fill_target_from_dict: recursively add parents first, so TARGETS
  // order is JSON order except where a child would precede its parent.
  const fill = (name: string, child: string): Target => {
    const done = byName.get(name);
    if (done) return done;
    const row = rows.get(name);
    if (!row) throw new Error(`archspec data: target "${child}" names unknown parent "${name}"`);
    if (visiting.has(name)) throw new Error(`archspec data: "${name}" is its own ancestor`);
    visiting.add(name);
    const [, from, vendor, features, generation, cpuPart] = row;
    const target = new Target(name, vendor, features, generation, cpuPart);
    if (from !== "") for (const p of from.split(" ")) target.parents.push(fill(p, name));
    // archspec asserts a single root; every family in the data has one.
    if (target.parents.length > 0) target.family = target.parents[0]!.family;
    byName.set(name, target);
    list.push(target);
    return target;
  };
  for (const row of data.targets) fill(row[0], row[0]);
  return { list, byName, armVendors: new Map(Object.entries(data.armVendors)) };
}

/**
 * `t`'s ancestors nearest first: by longest path from `t` (ties in archspec's
 * order), so each comes before its own ancestors and the family root is last.
 */
export function nearestFirst(t: Target): string[] {
  const far = new Map<string, number>();
  const walk = (u: Target, d: number): void => {
    for (const p of u.parents) {
      if ((far.get(p.name) ?? 0) < d) {
        far.set(p.name, d);
        walk(p, d + 1);
      }
    }
  };
  walk(t, 1);
  return t.ancestors.map((a) => a.name).sort((x, y) => far.get(x)! - far.get(y)!); // stable sort
}

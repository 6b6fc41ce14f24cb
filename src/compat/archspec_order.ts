/**
 * archspec's order for `io.archspec.cpu.target` requirements
 * (`archspec.cpu.Microarchitecture.__ge__`): a node whose target is H runs an
 * image built for R when R is H or one of H's ancestors — `skylake` runs
 * `haswell` and `x86_64_v3` builds, `zen3` does not run `icelake` builds.
 *
 * compspec-go wrote Go architecture names (`amd64`, `arm64`) where an archspec
 * name belongs; they stand for the family root (`x86_64`, `aarch64`). A name
 * the bundled archspec data does not know is *unknown*, not incompatible.
 *
 * @module
 */
import { ARCHSPEC_DATA_COMMIT } from "../archspec/mod.ts";
import { type Target, targets } from "../archspec/targets.ts";

/** Go architecture names compspec-go writes, and the archspec family each stands for. */
const GO_ARCH: Readonly<Record<string, string>> = { amd64: "x86_64", arm64: "aarch64" };

/** Go names with no exact archspec target (32-bit x86's roots are `x86` → `i686` → …). */
const NO_ARCHSPEC_NAME: ReadonlySet<string> = new Set(["i386", "386"]);

/** Whether a requirement holds on a node, and why not when it does not (or cannot be told). */
export interface ArchspecAnswer {
  status: "pass" | "fail" | "unknown";
  note?: string;
}

function unknownName(name: string): ArchspecAnswer {
  return NO_ARCHSPEC_NAME.has(name)
    ? { status: "unknown", note: `${name} has no exact archspec name` }
    : { status: "unknown", note: `${name} is not an archspec target compspec knows (archspec data ${ARCHSPEC_DATA_COMMIT})` };
}

/** The most features shown when a node's target lacks some of the required one's. */
const MAX_FEATURES_SHOWN = 5;

/**
 * Why a node of target `h` does not run a `r` build, `r` of the same family
 * but not among `h`'s ancestors, in archspec's data: which of `r`'s features
 * `h` does not list, or, when it lists them all (`zen4` and `skylake`), that
 * only the lineage stands in the way; and the newest generic target in both
 * lineages (`x86_64_v3`), which an artifact could name instead.
 */
function notInLineage(r: Target, h: Target): string {
  const lineage = `${r.name} is not in ${h.name}'s archspec lineage`;
  const shared = [h, ...h.ancestors].filter((t) => t.vendor === "generic" && (t === r || r.ancestors.includes(t)));
  const best = shared.reduce<Target | undefined>((a, t) => (a === undefined || t.featureCount > a.featureCount ? t : a), undefined);
  const lacking = [...r.features].filter((f) => !h.features.has(f)).sort();
  // POWER targets are told apart by generation, not by features: only the lineage can be said.
  if (r.listed.length === 0) return `${lineage}${best ? `; a build for ${best.name} (in both lineages) would run there` : ""}`;
  if (lacking.length === 0) {
    return `${lineage}, though ${h.name} has all of ${r.name}'s features${best ? `; an artifact naming ${best.name} (in both lineages) would admit it` : ""}`;
  }
  const shown = lacking.length > MAX_FEATURES_SHOWN ? [...lacking.slice(0, MAX_FEATURES_SHOWN), "…"] : lacking;
  const features = `archspec's ${h.name} does not list ${lacking.length} of ${r.name}'s features (${shown.join(", ")})`;
  return `${lineage}, and ${features}${best ? `; a build for ${best.name} (in both lineages) would run there` : ""}`;
}

/**
 * Does a node whose target is `node` (with archspec's ancestor list
 * `ancestors` as the node file recorded it, comma-separated, if known) run
 * an image built for `required`?
 */
export function archspecSatisfies(required: string, node: string, ancestors?: string): ArchspecAnswer {
  const table = targets().byName;
  const want = GO_ARCH[required] ?? required;
  const r = table.get(want);
  if (!r) return unknownName(required);
  const family = GO_ARCH[node];
  if (family !== undefined) {
    if (want === family) return { status: "pass" };
    if (r.family !== family) return { status: "fail", note: `${want} is not a ${family} target` };
    return { status: "unknown", note: `the node's target is only known as ${node} (a Go architecture name), not its archspec microarchitecture` };
  }
  const h = table.get(node);
  if (h) {
    if (h === r || h.ancestors.includes(r)) return { status: "pass" };
    return { status: "fail", note: r.family !== h.family ? `${want} is not a ${h.family} target` : notInLineage(r, h) };
  }
  if (ancestors !== undefined && ancestors !== "") {
    // A target newer than our data: trust the ancestry the node's own archspec recorded.
    return want === node || ancestors.split(",").includes(want) ? { status: "pass" } : { status: "fail", note: `${want} is not among ${node}'s ancestors` };
  }
  return unknownName(node);
}

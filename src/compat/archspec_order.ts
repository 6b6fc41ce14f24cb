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
import { targets } from "../archspec/targets.ts";

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
    return { status: "fail", note: r.family !== h.family ? `${want} is not a ${h.family} target` : `${node} is not ${want} or newer` };
  }
  if (ancestors !== undefined && ancestors !== "") {
    // A target newer than our data: trust the ancestry the node's own archspec recorded.
    return want === node || ancestors.split(",").includes(want) ? { status: "pass" } : { status: "fail", note: `${want} is not among ${node}'s ancestors` };
  }
  return unknownName(node);
}

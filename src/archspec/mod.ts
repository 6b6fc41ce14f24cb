/**
 * archspec host detection (issue 6): name a CPU's microarchitecture exactly as
 * archspec does. Pure: cpuinfo text and machine family in, names out.
 *
 * Reproduces `archspec.cpu.host()` on Linux (archspec 0.2.6+, data at
 * archspec-json {@linkcode ARCHSPEC_DATA_COMMIT}); see docs/archspec.md.
 *
 * @module
 */
import { genericOf, selectTarget } from "./detect.ts";
import { hostInfo } from "./host_info.ts";
import { nearestFirst, targets } from "./targets.ts";

export { parseFirstBlock } from "./cpuinfo.ts";
export { type HostInfo, hostInfo } from "./host_info.ts";

/** What archspec says about a host. */
export interface ArchspecTarget {
  /** archspec name, e.g. `zen`, `skylake_avx512`, `neoverse_v2`, `power9le`. */
  name: string;
  /** Target vendor as archspec's data states it (e.g. `AuthenticAMD`, `ARM`, `IBM`, `generic`). */
  vendor: string;
  /**
   * archspec's `Microarchitecture.generic`: the best generic level among the
   * target and its ancestors (`x86_64_v3`, `armv9.0a`), else the family (`ppc64le`, `riscv64`).
   */
  generic: string;
  /**
   * Every target an image may be built for and still run here, other than
   * `name` itself: archspec's `ancestors` set, generic levels and the family
   * root included, nearest first (by longest path; each target precedes its
   * own ancestors, so the family root is last). Empty for a family root.
   */
  ancestors: string[];
}

/** Commit of the bundled archspec-json data (`cpu/microarchitectures.json`). */
export const ARCHSPEC_DATA_COMMIT = "90b453f";

/** Full hash of {@linkcode ARCHSPEC_DATA_COMMIT}. */
export const ARCHSPEC_DATA_COMMIT_FULL = "90b453f4053b6b139d1d2cb78c463b02e71ef363";

/**
 * Detect the archspec target from /proc/cpuinfo text and the machine family
 * (`uname -m`: x86_64, aarch64, ppc64le …), exactly as archspec's `host()`.
 * Only the first processor block of `cpuinfo` is read. Families archspec has
 * no check for (`s390x`, `armv7l`, `loongarch64` …) get the machine name
 * verbatim, as archspec reports them. Returns `undefined` only when `machine`
 * is empty (no family known, so archspec has nothing to say).
 */
export function detectTarget(cpuinfo: string, machine: string): ArchspecTarget | undefined {
  if (machine === "") return undefined;
  const t = selectTarget(hostInfo(cpuinfo, machine), machine);
  return { name: t.name, vendor: t.vendor, generic: genericOf(t).name, ancestors: nearestFirst(t) };
}

/** Whether `name` is a target in the bundled data. */
export function isKnownTarget(name: string): boolean {
  return targets().byName.has(name);
}

/**
 * archspec's image rule: an image built for `image` runs on `node` iff
 * `image` is the node's target or one of its ancestors. `undefined` when
 * `image` is not in the bundled data (e.g. a newer archspec's name): unknown,
 * not incompatible.
 */
export function imageRunsOn(image: string, node: ArchspecTarget): boolean | undefined {
  if (image === node.name || node.ancestors.includes(image)) return true;
  return isKnownTarget(image) ? false : undefined;
}

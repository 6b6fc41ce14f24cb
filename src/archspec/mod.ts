/**
 * archspec host detection (issue 6): name a CPU's microarchitecture exactly as
 * archspec does. Pure: cpuinfo text and machine family in, names out.
 *
 * @module
 */

/** What archspec says about a host. */
export interface ArchspecTarget {
  /** archspec name, e.g. `zen`, `skylake_avx512`, `neoverse_v2`, `power9le`. */
  name: string;
  /** Target vendor as archspec's data states it (e.g. `AuthenticAMD`, `ARM`, `IBM`, `generic`). */
  vendor: string;
  /** Best generic level (`x86_64_v3`) or the family (`aarch64`). */
  generic: string;
  /** Every target an image may be built for and still run here, nearest first. */
  ancestors: string[];
}

/** Commit of the bundled archspec-json data. */
export const ARCHSPEC_DATA_COMMIT = "90b453f";

/**
 * Detect the archspec target from /proc/cpuinfo text and the machine family
 * (`uname -m`: x86_64, aarch64, ppc64le …). Returns `undefined` when the family is unknown to archspec.
 */
export function detectTarget(_cpuinfo: string, _machine: string): ArchspecTarget | undefined {
  return undefined; // filled in by issue 6
}

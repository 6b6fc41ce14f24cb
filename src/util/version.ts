/**
 * The version compspec reports. `build.ts` defines `COMPSPEC_BUILD` (version and
 * git commit) in the compiled binary; from source the package.json version is used.
 *
 * @module
 */
import pkg from "../../package.json" with { type: "json" };

declare const COMPSPEC_BUILD: { version: string; commit: string } | undefined;

const build = typeof COMPSPEC_BUILD === "undefined" ? undefined : COMPSPEC_BUILD;

/** The package version, e.g. `0.1.0`. */
export const VERSION: string = build?.version ?? pkg.version;
/** The git commit the binary was built from, or `source` when running from source. */
export const COMMIT: string = build?.commit ?? "source";

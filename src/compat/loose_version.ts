/**
 * Versions for NFD's `type: version` comparisons: loose semantic versions
 * `v?MAJOR(.MINOR)?(.PATCH)?(-PRERELEASE)?(+BUILD)?`, missing parts 0, compared
 * by MAJOR, MINOR, PATCH only (the pre-release and build parts are checked for
 * syntax and otherwise ignored). `_` is not allowed anywhere, so RHEL kernel
 * strings such as `5.14.0-427.13.1.el9_4.x86_64` are not versions: compare
 * `kernel.version` `major` / `minor` as integers for those.
 *
 * @module
 */

const LOOSE_SEMVER =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** A parsed version: `[major, minor, patch]`. */
export type LooseVersion = readonly [bigint, bigint, bigint];

/** Parse `text`, or `undefined` when it is not a loose semantic version. */
export function parseLooseVersion(text: string): LooseVersion | undefined {
  const m = LOOSE_SEMVER.exec(text);
  if (!m) return undefined;
  return [BigInt(m[1]!), BigInt(m[2] ?? "0"), BigInt(m[3] ?? "0")];
}

/** -1, 0 or 1 as `a` is older than, the same as, or newer than `b`. */
export function compareLooseVersions(a: LooseVersion, b: LooseVersion): number {
  for (let i = 0; i < 3; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}

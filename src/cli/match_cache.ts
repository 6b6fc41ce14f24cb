/**
 * `match --cache DIR`: artifacts kept between runs, named collision-free and
 * checked when read back.
 *
 * Two files per artifact: `DIR/<hex>.ref` (hex = sha256 of registry, repository
 * and the tag or digest asked for) says which artifact digest that reference
 * gave; `DIR/<hex>.json` (hex = sha256 of registry, repository and that
 * digest) holds the artifact's bytes as the registry stored them. A blob whose
 * bytes do not hash to its digest, or a `.ref` that names another reference,
 * is refused (with a warning) and the artifact fetched again. Credentials are
 * never written.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import * as v from "valibot";
import { digestOf } from "../registry/digest.ts";
import { MAX_ARTIFACT_BYTES } from "../registry/media_types.ts";
import { type ImageReference, isDigest, referenceTarget } from "../registry/reference.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import { writeFileAtomic } from "./output.ts";

/** What a `.ref` file holds. */
const RefEntrySchema = v.object({
  registry: v.string(),
  repository: v.string(),
  reference: v.string(),
  digest: v.pipe(v.string(), v.check(isDigest, "not a digest")),
});

/** The registry and repository parts of a reference (a layout is its path, with no repository). */
function place(ref: ImageReference): { registry: string; repository: string } {
  return ref.kind === "registry" ? { registry: ref.host, repository: ref.repository } : { registry: `oci-layout:${ref.path}`, repository: "" };
}

/** Hex sha256 of parts joined by NUL (no part holds a NUL, so distinct parts never give one name). */
function keyOf(parts: readonly string[]): string {
  return digestOf(new TextEncoder().encode(parts.join("\0"))).slice("sha256:".length);
}

/** The `.ref` file of a reference. */
export function cacheRefFile(dir: string, ref: ImageReference): string {
  const { registry, repository } = place(ref);
  return nodePath.join(dir, `${keyOf(["ref", registry, repository, referenceTarget(ref)])}.ref`);
}

/** The blob file of an artifact digest in a reference's repository. */
export function cacheBlobFile(dir: string, ref: ImageReference, digest: string): string {
  const { registry, repository } = place(ref);
  return nodePath.join(dir, `${keyOf(["blob", registry, repository, digest])}.json`);
}

/**
 * The cached artifact bytes for `ref`, verified against their digest;
 * `undefined` when there are none, or (after `warn`) when the entry is unusable.
 */
export function readCached(dir: string, ref: ImageReference, warn: (message: string) => void): Uint8Array | undefined {
  const refFile = cacheRefFile(dir, ref);
  if (!fs.existsSync(refFile)) return undefined;
  const { registry, repository } = place(ref);
  try {
    const parsed = v.safeParse(RefEntrySchema, JSON.parse(new TextDecoder().decode(readSmallFile(refFile, 64 * 1024))));
    const entry = parsed.success ? parsed.output : undefined;
    if (!entry || entry.registry !== registry || entry.repository !== repository || entry.reference !== referenceTarget(ref)) {
      warn(`${refFile}: not the cache entry of this reference; fetching it again`);
      return undefined;
    }
    const blobFile = cacheBlobFile(dir, ref, entry.digest);
    const bytes = readSmallFile(blobFile, MAX_ARTIFACT_BYTES);
    const got = digestOf(bytes, entry.digest.startsWith("sha512:") ? "sha512" : "sha256");
    if (got !== entry.digest) {
      warn(`${blobFile}: digest mismatch (expected ${entry.digest}, got ${got}); refusing the cached copy and fetching it again`);
      return undefined;
    }
    return bytes;
  } catch (e) {
    if (!(e instanceof SmallFileError || e instanceof SyntaxError)) throw e;
    warn(`${refFile}: ${e.message}; fetching it again`);
    return undefined;
  }
}

/** Keep `bytes` (verified when fetched) as the artifact of `ref`: the blob first, then the `.ref` naming it. */
export function writeCached(dir: string, ref: ImageReference, bytes: Uint8Array): void {
  const digest = digestOf(bytes);
  writeFileAtomic(cacheBlobFile(dir, ref, digest), bytes);
  const entry = { ...place(ref), reference: referenceTarget(ref), digest };
  writeFileAtomic(cacheRefFile(dir, ref), `${JSON.stringify(entry)}\n`);
}

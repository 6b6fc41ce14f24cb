/**
 * compspec-go's sibling tag: a compspec attribute artifact stored under
 * `<tag>-compspec` (no `subject`), its spec in the last layer of either
 * compspec media type (compspec-go's rule).
 *
 * @module
 */
import type { FetchedArtifact } from "./fetched_artifact.ts";
import { RegistryError } from "./errors.ts";
import { COMPSPEC_LAYERS, COMPSPEC_TAG_SUFFIX, MAX_ARTIFACT_BYTES } from "./media_types.ts";
import type { Descriptor } from "./oci.ts";
import { formatReference, type ImageReference, referenceTarget, withTag } from "./reference.ts";
import type { FetchedManifest, Repository } from "./repository.ts";

/** The sibling tag compspec-go's examples use: `<tag>-compspec`. */
export function siblingReference(ref: ImageReference): ImageReference {
  return withTag(ref, `${ref.tag ?? "latest"}${COMPSPEC_TAG_SUFFIX}`);
}

/** The manifest at `ref` and its last compspec layer; `undefined` when the tag is missing or names no manifest. */
export async function compspecManifestAt(
  repo: Repository,
  ref: ImageReference,
): Promise<{ got: FetchedManifest; layer: Descriptor | undefined } | undefined> {
  let got: FetchedManifest;
  try {
    got = await repo.fetchManifest(referenceTarget(ref));
  } catch (e) {
    if (e instanceof RegistryError && e.kind === "not-found") return undefined;
    throw e;
  }
  if (got.parsed.kind !== "manifest") return undefined;
  // compspec-go decodes every layer of the wanted type; the last one wins.
  return { got, layer: got.parsed.manifest.layers.filter((l) => COMPSPEC_LAYERS.includes(l.mediaType)).at(-1) };
}

/** The last compspec layer of the manifest at `ref` (compspec-go's rule); `undefined` when the tag or the layer is missing. */
export async function compspecLayerAt(repo: Repository, ref: ImageReference): Promise<FetchedArtifact | undefined> {
  const found = await compspecManifestAt(repo, ref);
  if (!found?.layer) return undefined;
  const bytes = await repo.fetchBlob(found.layer, MAX_ARTIFACT_BYTES);
  return { bytes, mediaType: found.layer.mediaType, kind: "compspec", manifestDigest: found.got.descriptor.digest, source: `tag ${formatReference(ref)}` };
}

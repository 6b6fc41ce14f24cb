/**
 * The media types the two artifact kinds are stored under, as their tools
 * store them: the one definition, used by the registry client to find and
 * attach artifacts, and the kind a media type names — a shortcut where the
 * type is the right signal (which layer of an artifact holds the spec, an NFD
 * layer `match` need not parse). Everything else is told from the content
 * ({@linkcode detectArtifactKind} in artifact.ts).
 *
 * @module
 */
import type { ArtifactKind } from "./artifact.ts";

/** NFD: the artifact manifest's `artifactType` (attached to the image as a referrer). */
export const NFD_ARTIFACT_TYPE = "application/vnd.nfd.image-compatibility.v1alpha1";
/** NFD: the layer holding the YAML spec. */
export const NFD_SPEC_LAYER = "application/vnd.nfd.image-compatibility.spec.v1alpha1+yaml";
/** compspec-go's examples: the attribute artifact's layer (and artifact) type, under a sibling `<tag>-compspec`. */
export const COMPSPEC_LAYER = "application/org.supercontainers.compspec";
/** The layer type compspec-go's `match` looks for since its 2024-02-20 rename; both are accepted. */
export const COMPSPEC_LAYER_RENAMED = "application/org.compspec";
/** Layer types that hold a compspec attribute artifact. */
export const COMPSPEC_LAYERS: readonly string[] = [COMPSPEC_LAYER, COMPSPEC_LAYER_RENAMED];

/** The kind a layer media type or artifact type names, if it names one. */
export function kindOfMediaType(mediaType: string | undefined): ArtifactKind | undefined {
  if (mediaType === NFD_SPEC_LAYER || mediaType === NFD_ARTIFACT_TYPE) return "nfd";
  if (mediaType !== undefined && COMPSPEC_LAYERS.includes(mediaType)) return "compspec";
  return undefined;
}

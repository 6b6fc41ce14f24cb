/**
 * Media types and annotation keys used by the registry client and the
 * compatibility artifacts it stores.
 *
 * @module
 */
import { COMPSPEC_LAYERS, NFD_ARTIFACT_TYPE } from "../compat/media_types.ts";

/** OCI image manifest. */
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
/** OCI image index (also the referrers list). */
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
/** Docker image manifest v2 schema 2. */
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
/** Docker manifest list. */
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
/** The OCI empty descriptor's media type (the config of an artifact). */
export const OCI_EMPTY = "application/vnd.oci.empty.v1+json";
/** The empty config blob: the two bytes `{}`. */
export const EMPTY_CONFIG_BYTES = new TextEncoder().encode("{}");
/** Its digest. */
export const EMPTY_CONFIG_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

/** Every manifest type this client asks for (`Accept`): without it Distribution 2.8 hides OCI manifests. */
export const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST].join(", ");

// The compatibility artifacts' own types are defined with their formats (src/compat).
export { COMPSPEC_LAYER, COMPSPEC_LAYERS, NFD_ARTIFACT_TYPE, NFD_SPEC_LAYER } from "../compat/media_types.ts";

/** Referrer artifact types that are compatibility artifacts (default filter for discovery). */
export const COMPAT_ARTIFACT_TYPES: readonly string[] = [NFD_ARTIFACT_TYPE, ...COMPSPEC_LAYERS];

/** Creation time annotation (RFC 3339); the newest referrer wins. */
export const ANNOTATION_CREATED = "org.opencontainers.image.created";
/** A file name for a layer (what ORAS writes). */
export const ANNOTATION_TITLE = "org.opencontainers.image.title";
/** Tag of a manifest in an OCI layout's index.json. */
export const ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";

/** The sibling tag compspec-go's examples store attribute artifacts under. */
export const COMPSPEC_TAG_SUFFIX = "-compspec";

/** Largest manifest or index accepted (the OCI distribution spec's limit). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Largest artifact layer accepted: compatibility specs are kilobytes; this refuses anything absurd. */
export const MAX_ARTIFACT_BYTES = 16 * 1024 * 1024;

/** Whether `mediaType` is an index (OCI or Docker list). */
export function isIndexType(mediaType: string | undefined): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

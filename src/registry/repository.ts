/**
 * What the artifact code needs from a place that stores images: a registry
 * repository ({@linkcode RemoteRepository}) or an OCI image layout
 * ({@linkcode LayoutRepository}). Every byte handed out has been checked
 * against its digest (and size, when a descriptor gave one).
 *
 * @module
 */
import type { Descriptor, Parsed } from "./oci.ts";

/** A manifest or index, verified and parsed. */
export interface FetchedManifest {
  /** Its descriptor: media type, digest, size (of the exact bytes). */
  descriptor: Descriptor;
  bytes: Uint8Array;
  parsed: Parsed;
}

/** A repository in a registry or a layout. */
export interface Repository {
  /** How messages name it: `127.0.0.1:5000/repo` or `oci-layout:/path`. */
  readonly name: string;
  /**
   * The manifest or index at a tag or digest. `expected` (a descriptor) makes
   * its size and digest checked too. A missing one is a `not-found` error.
   */
  fetchManifest(reference: string, expected?: Descriptor): Promise<FetchedManifest>;
  /** A blob, refused when its descriptor's size is over `maxBytes`; checked against the descriptor. */
  fetchBlob(descriptor: Descriptor, maxBytes: number): Promise<Uint8Array>;
  /** Store a blob (skipped when already there). */
  pushBlob(bytes: Uint8Array, descriptor: Descriptor): Promise<void>;
  /**
   * Store a manifest or index under a tag or its digest. `subjectIndexed` is
   * true when the store itself lists it as a referrer of its subject (registry
   * answered `OCI-Subject`; a layout always does), so no tag-schema index is needed.
   */
  pushManifest(bytes: Uint8Array, mediaType: string, reference: string): Promise<{ digest: string; subjectIndexed: boolean }>;
  /** Remove a manifest by digest; `false` when the store does not allow it. */
  deleteManifest(digest: string): Promise<boolean>;
  /**
   * The referrers of `digest` through the store's own listing (referrers API,
   * or a layout's manifests), or `undefined` when it has none (then the
   * tag-schema index is the place to look).
   */
  referrers(digest: string): Promise<Descriptor[] | undefined>;
  /** Remove what this object created where the store lets it (a layout): a failed push leaves nothing new. */
  discardCreated?(): void;
}

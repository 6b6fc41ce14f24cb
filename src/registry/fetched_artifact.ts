/**
 * What fetching an image's compatibility artifact gives (`fetchArtifact`), in a
 * file of its own so that the sibling-tag reader and the fetcher share it
 * without importing each other.
 *
 * @module
 */
import type { ArtifactKind } from "../compat/artifact.ts";

/** An artifact found for an image, verified. */
export interface FetchedArtifact {
  /** The artifact's layer bytes (its digest and size checked). */
  bytes: Uint8Array;
  /** The layer's media type. */
  mediaType: string;
  /** The kind its types name, when they name one (else decide from the content). */
  kind?: ArtifactKind;
  /** The artifact manifest's digest. */
  manifestDigest: string;
  /** Where it was found, for people: `referrer sha256:… of IMAGE (…)` or `sibling tag IMAGE-compspec`. */
  source: string;
  /** Other compatibility artifacts attached where it was found, that it was chosen over (`artifact list` shows them). */
  others?: number;
}

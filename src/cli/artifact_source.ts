/**
 * Where a compatibility artifact's bytes come from: the one place `check`
 * reads them — a file (`--artifact FILE`) or the artifact attached to an
 * image in a registry or an OCI layout (`--image REF`, found and verified by
 * src/registry). Everything after — parsing, checking, output — takes only the
 * text, the name to report it under, and the name to word its errors with.
 *
 * @module
 */
import { DocumentError, documentText, MAX_DOCUMENT_BYTES } from "../compat/document.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import type { ArtifactLookupValues } from "./registry_flags.ts";
import { usageError } from "./output.ts";
import { systemErrorText } from "../util/errors.ts";

/** An artifact's text, and the names its report and its errors use. */
export interface ArtifactText {
  text: string;
  /** The file name, or the image reference as given. */
  source: string;
  /**
   * From an image: where the artifact was found, for people
   * (`referrer sha256:… of IMAGE@sha256:… (…)`, `sibling tag IMAGE-compspec`).
   */
  found?: string;
  /** From an image: what its errors name (`artifact sha256:… of IMAGE`); a file's errors name the file. */
  errorName?: string;
}

/** Where `check` gets its artifact: a file, or an image and the options to find its artifact with. */
export type ArtifactOrigin =
  | { file: string }
  | { image: string; lookup: ArtifactLookupValues };

/**
 * Exit status of `check --image` when the artifact cannot be had (registry or
 * layout failure, no artifact attached, a digest mismatch): 1 means "it
 * cannot run", and a script must be able to tell "no answer" from "no".
 */
export const NO_ARTIFACT_EXIT = 3;

/**
 * The artifact `check` evaluates. A file that cannot be read, or an artifact
 * that is not UTF-8 or too large, is a usage error (exit 2) naming it; an
 * image whose artifact cannot be found or fetched intact exits
 * {@linkcode NO_ARTIFACT_EXIT}, the message naming the image.
 */
export async function readArtifactText(origin: ArtifactOrigin, command = "check"): Promise<ArtifactText> {
  if ("file" in origin) return readDocumentFile(origin.file, "--artifact");
  // Loaded only here: a check of a file, and create artifact, need no registry code.
  const { cliErrorOf, fetchImageArtifact, othersNote } = await import("./registry_options.ts");
  let fetched;
  try {
    fetched = await fetchImageArtifact(command, origin.image, origin.lookup);
  } catch (e) {
    throw cliErrorOf(e, command, NO_ARTIFACT_EXIT);
  }
  const errorName = `artifact ${fetched.manifestDigest} of ${origin.image}`;
  try {
    return { text: documentText(fetched.bytes, origin.image), source: origin.image, found: `${fetched.source}${othersNote(fetched, origin.image)}`, errorName };
  } catch (e) {
    if (e instanceof DocumentError) throw usageError(`${command}: ${artifactErrorText(e, errorName)}`);
    throw e;
  }
}

/**
 * A bad artifact's error in words: `FILE:LINE:COL: problem` for a file (the
 * compiler's form); for an image, whose reference holds colons itself,
 * `artifact sha256:… of IMAGE, line L, column C: problem`.
 */
export function artifactErrorText(e: DocumentError, errorName: string | undefined): string {
  if (errorName === undefined) return e.message;
  return `${errorName}${e.place ? `, line ${e.place.line}, column ${e.place.col}` : ""}: ${e.problem}`;
}

/**
 * The text of the compatibility document (artifact or request) at `path`,
 * given with `option`, read defensively: more than
 * {@linkcode MAX_DOCUMENT_BYTES} is refused from its size alone, a FIFO or
 * device without blocking. Throws a usage error (exit 2) naming the file.
 */
export function readDocumentFile(path: string, option: string): ArtifactText {
  const fail = (why: string) => usageError(`${option} ${path}: ${why}`);
  let bytes: Uint8Array;
  try {
    bytes = readSmallFile(path, MAX_DOCUMENT_BYTES);
  } catch (e) {
    if (!(e instanceof SmallFileError)) throw e;
    const p = e.problem;
    switch (p.kind) {
      case "open":
        throw fail(p.code === "ENOENT" || p.code === "EACCES" ? systemErrorText(p) : p.message);
      case "directory":
        throw fail("is a directory, not a file");
      case "not-regular":
        throw fail("is not a regular file");
      case "too-large":
        throw fail(
          p.size === undefined
            ? `is more than ${p.maxBytes} bytes; refused`
            : `is ${p.size} bytes; a compatibility document may be at most ${p.maxBytes} (refused unread)`,
        );
      case "read":
        throw fail(p.message);
    }
  }
  try {
    return { text: documentText(bytes, path), source: path };
  } catch (e) {
    if (e instanceof DocumentError) throw fail(e.problem);
    throw e;
  }
}

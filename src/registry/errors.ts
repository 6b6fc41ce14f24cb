/**
 * The one error type of src/registry. Its message already names the image (or
 * layout) and what went wrong; `kind` lets callers choose an exit code or
 * decide whether to go on (`not-found` while probing a sibling tag).
 *
 * @module
 */
import { namedError } from "../util/named_error.ts";

/** What went wrong. */
export type RegistryErrorKind =
  /** A bad reference or option: the user must change the command (exit 2). */
  | "usage"
  /** 401/403 after every credential was tried. */
  | "auth"
  /** The image, tag, manifest or blob does not exist. */
  | "not-found"
  /** The image exists but has no compatibility artifact. */
  | "no-artifact"
  /** Bytes whose digest or size differ from what their descriptor promised. */
  | "digest"
  /** A manifest over 4 MiB or a blob over its cap. */
  | "too-large"
  /** A manifest, index or answer that is not what the protocol says. */
  | "malformed"
  /** No answer within the time limit. */
  | "timeout"
  /** Connection refused, DNS failure, reset … */
  | "network"
  /** A layout file that cannot be written (disk full, permissions, a link where none may be). */
  | "io"
  /** Any other unexpected answer (5xx, 405 …). */
  | "protocol";

/** A registry or layout failure; the message is complete and safe to print (it never holds a credential). */
export class RegistryError extends namedError("RegistryError") {
  /** @param status the HTTP status the server answered, when the error is its answer */
  constructor(readonly kind: RegistryErrorKind, message: string, readonly status?: number) {
    super(message);
  }
}

/**
 * Content digests: computed over the exact bytes (never re-serialised JSON) and
 * checked against a descriptor's digest and size before anything reads them.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { RegistryError } from "./errors.ts";

/** `sha256:` + lower-case hex of `bytes` (or `sha512:` when `algorithm` says so). */
export function digestOf(bytes: Uint8Array, algorithm: "sha256" | "sha512" = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}

/** The algorithm of a digest this client can verify. */
function algorithmOf(digest: string): "sha256" | "sha512" {
  const alg = digest.slice(0, digest.indexOf(":"));
  if (alg === "sha256" || alg === "sha512") return alg;
  throw new RegistryError("malformed", `unsupported digest algorithm in ${JSON.stringify(digest)}`);
}

/** What a digest check needs: the expected digest and, when known, the size. */
export interface Expected {
  digest: string;
  size?: number;
}

/**
 * Throw a `digest` {@linkcode RegistryError} unless `bytes` has the expected size
 * and digest. `what` names the object for the message ("manifest of IMAGE").
 */
export function verifyBytes(bytes: Uint8Array, expected: Expected, what: string): void {
  if (expected.size !== undefined && bytes.length !== expected.size) {
    throw new RegistryError(
      "digest",
      `${what}: size mismatch (descriptor says ${expected.size} bytes, got ${bytes.length}); refusing to use it`,
    );
  }
  const actual = digestOf(bytes, algorithmOf(expected.digest));
  if (actual !== expected.digest) {
    throw new RegistryError("digest", `${what}: digest mismatch (expected ${expected.digest}, got ${actual}); refusing to use it`);
  }
}

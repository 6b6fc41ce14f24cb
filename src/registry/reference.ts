/**
 * Image references: `host[:port]/repo[:tag|@digest]` for a registry and
 * `oci-layout:PATH[:tag|@digest]` for an OCI image layout on disk (what
 * `skopeo copy oci:` and `oras copy --to-oci-layout` make). Pure parsing.
 *
 * Unlike compspec-go (tag = text after the first `:`), the tag is what follows
 * the last `:` after the last `/`, so `127.0.0.1:5000/repo:v1` works.
 *
 * @module
 */
import { RegistryError } from "./errors.ts";

/** A reference to an image in a registry. */
export interface RegistryReference {
  kind: "registry";
  /** `host[:port]` as written (lower-cased); `docker.io` stays `docker.io`. */
  host: string;
  /** Repository path, e.g. `library/ubuntu`. */
  repository: string;
  /** The tag, when written. */
  tag?: string;
  /** The digest, when written (wins over the tag). */
  digest?: string;
}

/** A reference to an image in an OCI image layout folder. */
export interface LayoutReference {
  kind: "layout";
  /** The layout folder. */
  path: string;
  /** The tag (`org.opencontainers.image.ref.name`), when written. */
  tag?: string;
  /** The digest, when written. */
  digest?: string;
}

/** A registry or layout reference. */
export type ImageReference = RegistryReference | LayoutReference;

/** The prefix that marks an OCI image layout reference. */
export const LAYOUT_PREFIX = "oci-layout:";

const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;

/** Whether `text` is a digest this client can verify (`sha256:` or `sha512:` + lower-case hex). */
export function isDigest(text: string): boolean {
  return DIGEST.test(text);
}

/** Whether `text` is a valid tag. */
export function isTag(text: string): boolean {
  return TAG.test(text);
}

/** A bad reference (a usage error): the message says what is wrong. */
function badReference(reference: string, problem: string): RegistryError {
  return new RegistryError("usage", `image reference ${JSON.stringify(reference)}: ${problem}`);
}

/** Split `rest` into `name[:tag][@digest]`; the tag colon must come after the last `/`. */
function splitTagDigest(ref: string, rest: string): { name: string; tag?: string; digest?: string } {
  let name = rest;
  let digest: string | undefined;
  const at = name.indexOf("@");
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
    if (!isDigest(digest)) throw badReference(ref, `${JSON.stringify(digest)} is not a sha256 or sha512 digest`);
  }
  let tag: string | undefined;
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
    if (!isTag(tag)) throw badReference(ref, `${JSON.stringify(tag)} is not a valid tag`);
  }
  return { name, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/**
 * Parse a reference. A registry reference must name its host (a name with a dot
 * or a port, `localhost`, or an IP address), as NFD and ORAS require.
 */
export function parseReference(text: string): ImageReference {
  if (text.startsWith(LAYOUT_PREFIX)) {
    const rest = text.slice(LAYOUT_PREFIX.length);
    // The path may hold ':' itself; only a ':' after its last '/' starts a tag.
    const { name, tag, digest } = splitTagDigest(text, rest);
    if (name === "") throw badReference(text, "the layout path is empty");
    return { kind: "layout", path: name, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
  }
  const slash = text.indexOf("/");
  if (slash <= 0) {
    // A bare name is a Docker Hub official image to docker: hint the full form it stands for.
    const hint = /^[a-z0-9][a-z0-9._-]*(?::[A-Za-z0-9_.-]+)?(?:@\S+)?$/.test(text) ? ` (Docker Hub: docker.io/library/${text})` : "";
    throw badReference(text, `must start with a registry host, e.g. registry.example.org/repo:tag or 127.0.0.1:5000/repo:tag${hint}`);
  }
  const host = text.slice(0, slash).toLowerCase();
  const looksLikeHost = host.includes(".") || host.includes(":") || host === "localhost" || host.startsWith("[");
  if (!looksLikeHost || !HOST.test(host)) {
    throw badReference(
      text,
      // docker reads `hpc/solver` as docker.io/hpc/solver: only a one-component name gets `library/`.
      `${JSON.stringify(host)} is not a registry host (write the host first, e.g. docker.io/${text})`,
    );
  }
  const { name, tag, digest } = splitTagDigest(text, text.slice(slash + 1));
  if (name === "") throw badReference(text, "the repository name is empty");
  for (const part of name.split("/")) {
    if (!REPO_COMPONENT.test(part)) {
      throw badReference(text, `repository path component ${JSON.stringify(part)} is invalid (lower-case letters, digits, separators . _ __ -)`);
    }
  }
  if (name.length > 255) throw badReference(text, "the repository name is longer than 255 characters");
  return { kind: "registry", host, repository: name, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** The reference as text (the digest wins over the tag when both are set and `both` is false). */
export function formatReference(ref: ImageReference, both = true): string {
  const base = ref.kind === "layout" ? `${LAYOUT_PREFIX}${ref.path}` : `${ref.host}/${ref.repository}`;
  const tag = ref.tag !== undefined && (both || ref.digest === undefined) ? `:${ref.tag}` : "";
  const digest = ref.digest !== undefined ? `@${ref.digest}` : "";
  return `${base}${tag}${digest}`;
}

/** The same repository with another tag (and no digest). */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  const { digest: _d, tag: _t, ...rest } = ref;
  return { ...rest, tag } as ImageReference;
}

/** The same repository at a digest, without a tag. */
export function atDigest(ref: ImageReference, digest: string): ImageReference {
  const { tag: _t, ...rest } = ref;
  return { ...rest, digest } as ImageReference;
}

/** The same repository at a digest (tag kept for messages). */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  return { ...ref, digest };
}

/** The tag or digest to ask for: digest first, then tag, else `latest`. */
export function referenceTarget(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? "latest";
}

/**
 * The referrers tag-schema tag for a digest (OCI distribution spec): `alg-hex`,
 * algorithm cut to 32 and hex to 64 characters, invalid tag characters as `-`.
 */
export function referrersTag(digest: string): string {
  const colon = digest.indexOf(":");
  const alg = digest.slice(0, colon).slice(0, 32);
  const hex = digest.slice(colon + 1).slice(0, 64);
  return `${alg}-${hex}`.replace(/[^A-Za-z0-9_.-]/g, "-");
}

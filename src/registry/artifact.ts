/**
 * Compatibility artifacts next to an image: find one from the image reference
 * alone ({@linkcode fetchArtifact}) and attach one ({@linkcode pushArtifact}).
 *
 * Finding (issue 10): the image's referrers of a compatibility artifact type
 * (referrers API or tag-schema index; the newest `created` wins), else
 * compspec-go's sibling tag `<tag>-compspec` with a layer of either compspec
 * media type (the last such layer wins, as compspec-go). Every manifest and
 * blob is checked against its digest and size before it is used.
 *
 * Attaching: NFD artifacts as NFD/ORAS do (artifactType, empty config, one
 * layer, subject, created); compspec attribute artifacts as compspec-go's
 * examples (sibling tag, layer `application/org.supercontainers.compspec`).
 *
 * @module
 */
import * as nodePath from "node:path";
import process from "node:process";
import { type AccessOptions, RegistryAccess } from "./access.ts";
import type { ArtifactKind } from "../compat/artifact.ts";
import { kindOfMediaType } from "../compat/media_types.ts";
import { digestOf } from "./digest.ts";
import { RegistryError } from "./errors.ts";
import {
  ANNOTATION_CREATED,
  ANNOTATION_TITLE,
  COMPAT_ARTIFACT_TYPES,
  COMPSPEC_LAYER,
  COMPSPEC_LAYERS,
  EMPTY_CONFIG_BYTES,
  EMPTY_CONFIG_DIGEST,
  MAX_ARTIFACT_BYTES,
  NFD_ARTIFACT_TYPE,
  NFD_SPEC_LAYER,
  OCI_EMPTY,
  OCI_MANIFEST,
} from "./media_types.ts";
import { type Descriptor, encodeJson, type Manifest } from "./oci.ts";
import { formatPlatform, hostPlatform, listPlatforms, type PlatformSpec, selectPlatform } from "./platform.ts";
import { attachReferrer, listReferrers, newestReferrer, referrerType } from "./referrers.ts";
import { atDigest, formatReference, type ImageReference, parseReference, referenceTarget, withDigest } from "./reference.ts";
import type { FetchedManifest, Repository } from "./repository.ts";
import { compspecLayerAt, compspecManifestAt, siblingReference } from "./sibling.ts";
import type { FetchedArtifact } from "./fetched_artifact.ts";

export type { FetchedArtifact } from "./fetched_artifact.ts";

export { siblingReference };


/** A parsed reference and the access object for options given either way (a shared access keeps tokens per host). */
export function open(reference: ImageReference | string, opts: AccessOptions | RegistryAccess): { ref: ImageReference; access: RegistryAccess } {
  return {
    ref: typeof reference === "string" ? parseReference(reference) : reference,
    access: opts instanceof RegistryAccess ? opts : new RegistryAccess(opts),
  };
}

/** The image a reference names, narrowed to a platform's manifest when asked. */
export interface Subject {
  repo: Repository;
  /** Descriptor of the manifest (or index) artifacts attach to. */
  descriptor: Descriptor;
  /** The reference with that digest, for messages. */
  display: string;
  /** The whole index, when the reference names one and no platform narrowed it. */
  index?: FetchedManifest;
}

/** Resolve the image (404 is an error naming it) and narrow an index to `platform`. */
export async function resolveSubject(repo: Repository, ref: ImageReference, platform: PlatformSpec | undefined): Promise<Subject> {
  const image = formatReference(ref);
  let top: FetchedManifest;
  try {
    top = await repo.fetchManifest(referenceTarget(ref));
  } catch (e) {
    if (e instanceof RegistryError && e.kind === "not-found") {
      throw new RegistryError("not-found", `image ${image} not found (${e.message})`);
    }
    throw e;
  }
  if (top.parsed.kind === "index" && platform !== undefined) {
    const entry = selectPlatform(top.parsed.index, platform);
    if (!entry) {
      throw new RegistryError(
        "not-found",
        `image ${image} has no ${formatPlatform(platform)} manifest (it has: ${listPlatforms(top.parsed.index)})`,
      );
    }
    const desc: Descriptor = { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
    return { repo, descriptor: desc, display: `${image} (${formatPlatform(platform)}: ${entry.digest})` };
  }
  const desc: Descriptor = { mediaType: top.descriptor.mediaType, digest: top.descriptor.digest, size: top.descriptor.size };
  return { repo, descriptor: desc, display: formatReference(withDigest(ref, desc.digest)), ...(top.parsed.kind === "index" ? { index: top } : {}) };
}

/** The layer of a referrer artifact that holds the spec: a known compatibility layer type, else the first layer (NFD). */
function specLayer(manifest: Manifest): Descriptor | undefined {
  return manifest.layers.find((l) => kindOfMediaType(l.mediaType) !== undefined) ?? manifest.layers[0];
}

/** Fetch a referrer's manifest (checked against its descriptor) and its spec layer. */
async function fetchReferrer(repo: Repository, ref: Descriptor, display: string, via: string): Promise<FetchedArtifact> {
  const what = `artifact ${ref.digest} of ${display}`;
  const got = await repo.fetchManifest(ref.digest, ref);
  if (got.parsed.kind !== "manifest") throw new RegistryError("malformed", `${what}: an index, not an artifact manifest`);
  const layer = specLayer(got.parsed.manifest);
  if (!layer) throw new RegistryError("malformed", `${what}: the artifact manifest has no layer`);
  const bytes = await repo.fetchBlob(layer, MAX_ARTIFACT_BYTES);
  const type = referrerType(ref) ?? got.parsed.manifest.artifactType ?? got.parsed.manifest.config.mediaType;
  const created = ref.annotations?.[ANNOTATION_CREATED];
  return {
    bytes,
    mediaType: layer.mediaType,
    kind: kindOfMediaType(layer.mediaType) ?? kindOfMediaType(type),
    manifestDigest: ref.digest,
    source: `referrer ${ref.digest} of ${display} (${type}${created ? `, created ${created}` : ""}; ${via})`,
  };
}

/**
 * The compspec attribute artifact stored at `ref` itself (a manifest entry's
 * `artifact:` in compspec-go's match manifest): its last layer of either
 * compspec media type. A `no-artifact` error when the tag or the layer is missing.
 */
export async function fetchTaggedArtifact(reference: ImageReference | string, opts: AccessOptions | RegistryAccess = {}): Promise<FetchedArtifact> {
  const { ref, access } = open(reference, opts);
  const found = await compspecLayerAt(access.repository(ref), ref);
  if (!found) {
    throw new RegistryError(
      "no-artifact",
      `no compatibility artifact at ${formatReference(ref)} (no such tag, or no layer of type ${COMPSPEC_LAYERS.join(" or ")})`,
    );
  }
  return found;
}

/**
 * The compatibility artifact of the image `reference` names (text such as
 * `host:5000/repo:tag` or `oci-layout:DIR:tag`, or parsed): the newest referrer
 * of a compatibility artifact type, else the `<tag>-compspec` sibling. `opts`:
 * plain {@linkcode AccessOptions}, or a {@linkcode RegistryAccess} to share
 * tokens across calls. The result's `bytes` are verified; `kind` is set when the
 * media types name it (else decide from the content). Throws
 * {@linkcode RegistryError}: `no-artifact` ("no compatibility artifact attached
 * to IMAGE"), `not-found` (the image), `usage` (bad reference), or a fault.
 */
export async function fetchArtifact(reference: ImageReference | string, opts: AccessOptions | RegistryAccess = {}): Promise<FetchedArtifact> {
  const { ref, access } = open(reference, opts);
  const types = access.options.artifactTypes ?? COMPAT_ARTIFACT_TYPES;
  const subject = await resolveSubject(access.repository(ref), ref, access.options.platform);
  const looked: string[] = [];
  let others = 0;
  const tryReferrers = async (digest: string, display: string): Promise<FetchedArtifact | undefined> => {
    const { referrers, source } = await listReferrers(subject.repo, digest, types, (m) => access.warn(m));
    const via = source === "api" ? "listed by the store" : "tag-schema index";
    looked.push(`referrers of ${display}`);
    const best = newestReferrer(referrers);
    others = Math.max(0, referrers.length - 1);
    return best ? await fetchReferrer(subject.repo, best, display, via) : undefined;
  };
  let found = await tryReferrers(subject.descriptor.digest, subject.display);
  if (!found && subject.index) {
    // A multi-arch image without --platform: artifacts are usually attached to a platform's manifest.
    const here = hostPlatform(process.platform, process.arch);
    const entry = subject.index.parsed.kind === "index" ? selectPlatform(subject.index.parsed.index, here) : undefined;
    if (entry) found = await tryReferrers(entry.digest, `${formatReference(ref)} (${formatPlatform(here)}: ${entry.digest})`);
  }
  // By digest alone there is no tag to put a sibling next to.
  const sibling = ref.tag === undefined && ref.digest !== undefined ? undefined : siblingReference(ref);
  if (found && sibling) {
    // A referrer wins over the sibling tag; the sibling still counts among the others (only for the message).
    const there = await compspecManifestAt(subject.repo, sibling).catch((e) => {
      if (e instanceof RegistryError) return undefined;
      throw e;
    });
    if (there?.layer) others++;
  } else if (sibling) {
    found = await compspecLayerAt(subject.repo, sibling);
    if (found) found.source = `sibling tag ${formatReference(sibling)}`;
    else looked.push(`tag ${formatReference(sibling)}`);
  }
  if (!found) {
    throw new RegistryError("no-artifact", `no compatibility artifact attached to ${formatReference(ref)} (looked at ${looked.join("; ")})`);
  }
  return { ...found, others };
}

/** What to attach. */
export interface PushRequest {
  /** The artifact file's bytes. */
  bytes: Uint8Array;
  /** Its kind (decides how it is stored). */
  kind: ArtifactKind;
  /** Its file name (the layer's `org.opencontainers.image.title`, as ORAS writes). */
  fileName: string;
  /** Creation time (default: now), written as RFC 3339 UTC seconds. */
  created?: Date;
}

/** Where a pushed artifact went. */
export interface PushResult {
  /** The artifact manifest's digest. */
  digest: string;
  /** The reference that names it now. */
  reference: string;
  /** How it is found: as a referrer listed by the store or in the tag-schema index, or by its sibling tag. */
  via: "referrers API" | "tag-schema index" | "sibling tag" | "layout index";
  /** The subject (NFD artifacts). */
  subject?: string;
}

/** Attach an artifact to the image `ref` names (see the module note); a failed push into a layout removes what it created there. */
export async function pushArtifact(reference: ImageReference | string, req: PushRequest, opts: AccessOptions | RegistryAccess = {}): Promise<PushResult> {
  const { ref, access } = open(reference, opts);
  const repo = access.repository(ref, true);
  try {
    return await push(repo, ref, access, req);
  } catch (e) {
    repo.discardCreated?.();
    throw e;
  }
}

async function push(repo: Repository, ref: ImageReference, access: RegistryAccess, req: PushRequest): Promise<PushResult> {
  const image = formatReference(ref);
  if (req.bytes.length > MAX_ARTIFACT_BYTES) {
    throw new RegistryError("too-large", `${req.fileName}: ${req.bytes.length} bytes is over the ${MAX_ARTIFACT_BYTES}-byte artifact limit`);
  }
  if (req.kind === "compspec" && ref.tag === undefined) {
    throw new RegistryError("usage", `${image}: a compspec attribute artifact is stored under the sibling tag <tag>-compspec; give the image with a tag`);
  }
  const subject = await resolveSubject(repo, ref, access.options.platform);
  // RFC 3339 UTC with whole seconds, as ORAS writes `org.opencontainers.image.created`.
  const created = (req.created ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const layerType = req.kind === "nfd" ? NFD_SPEC_LAYER : COMPSPEC_LAYER;
  const artifactType = req.kind === "nfd" ? NFD_ARTIFACT_TYPE : COMPSPEC_LAYER;
  const config: Descriptor = { mediaType: OCI_EMPTY, digest: EMPTY_CONFIG_DIGEST, size: EMPTY_CONFIG_BYTES.length };
  const layer: Descriptor = {
    mediaType: layerType,
    digest: digestOf(req.bytes),
    size: req.bytes.length,
    annotations: { [ANNOTATION_TITLE]: nodePath.basename(req.fileName) },
  };
  await repo.pushBlob(EMPTY_CONFIG_BYTES, config);
  await repo.pushBlob(req.bytes, layer);
  const manifest: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType,
    config,
    layers: [layer],
    ...(req.kind === "nfd" ? { subject: subject.descriptor } : {}),
    annotations: { [ANNOTATION_CREATED]: created },
  };
  const bytes = encodeJson(manifest);
  const digest = digestOf(bytes);
  if (req.kind === "compspec") {
    const sibling = siblingReference(ref);
    await repo.pushManifest(bytes, OCI_MANIFEST, sibling.tag!);
    return { digest, reference: formatReference(sibling), via: "sibling tag" };
  }
  const entry: Descriptor = {
    mediaType: OCI_MANIFEST,
    digest,
    size: bytes.length,
    annotations: { [ANNOTATION_CREATED]: created },
    artifactType,
  };
  const source = await attachReferrer(repo, bytes, entry, subject.descriptor.digest, (m) => access.warn(m));
  return {
    digest,
    reference: formatReference(atDigest(ref, digest)),
    via: ref.kind === "layout" ? "layout index" : source === "api" ? "referrers API" : "tag-schema index",
    subject: subject.display,
  };
}

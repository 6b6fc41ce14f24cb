/**
 * Every artifact attached to an image (`compspec artifact list`, like `oras
 * discover`): its referrers of any type, and compspec-go's sibling tag, each
 * with type, digest, size, creation time and where it was found, and which one
 * `artifact pull` / `check --image` would use. The choice is made by the same
 * rule {@linkcode fetchArtifact} applies: compatibility-typed referrers first
 * (of the image, then, for a multi-arch image without a platform, of this
 * machine's platform manifest), the newest `created`, then the lowest digest;
 * else the sibling tag.
 *
 * @module
 */
import process from "node:process";
import { type AccessOptions, RegistryAccess } from "./access.ts";
import { open, resolveSubject } from "./artifact.ts";
import { ANNOTATION_CREATED, COMPAT_ARTIFACT_TYPES } from "./media_types.ts";
import type { Descriptor } from "./oci.ts";
import { formatPlatform, hostPlatform, selectPlatform } from "./platform.ts";
import { listReferrers, newestReferrer, referrerType, typeReferrers } from "./referrers.ts";
import { formatReference, type ImageReference } from "./reference.ts";
import { compspecManifestAt, siblingReference } from "./sibling.ts";

/** One attached artifact. */
export interface AttachedArtifact {
  /** `artifactType` (else its config media type; for the sibling tag, its compspec layer type). */
  artifactType: string;
  /** The artifact manifest's digest and size. */
  digest: string;
  size: number;
  /** `org.opencontainers.image.created`, when set. */
  created?: string;
  /** Where it was found: `referrer of IMAGE@sha256:… (referrers API)`, `sibling tag IMAGE-compspec`. */
  where: string;
  /** Whether it is a compatibility artifact `pull` and `check` would consider (its type is one asked for). */
  compatible: boolean;
  /** Whether it is the one they use. */
  chosen: boolean;
}

/** The image and its attached artifacts, in the order found. */
export interface AttachedList {
  /** The image, with its digest. */
  image: string;
  artifacts: AttachedArtifact[];
}

/** Every artifact attached to the image `reference` names; see the module note. */
export async function listAttached(reference: ImageReference | string, opts: AccessOptions | RegistryAccess = {}): Promise<AttachedList> {
  const { ref, access } = open(reference, opts);
  const types = access.options.artifactTypes ?? COMPAT_ARTIFACT_TYPES;
  const subject = await resolveSubject(access.repository(ref), ref, access.options.platform);
  const out: AttachedArtifact[] = [];
  const groups: Descriptor[][] = [];
  const addReferrers = async (digest: string, display: string) => {
    const { referrers, source } = await listReferrers(subject.repo, digest, undefined, (m) => access.warn(m));
    const typed = await typeReferrers(subject.repo, referrers);
    const via = source === "api" ? "listed by the store" : "tag-schema index";
    const compatible = typed.filter((d) => types.includes(referrerType(d) ?? ""));
    groups.push(compatible);
    for (const d of typed) {
      out.push({
        artifactType: referrerType(d) ?? "",
        digest: d.digest,
        size: d.size,
        ...createdOf(d.annotations),
        where: `referrer of ${display} (${via})`,
        compatible: compatible.includes(d),
        chosen: false,
      });
    }
  };
  await addReferrers(subject.descriptor.digest, subject.display);
  if (subject.index?.parsed.kind === "index") {
    const here = hostPlatform(process.platform, process.arch);
    const entry = selectPlatform(subject.index.parsed.index, here);
    if (entry) await addReferrers(entry.digest, `${formatReference(ref)} (${formatPlatform(here)}: ${entry.digest})`);
  }
  const winner = newestReferrer(groups.find((g) => g.length > 0) ?? []);
  const chosen = out.find((a) => a.compatible && a.digest === winner?.digest);
  if (chosen) chosen.chosen = true;
  if (!(ref.tag === undefined && ref.digest !== undefined)) {
    const sibling = siblingReference(ref);
    const found = await compspecManifestAt(subject.repo, sibling);
    if (found && found.got.parsed.kind === "manifest") {
      const m = found.got.parsed.manifest;
      out.push({
        artifactType: found.layer?.mediaType ?? m.artifactType ?? m.config.mediaType,
        digest: found.got.descriptor.digest,
        size: found.got.descriptor.size,
        ...createdOf(m.annotations),
        where: `sibling tag ${formatReference(sibling)}`,
        compatible: found.layer !== undefined,
        chosen: winner === undefined && found.layer !== undefined,
      });
    }
  }
  return { image: subject.display, artifacts: out };
}

function createdOf(annotations: Record<string, string> | undefined): { created?: string } {
  const created = annotations?.[ANNOTATION_CREATED];
  return created === undefined ? {} : { created };
}

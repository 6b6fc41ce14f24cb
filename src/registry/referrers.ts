/**
 * Referrers: the artifacts whose `subject` is an image. Listed through the
 * store's own listing (referrers API, layout scan) or, where there is none
 * (Distribution 2.8), through the tag-schema index at tag `sha256-<hex>`
 * (compat-spec §4.3–4.4), which this client also keeps up to date when it
 * attaches an artifact.
 *
 * Concurrent writers: Distribution has no conditional PUT, so two clients that
 * read the tag-schema index at the same time each write back a list without
 * the other's entry. After writing, a writer waits longer than its own
 * read-to-write span took (with jitter), reads the index again and adds its
 * entry back if a concurrent writer dropped it, until the entry stays (found
 * by two checks in a row). Every
 * writer does this, so both artifacts end up listed as long as no writer's
 * read-to-write span outlasts another's wait (spans are milliseconds; the
 * wait is at least {@linkcode SETTLE_MIN_MS}). A registry error the server
 * reports (5xx) while writers race over the same tag is taken as transient:
 * the round is tried again, at most {@linkcode MAX_SERVER_ERRORS} times in a row.
 *
 * @module
 */
import { mapParallel } from "../util/map_parallel.ts";
import { sleep } from "../util/sleep.ts";
import { digestOf } from "./digest.ts";
import { RegistryError } from "./errors.ts";
import { ANNOTATION_CREATED, OCI_INDEX } from "./media_types.ts";
import { type Descriptor, encodeJson, type Index } from "./oci.ts";
import { referrersTag } from "./reference.ts";
import type { Repository } from "./repository.ts";

/** Shortest wait before re-reading the tag-schema index after writing it. */
export const SETTLE_MIN_MS = 250;
/** How many times a writer re-adds its entry (or checks it) before giving up. */
const MAX_ROUNDS = 12;
/** How many consecutive checks must find the entry before a writer is done. */
const STABLE_CHECKS = 2;
/** How many server errors in a row a writer rides out before it gives up. */
const MAX_SERVER_ERRORS = 3;
/** Most referrers of one subject considered (after de-duplication); the rest are left out with a warning. */
export const MAX_REFERRER_CANDIDATES = 1000;
/** Manifests of untyped referrers fetched at once. */
const PARALLEL_FETCHES = 8;

/** The type a referrer is filtered by: `artifactType`, else (older clients) its config media type. */
export function referrerType(d: Descriptor): string | undefined {
  return d.artifactType;
}

/** Where a referrers listing came from. */
export type ReferrersSource = "api" | "tag-schema";

/**
 * The referrers of `subject`, optionally only those whose `artifactType` is one
 * of `types`. Each digest counts once; at most {@linkcode MAX_REFERRER_CANDIDATES}
 * are considered (`warn` says when more were listed); untyped entries have
 * their manifests fetched {@linkcode PARALLEL_FETCHES} at a time.
 */
export async function listReferrers(
  repo: Repository,
  subject: string,
  types?: readonly string[],
  warn: (message: string) => void = () => {},
): Promise<{ referrers: Descriptor[]; source: ReferrersSource }> {
  let list = await repo.referrers(subject);
  let source: ReferrersSource = "api";
  if (list === undefined || list.length === 0) {
    const fromTag = await readTagIndex(repo, subject);
    if (list === undefined || fromTag.index.manifests.length > 0) {
      list = fromTag.index.manifests;
      source = "tag-schema";
    }
  }
  list = candidates(list, `${repo.name}@${subject}`, warn);
  if (types === undefined) return { referrers: list, source };
  const typed = await typeReferrers(repo, list);
  return { referrers: typed.filter((d) => types.includes(referrerType(d) ?? "")), source };
}

/** The listing with every entry's `artifactType` set: untyped ones from their manifests, {@linkcode PARALLEL_FETCHES} at a time. */
export async function typeReferrers(repo: Repository, list: readonly Descriptor[]): Promise<Descriptor[]> {
  return await mapParallel(list, PARALLEL_FETCHES, async (d) => (d.artifactType === undefined ? await completeDescriptor(repo, d) : d));
}

/** The listing with each digest once (first entry kept), cut at {@linkcode MAX_REFERRER_CANDIDATES}. */
function candidates(list: readonly Descriptor[], what: string, warn: (message: string) => void): Descriptor[] {
  const seen = new Set<string>();
  const out = list.filter((d) => !seen.has(d.digest) && seen.add(d.digest));
  if (out.length <= MAX_REFERRER_CANDIDATES) return out;
  warn(`${what}: ${out.length} referrers listed; only the first ${MAX_REFERRER_CANDIDATES} are considered`);
  return out.slice(0, MAX_REFERRER_CANDIDATES);
}

/**
 * A listed referrer without `artifactType` (indexes rewritten by tools that do
 * not know the field, e.g. skopeo 1.9) completed from its manifest: its
 * `artifactType` (else config media type) and annotations.
 */
async function completeDescriptor(repo: Repository, d: Descriptor): Promise<Descriptor> {
  const got = await repo.fetchManifest(d.digest, d);
  if (got.parsed.kind !== "manifest") return d;
  const m = got.parsed.manifest;
  return { ...d, artifactType: m.artifactType ?? m.config.mediaType, annotations: { ...m.annotations, ...d.annotations } };
}

/** The tag-schema index for `subject` (empty when the tag does not exist) and its digest. */
async function readTagIndex(repo: Repository, subject: string): Promise<{ index: Index; digest?: string }> {
  try {
    const got = await repo.fetchManifest(referrersTag(subject));
    if (got.parsed.kind !== "index") {
      throw new RegistryError("malformed", `${repo.name}:${referrersTag(subject)}: the referrers tag does not name an index`);
    }
    return { index: got.parsed.index, digest: got.descriptor.digest };
  } catch (e) {
    if (e instanceof RegistryError && e.kind === "not-found") {
      return { index: { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] } };
    }
    throw e;
  }
}

/** The creation time of a referrer (ms), `-Infinity` when missing or unparsable (= oldest). */
export function createdTime(d: Descriptor): number {
  const text = d.annotations?.[ANNOTATION_CREATED];
  if (!text || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return -Infinity;
  const t = Date.parse(text);
  return Number.isNaN(t) ? -Infinity : t;
}

/**
 * The referrer `pull` and `check --image` use: the newest by
 * `org.opencontainers.image.created`; equal times (or none): the lowest digest,
 * so the choice never depends on the order a registry lists them in.
 */
export function newestReferrer(list: readonly Descriptor[]): Descriptor | undefined {
  let best: Descriptor | undefined;
  for (const d of list) {
    const newer = best === undefined || createdTime(d) > createdTime(best) ||
      (createdTime(d) === createdTime(best) && d.digest < best.digest);
    if (newer) best = d;
  }
  return best;
}

/**
 * Store an artifact manifest by digest and make it a listed referrer of its
 * subject: through the store itself when it indexes subjects, else by adding
 * `entry` to the tag-schema index (kept through concurrent writers, see the
 * module note). `warn` receives non-fatal problems (an old index that cannot be deleted).
 */
export async function attachReferrer(
  repo: Repository,
  manifest: Uint8Array,
  entry: Descriptor,
  subject: string,
  warn: (message: string) => void,
): Promise<ReferrersSource> {
  const { subjectIndexed } = await repo.pushManifest(manifest, entry.mediaType, entry.digest);
  if (subjectIndexed) return "api";
  const tag = referrersTag(subject);
  let span = 0;
  let seen = 0;
  let serverErrors = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    try {
      const started = Date.now();
      const current = await readTagIndex(repo, subject);
      if (!current.index.manifests.some((d) => d.digest === entry.digest)) {
        const next: Index = { ...current.index, schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...current.index.manifests, entry] };
        const bytes = encodeJson(next);
        await repo.pushManifest(bytes, OCI_INDEX, tag);
        span = Math.max(span, Date.now() - started);
        seen = 0;
        if (current.digest !== undefined && current.digest !== digestOf(bytes)) await deleteOld(repo, tag, current.digest, warn);
      } else if (round === 0) {
        return "tag-schema"; // listed already (the same artifact pushed again)
      }
      // Wait out any writer that read the index before this write, then check the entry is still there:
      // twice in a row, since a writer slowed down (a loaded machine) can outlast one wait.
      await sleep(Math.max(SETTLE_MIN_MS, 4 * span) + Math.random() * SETTLE_MIN_MS);
      const after = await readTagIndex(repo, subject);
      serverErrors = 0;
      if (after.index.manifests.some((d) => d.digest === entry.digest)) {
        if (++seen === STABLE_CHECKS) return "tag-schema";
      } else {
        seen = 0;
      }
    } catch (e) {
      if (!isServerError(e) || ++serverErrors > MAX_SERVER_ERRORS) throw e;
      seen = 0;
      await sleep(SETTLE_MIN_MS + Math.random() * SETTLE_MIN_MS);
    }
  }
  throw new RegistryError(
    "protocol",
    `${repo.name}:${tag}: other writers kept replacing the referrers index; ${entry.digest} is stored but not listed`,
  );
}

/** Whether `e` is the server's own failure (5xx), which racing writers of one tag can cause. */
function isServerError(e: unknown): boolean {
  return e instanceof RegistryError && e.kind === "protocol" && e.status !== undefined && e.status >= 500;
}

/** Delete the replaced index unless the tag names it again (a delete by digest drops its tags too). */
async function deleteOld(repo: Repository, tag: string, digest: string, warn: (message: string) => void): Promise<void> {
  try {
    const now = await repo.fetchManifest(tag);
    if (now.descriptor.digest === digest) return;
    if (!(await repo.deleteManifest(digest))) {
      warn(`${repo.name}: the registry does not allow deletes; the replaced referrers index ${digest} stays (untagged)`);
    }
  } catch (e) {
    if (!(e instanceof RegistryError) || e.kind === "usage") throw e;
    warn(`${repo.name}: could not delete the replaced referrers index ${digest}: ${e.message}`);
  }
}

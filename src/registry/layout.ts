/**
 * An OCI image layout on disk (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`)
 * as a repository: what `skopeo copy … oci:DIR:TAG` and `oras copy
 * --to-oci-layout DIR:TAG` make, for air-gapped sites. Tags are the
 * `org.opencontainers.image.ref.name` annotations of `index.json` entries;
 * pushed referrers are listed there untagged (as ORAS does) and found by
 * reading the manifests. `index.json` is rewritten atomically under a lock file.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import * as v from "valibot";
import { JsonSyntaxError, parseJsonText } from "../util/json_text.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import { sleep } from "../util/sleep.ts";
import { issueText } from "../util/valibot_issue.ts";
import { digestOf, verifyBytes } from "./digest.ts";
import { RegistryError } from "./errors.ts";
import { LayoutFiles } from "./layout_files.ts";
import { ANNOTATION_REF_NAME, isIndexType, MAX_MANIFEST_BYTES, OCI_INDEX } from "./media_types.ts";
import { type Descriptor, DescriptorSchema, parseManifestBytes } from "./oci.ts";
import { isDigest } from "./reference.ts";
import type { FetchedManifest, Repository } from "./repository.ts";

const LayoutIndexSchema = v.looseObject({
  schemaVersion: v.literal(2),
  mediaType: v.optional(v.string()),
  manifests: v.array(DescriptorSchema),
});
type LayoutIndex = v.InferOutput<typeof LayoutIndexSchema>;

/** Largest index.json read (a layout may hold many images). */
const MAX_LAYOUT_INDEX_BYTES = 64 * 1024 * 1024;
/** How long to wait for another writer's lock before giving up. */
const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left by a crashed writer. */
const LOCK_STALE_MS = 60_000;

/** An OCI image layout folder. */
export class LayoutRepository implements Repository {
  readonly name: string;
  #manifestCache = new Map<string, Uint8Array>();
  /** Everything written goes through it: never through a link inside the layout. */
  readonly #files: LayoutFiles;

  /** `create`: make the folder and its `oci-layout` when missing (for pushes). */
  constructor(readonly dir: string, readonly create = false) {
    this.name = `oci-layout:${dir}`;
    this.#files = new LayoutFiles(dir, this.name);
  }

  /** Remove what this object created in the layout (a failed push leaves nothing new). */
  discardCreated(): void {
    this.#files.discardCreated();
  }

  #ensure(): void {
    const marker = nodePath.join(this.dir, "oci-layout");
    if (!this.create) {
      if (fs.existsSync(marker)) return;
      throw new RegistryError(
        "not-found",
        `${this.name}: not an OCI image layout (no ${marker}; make one with 'skopeo copy … oci:${this.dir}:TAG' or push to it)`,
      );
    }
    // A push writes here: every path is checked without following links (see layout_files.ts).
    const st = this.#files.lstat("oci-layout");
    if (st?.isFile()) return;
    if (st) throw new RegistryError("io", `${this.name}: ${marker} is not a regular file`);
    this.#files.folder("blobs/sha256");
    if (!this.#files.lstat("index.json")) {
      this.#files.write("index.json", JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }));
    }
    this.#files.write("oci-layout", JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  }

  #blobPath(digest: string): string {
    const [alg, hex] = digest.split(":") as [string, string];
    return nodePath.join(this.dir, "blobs", alg, hex);
  }

  #readIndex(): LayoutIndex {
    this.#ensure();
    const file = nodePath.join(this.dir, "index.json");
    const bytes = this.#readFile(file, MAX_LAYOUT_INDEX_BYTES, `${this.name}: index.json`);
    let json: unknown;
    try {
      json = parseJsonText(new TextDecoder().decode(bytes));
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      throw new RegistryError("malformed", `${file}: not valid JSON (${e.message})`);
    }
    const r = v.safeParse(LayoutIndexSchema, json);
    if (!r.success) throw new RegistryError("malformed", `${file}: not an OCI image index (${issueText(r.issues)})`);
    return r.output;
  }

  #readFile(file: string, max: number, what: string): Uint8Array {
    try {
      return readSmallFile(file, max);
    } catch (e) {
      if (!(e instanceof SmallFileError)) throw e;
      const p = e.problem;
      if (p.kind === "open" && p.code === "ENOENT") throw new RegistryError("not-found", `${what}: not found (${file} is missing)`);
      if (p.kind === "too-large") {
        throw new RegistryError("too-large", `${what}: ${p.size ?? `more than ${max}`} bytes is over the ${max}-byte limit; refusing it`);
      }
      throw new RegistryError("protocol", `${what}: cannot read ${file} (${p.kind === "open" || p.kind === "read" ? p.code ?? p.message : e.message})`);
    }
  }

  /** The entry a tag names; for `latest` with no such tag, the layout's only image. */
  #findTag(index: LayoutIndex, tag: string): Descriptor | undefined {
    const tagged = index.manifests.filter((d) => d.annotations?.[ANNOTATION_REF_NAME] === tag);
    if (tagged.length > 0) return tagged[tagged.length - 1];
    if (tag === "latest") {
      const named = index.manifests.filter((d) => d.annotations?.[ANNOTATION_REF_NAME] !== undefined);
      if (named.length === 1) return named[0];
      if (named.length === 0 && index.manifests.length === 1) return index.manifests[0];
    }
    return undefined;
  }

  #readManifest(desc: Descriptor, what: string): Uint8Array {
    const cached = this.#manifestCache.get(desc.digest);
    if (cached) return cached;
    if (desc.size > MAX_MANIFEST_BYTES) {
      throw new RegistryError("too-large", `${what}: ${desc.size} bytes is over the ${MAX_MANIFEST_BYTES}-byte manifest limit`);
    }
    const bytes = this.#readFile(this.#blobPath(desc.digest), MAX_MANIFEST_BYTES, what);
    verifyBytes(bytes, desc, what);
    this.#manifestCache.set(desc.digest, bytes);
    return bytes;
  }

  fetchManifest(reference: string, expected?: Descriptor): Promise<FetchedManifest> {
    return Promise.resolve().then(() => {
      const byDigest = isDigest(reference);
      const what = `manifest ${this.name}${byDigest ? "@" : ":"}${reference}`;
      const index = this.#readIndex();
      let desc: Descriptor | undefined;
      if (expected) desc = expected;
      else if (byDigest) desc = index.manifests.find((d) => d.digest === reference);
      else desc = this.#findTag(index, reference);
      if (!desc && byDigest) {
        const bytes = this.#readFile(this.#blobPath(reference), MAX_MANIFEST_BYTES, what);
        verifyBytes(bytes, { digest: reference }, what);
        const parsed = parseManifestBytes(bytes, undefined, what);
        return { descriptor: { mediaType: parsed.mediaType, digest: reference, size: bytes.length }, bytes, parsed };
      }
      if (!desc) throw new RegistryError("not-found", `${what}: not found (no index.json entry tagged ${JSON.stringify(reference)})`);
      if (!isDigest(desc.digest)) throw new RegistryError("malformed", `${what}: bad digest in index.json`);
      const bytes = this.#readManifest(desc, what);
      const parsed = parseManifestBytes(bytes, desc.mediaType, what);
      return { descriptor: { mediaType: parsed.mediaType, digest: desc.digest, size: bytes.length }, bytes, parsed };
    });
  }

  fetchBlob(descriptor: Descriptor, maxBytes: number): Promise<Uint8Array> {
    return Promise.resolve().then(() => {
      const what = `blob ${descriptor.digest} of ${this.name}`;
      if (descriptor.size > maxBytes) {
        throw new RegistryError("too-large", `${what}: ${descriptor.size} bytes is over the ${maxBytes}-byte limit; refusing it`);
      }
      this.#ensure();
      const bytes = this.#readFile(this.#blobPath(descriptor.digest), descriptor.size, what);
      verifyBytes(bytes, descriptor, what);
      return bytes;
    });
  }

  pushBlob(bytes: Uint8Array, descriptor: Descriptor): Promise<void> {
    return Promise.resolve().then(() => {
      this.#ensure();
      verifyBytes(bytes, descriptor, `blob for ${this.name}`);
      const rel = `blobs/${descriptor.digest.replace(":", "/")}`;
      const st = this.#files.lstat(rel);
      if (st?.isFile() && st.size === bytes.length) return;
      this.#files.write(rel, bytes);
    });
  }

  async pushManifest(bytes: Uint8Array, mediaType: string, reference: string): Promise<{ digest: string; subjectIndexed: boolean }> {
    const digest = digestOf(bytes);
    const what = `manifest ${this.name}${isDigest(reference) ? "@" : ":"}${reference}`;
    if (bytes.length > MAX_MANIFEST_BYTES) throw new RegistryError("too-large", `${what}: over ${MAX_MANIFEST_BYTES} bytes`);
    if (isDigest(reference) && reference !== digest) throw new RegistryError("digest", `${what}: the bytes have digest ${digest}`);
    const parsed = parseManifestBytes(bytes, mediaType, what);
    await this.pushBlob(bytes, { mediaType, digest, size: bytes.length });
    const artifactType = parsed.kind === "manifest"
      ? parsed.manifest.artifactType ?? undefined
      : parsed.index.artifactType ?? undefined;
    const entry: Descriptor = {
      mediaType,
      digest,
      size: bytes.length,
      ...(artifactType ? { artifactType } : {}),
    };
    await this.#withLock(() => {
      const index = this.#readIndex();
      if (isDigest(reference)) {
        if (index.manifests.some((d) => d.digest === digest)) return;
        index.manifests.push(entry);
      } else {
        index.manifests = index.manifests.filter((d) => d.annotations?.[ANNOTATION_REF_NAME] !== reference);
        index.manifests.push({ ...entry, annotations: { [ANNOTATION_REF_NAME]: reference } });
      }
      this.#files.write("index.json", JSON.stringify(index));
    });
    return { digest, subjectIndexed: true };
  }

  async deleteManifest(digest: string): Promise<boolean> {
    await this.#withLock(() => {
      const index = this.#readIndex();
      index.manifests = index.manifests.filter((d) => d.digest !== digest);
      this.#files.write("index.json", JSON.stringify(index));
    });
    return true;
  }

  referrers(digest: string): Promise<Descriptor[] | undefined> {
    return Promise.resolve().then(() => {
      const index = this.#readIndex();
      const out: Descriptor[] = [];
      const seen = new Set<string>();
      for (const d of index.manifests) {
        if (isIndexType(d.mediaType) || seen.has(d.digest) || !isDigest(d.digest)) continue;
        seen.add(d.digest);
        const what = `manifest ${this.name}@${d.digest}`;
        let parsed;
        try {
          parsed = parseManifestBytes(this.#readManifest(d, what), d.mediaType, what);
        } catch (e) {
          // A blob the layout lists but lacks (skopeo copies only what it was asked): not a referrer we can read.
          if (e instanceof RegistryError && e.kind === "not-found") continue;
          throw e;
        }
        if (parsed.kind !== "manifest" || parsed.manifest.subject?.digest !== digest) continue;
        const m = parsed.manifest;
        out.push({
          mediaType: parsed.mediaType,
          digest: d.digest,
          size: d.size,
          artifactType: m.artifactType ?? m.config.mediaType,
          ...(m.annotations ? { annotations: m.annotations } : {}),
        });
      }
      return out;
    });
  }

  /** Run `fn` holding `index.json.lock` (other compspec writers wait; a crashed writer's stale lock is removed). */
  async #withLock(fn: () => void): Promise<void> {
    this.#ensure();
    const lock = nodePath.join(this.dir, "index.json.lock");
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      if (this.#files.createExclusive("index.json.lock")) break;
      try {
        if (Date.now() - fs.lstatSync(lock).mtimeMs > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
      } catch { /* gone meanwhile */ }
      if (Date.now() > deadline) throw new RegistryError("timeout", `${this.name}: ${lock} held by another writer for ${LOCK_WAIT_MS / 1000} s`);
      await sleep(10 + Math.random() * 20);
    }
    try {
      fn();
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

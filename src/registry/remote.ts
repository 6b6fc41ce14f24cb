/**
 * A repository in a registry, over the OCI distribution API as Debian's
 * `docker-registry` 2.8 answers it (compat-spec §4): manifests by tag or
 * digest with an `Accept` for every manifest type, blobs by digest, uploads as
 * POST then one PUT, the referrers API where the registry has one.
 *
 * @module
 */
import { digestOf, verifyBytes } from "./digest.ts";
import { RegistryError } from "./errors.ts";
import type { HttpResponse, RegistryHttp } from "./http.ts";
import { hasErrorCode, registryErrorText, STATUS_ANSWER_BYTES } from "./http_body.ts";
import { MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, OCI_INDEX } from "./media_types.ts";
import { type Descriptor, type Index, parseManifestBytes } from "./oci.ts";
import { isDigest } from "./reference.ts";
import type { FetchedManifest, Repository } from "./repository.ts";
import { pushAll } from "../util/array_ops.ts";

/** Most pages of a referrers listing followed. */
const MAX_REFERRER_PAGES = 64;

/** A registry repository. */
export class RemoteRepository implements Repository {
  readonly name: string;
  #pull: string;
  #push: string;
  /** Whether the referrers API answered (`undefined`: not asked yet). */
  #referrersApi: boolean | undefined;

  constructor(readonly http: RegistryHttp, readonly repository: string) {
    this.name = `${http.host}/${repository}`;
    this.#pull = `repository:${repository}:pull`;
    this.#push = `repository:${repository}:pull,push`;
  }

  #path(kind: "manifests" | "blobs" | "referrers", ref: string): string {
    return `/v2/${this.repository}/${kind}/${ref}`;
  }

  #unexpected(res: HttpResponse, what: string): RegistryError {
    const text = registryErrorText(res.body);
    if (res.status === 404) return new RegistryError("not-found", `${what}: not found (404${text ? ` ${text}` : ""})`);
    return new RegistryError("protocol", `${what}: ${this.http.host} answered ${res.status}${text ? ` ${text}` : ""}`, res.status);
  }

  async fetchManifest(reference: string, expected?: Descriptor): Promise<FetchedManifest> {
    const what = `manifest ${this.name}${isDigest(reference) ? "@" : ":"}${reference}`;
    const res = await this.http.request({
      method: "GET",
      url: this.#path("manifests", reference),
      headers: { accept: MANIFEST_ACCEPT },
      scope: this.#pull,
      maxBytes: MAX_MANIFEST_BYTES,
      what,
    });
    if (res.status !== 200) throw this.#unexpected(res, what);
    const bytes = res.body;
    if (expected) verifyBytes(bytes, expected, what);
    else if (isDigest(reference)) verifyBytes(bytes, { digest: reference }, what);
    const digest = expected?.digest ?? (isDigest(reference) ? reference : digestOf(bytes));
    // By tag nothing else vouches for the bytes: the registry's own digest header must agree.
    const served = res.headers.get("docker-content-digest");
    if (served && isDigest(served) && served !== digest) verifyBytes(bytes, { digest: served }, what);
    const contentType = res.headers.get("content-type") ?? undefined;
    const parsed = parseManifestBytes(bytes, expected?.mediaType ?? contentType, what);
    return { descriptor: { mediaType: parsed.mediaType, digest, size: bytes.length }, bytes, parsed };
  }

  async fetchBlob(descriptor: Descriptor, maxBytes: number): Promise<Uint8Array> {
    const what = `blob ${descriptor.digest} of ${this.name}`;
    if (descriptor.size > maxBytes) {
      throw new RegistryError("too-large", `${what}: ${descriptor.size} bytes is over the ${maxBytes}-byte limit; refusing it`);
    }
    let res: HttpResponse;
    try {
      res = await this.http.request({ method: "GET", url: this.#path("blobs", descriptor.digest), scope: this.#pull, maxBytes: descriptor.size, what });
    } catch (e) {
      if (e instanceof RegistryError && e.kind === "too-large") {
        throw new RegistryError("digest", `${what}: size mismatch (descriptor says ${descriptor.size} bytes, the registry sent more); refusing it`);
      }
      throw e;
    }
    if (res.status !== 200) throw this.#unexpected(res, what);
    verifyBytes(res.body, descriptor, what);
    return res.body;
  }

  async pushBlob(bytes: Uint8Array, descriptor: Descriptor): Promise<void> {
    const what = `upload of blob ${descriptor.digest} to ${this.name}`;
    const head = await this.http.request({
      method: "HEAD",
      url: this.#path("blobs", descriptor.digest),
      scope: this.#push,
      maxBytes: 0,
      what,
    });
    if (head.status === 200) return;
    const start = await this.http.request({
      method: "POST",
      url: `/v2/${this.repository}/blobs/uploads/`,
      scope: this.#push,
      maxBytes: STATUS_ANSWER_BYTES,
      what,
    });
    const location = start.headers.get("location");
    if (start.status !== 202 || !location) throw this.#unexpected(start, what);
    // Keep the upload's query (`_state`) and add the digest; Distribution 2.8 needs the final PUT.
    const url = new URL(location, this.http.origin);
    url.searchParams.set("digest", descriptor.digest);
    await this.#putStored(url.toString(), "application/octet-stream", bytes, descriptor.digest, what);
  }

  /**
   * PUT `bytes` (a blob's last chunk, a manifest) and check the registry stored
   * them: 201, and the digest it reports, if any, is `digest`. Returns the answer.
   */
  async #putStored(url: string, contentType: string, bytes: Uint8Array, digest: string, what: string): Promise<HttpResponse> {
    const res = await this.http.request({
      method: "PUT",
      url,
      headers: { "content-type": contentType },
      body: bytes,
      scope: this.#push,
      maxBytes: STATUS_ANSWER_BYTES,
      what,
    });
    if (res.status !== 201) throw this.#unexpected(res, what);
    const served = res.headers.get("docker-content-digest");
    if (served && served !== digest) {
      throw new RegistryError("digest", `${what}: registry stored digest ${served}, expected ${digest}`);
    }
    return res;
  }

  async pushManifest(bytes: Uint8Array, mediaType: string, reference: string): Promise<{ digest: string; subjectIndexed: boolean }> {
    const digest = digestOf(bytes);
    const what = `upload of manifest ${this.name}${isDigest(reference) ? "@" : ":"}${reference}`;
    if (bytes.length > MAX_MANIFEST_BYTES) throw new RegistryError("too-large", `${what}: over ${MAX_MANIFEST_BYTES} bytes`);
    const res = await this.#putStored(this.#path("manifests", reference), mediaType, bytes, digest, what);
    return { digest, subjectIndexed: res.headers.has("oci-subject") };
  }

  async deleteManifest(digest: string): Promise<boolean> {
    const what = `delete of manifest ${this.name}@${digest}`;
    const res = await this.http.request({
      method: "DELETE",
      url: this.#path("manifests", digest),
      scope: `repository:${this.repository}:delete`,
      maxBytes: STATUS_ANSWER_BYTES,
      what,
    });
    if (res.status === 202 || res.status === 200 || res.status === 404) return true;
    if (res.status === 405 || res.status === 400) return false;
    throw this.#unexpected(res, what);
  }

  async referrers(digest: string): Promise<Descriptor[] | undefined> {
    if (this.#referrersApi === false) return undefined;
    const what = `referrers of ${this.name}@${digest}`;
    const out: Descriptor[] = [];
    let url: string | undefined = this.#path("referrers", digest);
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_REFERRER_PAGES) throw new RegistryError("protocol", `${what}: more than ${MAX_REFERRER_PAGES} pages`);
      const res: HttpResponse = await this.http.request({
        method: "GET",
        url,
        headers: { accept: OCI_INDEX },
        scope: this.#pull,
        maxBytes: MAX_MANIFEST_BYTES,
        what,
      });
      const type = res.headers.get("content-type")?.split(";")[0]?.trim();
      if (res.status === 404 && hasErrorCode(res.body, "NAME_UNKNOWN")) throw this.#unexpected(res, what);
      if (page === 0 && (res.status === 404 || res.status === 400 || res.status === 405 || (res.status === 200 && type !== OCI_INDEX))) {
        // No referrers API (Distribution 2.8 answers a plain-text 404): use the tag schema from now on.
        this.#referrersApi = false;
        return undefined;
      }
      if (res.status !== 200) throw this.#unexpected(res, what);
      const parsed = parseManifestBytes(res.body, type, what);
      if (parsed.kind !== "index") throw new RegistryError("malformed", `${what}: the referrers listing is not an index`);
      pushAll(out, (parsed.index as Index).manifests);
      url = nextLink(res.headers.get("link"), res.url);
    }
    this.#referrersApi = true;
    return out;
  }
}

/** The `rel="next"` target of a `Link` header, resolved against the page's URL. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /rel="?next"?/.test(m[2]!)) return new URL(m[1]!, base).toString();
  }
  return undefined;
}

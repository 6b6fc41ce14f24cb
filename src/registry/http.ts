/**
 * The HTTP side of the registry client: web `fetch` (Bun and Deno), bounded in
 * time (every request, body included, within `timeoutMs`) and in size (bodies
 * read up to a cap), redirects followed by hand so that an `Authorization`
 * header only ever goes to the registry's own origin, and the Basic / Bearer
 * challenges of the distribution spec answered with the credentials given.
 *
 * This and the token service call are the only places compspec opens a
 * network connection.
 *
 * @module
 */
import * as v from "valibot";
import { type Challenge, pickChallenge } from "./challenge.ts";
import { type Credentials, describeCredentials } from "./credentials.ts";
import { RegistryError } from "./errors.ts";
import { ERROR_BODY_BYTES, readBounded, registryErrorText, utf8Binary } from "./http_body.ts";

/** How to reach one registry host. */
export interface HttpOptions {
  /** `http://` instead of `https://`. */
  plainHttp: boolean;
  /** Limit for one request, body included. */
  timeoutMs: number;
  /** Credentials for this host, if any. */
  credentials?: Credentials;
  /** `User-Agent`. */
  userAgent?: string;
}

/** A complete response: status, headers, the body read within the size cap. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  url: string;
}

/** One request. */
export interface HttpRequest {
  method: "GET" | "HEAD" | "PUT" | "POST" | "PATCH" | "DELETE";
  /** A path (`/v2/…`) on the registry, or an absolute URL the registry gave (upload `Location`). */
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Token scope, e.g. `repository:lib/x:pull`. */
  scope: string;
  /** Largest body accepted. */
  maxBytes: number;
  /** What is being fetched, for messages: `manifest of 127.0.0.1:5000/x:v1`. */
  what: string;
}

const MAX_REDIRECTS = 5;

const TokenResponseSchema = v.looseObject({
  token: v.optional(v.string()),
  access_token: v.optional(v.string()),
  expires_in: v.optional(v.number()),
});

/** The registry's API origin for a host (`docker.io` is served by `registry-1.docker.io`). */
export function apiOrigin(host: string, plainHttp: boolean): string {
  const apiHost = host === "docker.io" || host === "index.docker.io" ? "registry-1.docker.io" : host;
  return `${plainHttp ? "http" : "https"}://${apiHost}`;
}

/** HTTP access to one registry host, with per-scope auth state (memory only). */
export class RegistryHttp {
  readonly origin: string;
  /** Descriptions (no values) of what was tried, for auth errors. */
  #tried = new Set<string>();
  /** `Authorization` values per scope (Bearer), or for every scope (Basic). */
  #tokens = new Map<string, { header: string; expires: number }>();
  #basic: string | undefined;

  constructor(readonly host: string, readonly options: HttpOptions) {
    this.origin = apiOrigin(host, options.plainHttp);
  }

  /** Send a request, answering one auth challenge; 401/403 after that is an `auth` error. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    let auth = this.#cachedAuth(req.scope);
    let res = await this.#send(req, auth);
    if (res.status === 401) {
      const challenge = pickChallenge(res.headers.get("www-authenticate"));
      const next = await this.#answer(challenge, req, auth);
      if (next === undefined) throw this.#authError(req, res);
      auth = next;
      res = await this.#send(req, auth);
    }
    if (res.status === 401 || res.status === 403) throw this.#authError(req, res);
    return res;
  }

  #cachedAuth(scope: string): string | undefined {
    const t = this.#tokens.get(scope);
    if (t && t.expires > Date.now()) return t.header;
    return this.#basic;
  }

  #authError(req: HttpRequest, res: HttpResponse): RegistryError {
    const tried = this.#tried.size === 0 ? "anonymous access" : [...this.#tried].join(", then ");
    const why = registryErrorText(res.body);
    const status = res.status === 401 ? "401 Unauthorized" : "403 Forbidden";
    const hint = this.options.credentials === undefined
      ? " (give credentials with --registry-username and --registry-password-stdin, --registry-token-stdin, or an auths entry in the docker config)"
      : "";
    return new RegistryError("auth", `${req.what}: ${this.host} answered ${status}${why ? ` ${why}` : ""}; tried: ${tried}${hint}`);
  }

  /** The `Authorization` header that answers `challenge`, or `undefined` when nothing more can be tried. */
  async #answer(challenge: Challenge | undefined, req: HttpRequest, used: string | undefined): Promise<string | undefined> {
    const creds = this.options.credentials;
    if (used === undefined) this.#tried.add("anonymous access");
    if (!challenge) return undefined;
    if (challenge.scheme === "basic") {
      if (creds !== undefined && creds.username === undefined) {
        this.#tried.add(`${describeCredentials(creds)} (not usable: ${this.host} asks for Basic credentials)`);
      }
      if (creds?.username === undefined || this.#basic !== undefined) return undefined;
      this.#tried.add(`basic credentials from ${creds.source}`);
      this.#basic = `Basic ${btoa(utf8Binary(`${creds.username}:${creds.password ?? ""}`))}`;
      return this.#basic;
    }
    if (challenge.scheme !== "bearer") return undefined;
    if (creds?.token) {
      if (used !== undefined) return undefined;
      this.#tried.add(`a bearer token from ${creds.source}`);
      const header = `Bearer ${creds.token}`;
      this.#tokens.set(req.scope, { header, expires: Number.MAX_SAFE_INTEGER });
      return header;
    }
    // A cached token refused (revoked, expired early) gets one fresh token; request() retries only once.
    const token = await this.#fetchToken(challenge, req);
    const header = `Bearer ${token.token}`;
    this.#tokens.set(req.scope, { header, expires: Date.now() + Math.max(10, token.expiresIn - 5) * 1000 });
    return header;
  }

  /** Ask the token service (the challenge's realm) for a token for the request's scope. */
  async #fetchToken(challenge: Challenge, req: HttpRequest): Promise<{ token: string; expiresIn: number }> {
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryError("protocol", `${req.what}: ${this.host} sent a Bearer challenge without a realm`);
    const url = URL.canParse(realm) ? new URL(realm) : undefined;
    if (url === undefined) throw new RegistryError("protocol", `${req.what}: ${this.host} sent a Bearer realm that is not a URL`);
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new RegistryError("protocol", `${req.what}: ${this.host} sent a Bearer realm that is not http(s)`);
    }
    const scopes = new Set([req.scope, ...(challenge.params.scope ?? "").split(" ").filter(Boolean)]);
    const creds = this.options.credentials;
    // Credentials go to the token service only over HTTPS or on the registry's own host name.
    const registryHostname = new URL(this.origin).hostname;
    const mayCarry = url.protocol === "https:" || url.hostname === registryHostname;
    const headers: Record<string, string> = {};
    let method: "GET" | "POST" = "GET";
    let body: Uint8Array | undefined;
    if (creds?.identityToken && mayCarry) {
      this.#tried.add(`an identity token from ${creds.source} at token service ${url.host}`);
      method = "POST";
      const form: [string, string][] = [["grant_type", "refresh_token"], ["refresh_token", creds.identityToken], ["client_id", "compspec"]];
      if (challenge.params.service) form.push(["service", challenge.params.service]);
      form.push(["scope", [...scopes].join(" ")]);
      body = new TextEncoder().encode(form.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&"));
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else {
      if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
      for (const s of scopes) url.searchParams.append("scope", s);
      if (creds?.username !== undefined && mayCarry) {
        this.#tried.add(`basic credentials from ${creds.source} at token service ${url.host}`);
        headers.authorization = `Basic ${btoa(utf8Binary(`${creds.username}:${creds.password ?? ""}`))}`;
      } else {
        this.#tried.add(
          creds !== undefined && !mayCarry
            ? `anonymous token from ${url.host} (${describeCredentials(creds)} not sent: the token service is neither HTTPS nor the registry's host)`
            : `anonymous token from ${url.host}`,
        );
      }
    }
    const res = await this.#fetchOnce(url.toString(), { method, headers, body }, {
      ...req,
      what: `${req.what}: token service ${url.host}`,
      maxBytes: 1024 * 1024,
    });
    if (res.status === 401 || res.status === 403) throw this.#authError(req, res);
    if (res.status !== 200) {
      throw new RegistryError("auth", `${req.what}: token service ${url.host} answered ${res.status}; tried: ${[...this.#tried].join(", then ")}`);
    }
    let parsed: v.InferOutput<typeof TokenResponseSchema>;
    try {
      parsed = v.parse(TokenResponseSchema, JSON.parse(new TextDecoder().decode(res.body)));
    } catch {
      throw new RegistryError("protocol", `${req.what}: token service ${url.host} sent an answer that is not a token`);
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token) throw new RegistryError("protocol", `${req.what}: token service ${url.host} sent no token`);
    return { token, expiresIn: parsed.expires_in ?? 60 };
  }

  /** Send with redirects followed by hand (GET/HEAD only); credentials only to the registry's origin. */
  async #send(req: HttpRequest, auth: string | undefined): Promise<HttpResponse> {
    let url = new URL(req.url, this.origin).toString();
    for (let hop = 0; ; hop++) {
      const sameOrigin = new URL(url).origin === this.origin;
      const headers: Record<string, string> = { ...req.headers };
      if (auth !== undefined && sameOrigin) headers.authorization = auth;
      if (this.options.userAgent) headers["user-agent"] = this.options.userAgent;
      const res = await this.#fetchOnce(url, { method: req.method, headers, body: req.body }, req);
      const location = res.headers.get("location");
      const isRedirect = [301, 302, 303, 307, 308].includes(res.status) && location !== null;
      if (!isRedirect || (req.method !== "GET" && req.method !== "HEAD")) return res;
      if (hop >= MAX_REDIRECTS) throw new RegistryError("protocol", `${req.what}: more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location!, url);
      if (next.protocol !== "https:" && next.protocol !== "http:") {
        throw new RegistryError("protocol", `${req.what}: redirect to a non-HTTP URL`);
      }
      // Never downgrade from HTTPS to HTTP.
      if (new URL(url).protocol === "https:" && next.protocol === "http:") {
        throw new RegistryError("protocol", `${req.what}: redirect from HTTPS to plain HTTP refused (${next.host})`);
      }
      url = next.toString();
    }
  }

  /** One fetch, no redirects, bounded in time and size. */
  async #fetchOnce(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: Uint8Array },
    req: Pick<HttpRequest, "what" | "maxBytes">,
  ): Promise<HttpResponse> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const host = new URL(url).host;
    let res: Response;
    try {
      res = await fetch(url, {
        method: init.method,
        headers: init.headers,
        body: init.body as Uint8Array<ArrayBuffer> | undefined,
        redirect: "manual",
        signal,
      });
    } catch (e) {
      throw this.#networkError(e, req.what, host, signal);
    }
    let body: Uint8Array;
    try {
      // The cap is for content; an error or redirect body is only read (truncated) for its message.
      const ok = res.status >= 200 && res.status < 300;
      body = init.method === "HEAD" ? new Uint8Array(0) : await readBounded(res, ok ? req.maxBytes : ERROR_BODY_BYTES, req.what, !ok);
    } catch (e) {
      if (e instanceof RegistryError) throw e;
      throw this.#networkError(e, req.what, host, signal);
    }
    return { status: res.status, headers: res.headers, body, url };
  }

  #networkError(e: unknown, what: string, host: string, signal: AbortSignal): RegistryError {
    const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
    if (signal.aborted || err.name === "TimeoutError" || err.name === "AbortError") {
      return new RegistryError("timeout", `${what}: no answer from ${host} within ${this.options.timeoutMs / 1000} s`);
    }
    const code = err.code ?? err.cause?.code;
    const text = `${err.message ?? ""} ${err.cause?.message ?? ""}`;
    const refused = code === "ECONNREFUSED" || /connection refused|ECONNREFUSED/i.test(text);
    const why = refused ? "connection refused" : (code ?? err.message ?? String(e)).toString().slice(0, 200);
    const hint = !this.options.plainHttp && !refused ? " (for a plain-HTTP registry add --plain-http)" : "";
    return new RegistryError("network", `${what}: cannot reach ${host}: ${why}${hint}`);
  }
}

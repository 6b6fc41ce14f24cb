/**
 * Test helpers: Debian's `docker-registry` (distribution 2.8) on 127.0.0.1 with
 * a free port and its own config (no auth, htpasswd, or token), stopped by the
 * caller; skopeo on loopback; a test image built from fixtures/registry.
 */
import { afterAll, beforeAll } from "bun:test";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { RegistryAccess } from "../../src/registry/access.ts";
import { digestOf } from "../../src/registry/digest.ts";
import { parseReference } from "../../src/registry/reference.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

/** A running registry. */
export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  /** Storage and config folder. */
  dir: string;
  /** Everything the registry wrote to stdout/stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

/** Auth for {@linkcode startRegistry}. */
export type RegistryAuth =
  | { kind: "none" }
  | { kind: "htpasswd"; user: string; password: string }
  | { kind: "token"; realm: string; service: string; issuer: string; certFile: string };

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** bcrypt hash for an htpasswd line (Bun's implementation; Go's bcrypt reads `$2b$`). */
function bcrypt(password: string): string {
  return Bun.password.hashSync(password, { algorithm: "bcrypt", cost: 4 });
}

function config(dir: string, port: number, auth: RegistryAuth, deleteEnabled: boolean): string {
  const lines = [
    "version: 0.1",
    "log:",
    "  level: warn",
    "  accesslog:",
    "    disabled: true",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${path.join(dir, "data")}`,
    "  delete:",
    `    enabled: ${deleteEnabled}`,
    "  maintenance:",
    "    uploadpurging:",
    "      enabled: false",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    "  secret: compspec-test-secret",
  ];
  if (auth.kind === "htpasswd") {
    const file = path.join(dir, "htpasswd");
    fs.writeFileSync(file, `${auth.user}:${bcrypt(auth.password)}\n`);
    lines.push("auth:", "  htpasswd:", "    realm: basic-realm", `    path: ${file}`);
  } else if (auth.kind === "token") {
    lines.push(
      "auth:",
      "  token:",
      `    realm: ${auth.realm}`,
      `    service: ${auth.service}`,
      `    issuer: ${auth.issuer}`,
      `    rootcertbundle: ${auth.certFile}`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Fail with the Debian package to install when a program the tests drive is missing. */
export function requireProgram(program: string, pkg: string): void {
  if (spawnSync("sh", ["-c", `command -v ${program}`]).status !== 0) {
    throw new Error(`${program} is needed for these tests: apt-get install ${pkg}`);
  }
}

/** Start `docker-registry serve` on a free loopback port and wait until it answers. */
export async function startRegistry(auth: RegistryAuth = { kind: "none" }, deleteEnabled = true): Promise<TestRegistry> {
  requireProgram("docker-registry", "docker-registry");
  requireProgram("skopeo", "skopeo");
  if (auth.kind === "token") requireProgram("openssl", "openssl");
  let lastLog = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = tempDir("compspec-registry-");
    const port = await freePort();
    fs.writeFileSync(path.join(dir, "config.yml"), config(dir, port, auth, deleteEnabled));
    const child: ChildProcess = spawn("docker-registry", ["serve", path.join(dir, "config.yml")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout!.on("data", (d) => (log += d));
    child.stderr!.on("data", (d) => (log += d));
    let exited = false;
    child.on("exit", () => (exited = true));
    const host = `127.0.0.1:${port}`;
    const deadline = Date.now() + 15_000;
    while (!exited && Date.now() < deadline) {
      try {
        const r = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
        await r.arrayBuffer();
        if (r.status === 200 || r.status === 401) {
          return {
            host,
            dir,
            log: () => log,
            stop: async () => {
              if (exited) return;
              const done = new Promise<void>((r) => child.on("exit", () => r()));
              child.kill("SIGTERM");
              await done;
              fs.rmSync(dir, { recursive: true, force: true });
            },
          };
        }
      } catch { /* not up yet */ }
      await Bun.sleep(50);
    }
    if (!exited) child.kill("SIGKILL");
    lastLog = log;
  }
  throw new Error(`docker-registry did not start:\n${lastLog}`);
}

/** skopeo's policy file that accepts anything (no /etc/containers/policy.json needed). */
export function skopeoPolicy(): string {
  const dir = tempDir("compspec-skopeo-");
  const file = path.join(dir, "policy.json");
  fs.writeFileSync(file, JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] }));
  return file;
}

/** Run skopeo; throws with its stderr on failure. */
export function skopeo(args: string[]): { stdout: Buffer; stderr: string } {
  const r = spawnSync("skopeo", args, { maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`skopeo ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr.toString() };
}

/** The fixture image (manifest, config, layer) of fixtures/registry/registry-2.8. */
export const IMAGE = {
  dir: path.join(FIXTURES, "registry", "registry-2.8"),
  manifestDigest: "sha256:489ea859070cf47c19c13c0a608fbb3a4f6679962b90d1f979c7f1bfa7235b75",
};

/** Write the fixture image as an OCI layout at `dir`, tagged `tag` (what skopeo and ORAS read). */
export function writeImageLayout(dir: string, tag: string): void {
  const blobs = path.join(dir, "blobs", "sha256");
  fs.mkdirSync(blobs, { recursive: true });
  const files: Record<string, string> = {
    "subject-config.json": "519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0",
    "subject-layer.bin": "5e9a5ec87ab511bc877cf1fc7950c3caffb902cb2cfe1f682401a976907014bc",
    "subject-manifest.json": "489ea859070cf47c19c13c0a608fbb3a4f6679962b90d1f979c7f1bfa7235b75",
  };
  for (const [name, hex] of Object.entries(files)) fs.copyFileSync(path.join(IMAGE.dir, name), path.join(blobs, hex));
  fs.writeFileSync(path.join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  fs.writeFileSync(
    path.join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: IMAGE.manifestDigest,
        size: 394,
        annotations: { "org.opencontainers.image.ref.name": tag },
      }],
    }),
  );
}

/** Put the fixture image into `registry` as `repo:tag` with skopeo (an independent client). */
export function pushImage(registry: TestRegistry, repo: string, tag: string, creds?: string): void {
  const layout = tempDir("compspec-image-");
  writeImageLayout(layout, tag);
  skopeo([
    "copy", "--quiet", "--policy", skopeoPolicy(), "--preserve-digests", "--dest-tls-verify=false",
    ...(creds ? ["--dest-creds", creds] : []),
    `oci:${layout}:${tag}`, `docker://${registry.host}/${repo}:${tag}`,
  ]);
  fs.rmSync(layout, { recursive: true, force: true });
}

/** The fixture NFD artifact (ORAS-made manifest with subject = the fixture image) and its referrers index. */
export const NFD_ARTIFACT = {
  manifestDigest: "sha256:6240cf7a88f0ae8a8967cf406a3f216a55cd51be2e9d03008f7c14460ab8b5f1",
  indexDigest: "sha256:aa302c7863ac49ab0a63ad0e3d1861436d1e264a69abca181c00d5eb6608f53a",
  layerDigest: "sha256:35e46e2a8d8e73181f90ded1b640dc7a3d84c6ae73ba259540c1f80aa514f681",
  referrersTag: "sha256-489ea859070cf47c19c13c0a608fbb3a4f6679962b90d1f979c7f1bfa7235b75",
  spec: path.join(FIXTURES, "registry", "nfd-image-compatibility.yaml"),
};

/**
 * An OCI layout holding the fixture image (tag `tag`), the fixture NFD artifact
 * (tag `nfd-artifact`) and its referrers tag-schema index: what ORAS leaves
 * after `oras attach` against a registry without the referrers API, as files.
 */
export function writeArtifactLayout(dir: string, tag: string): void {
  writeImageLayout(dir, tag);
  const blobs = path.join(dir, "blobs", "sha256");
  const put = (file: string, digest: string) => fs.copyFileSync(file, path.join(blobs, digest.slice("sha256:".length)));
  put(path.join(IMAGE.dir, "artifact-manifest.json"), NFD_ARTIFACT.manifestDigest);
  put(path.join(IMAGE.dir, "referrers-index.json"), NFD_ARTIFACT.indexDigest);
  put(NFD_ARTIFACT.spec, NFD_ARTIFACT.layerDigest);
  fs.writeFileSync(path.join(blobs, "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), "{}");
  const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
  const entry = (mediaType: string, digest: string, size: number, name: string) => ({
    mediaType,
    digest,
    size,
    annotations: { "org.opencontainers.image.ref.name": name },
  });
  index.manifests.push(entry("application/vnd.oci.image.manifest.v1+json", NFD_ARTIFACT.manifestDigest, 827, "nfd-artifact"));
  index.manifests.push(entry("application/vnd.oci.image.index.v1+json", NFD_ARTIFACT.indexDigest, 380, NFD_ARTIFACT.referrersTag));
  fs.writeFileSync(path.join(dir, "index.json"), JSON.stringify(index));
}

/**
 * Copy the fixture image and its ORAS-made NFD artifact into `registry` as
 * `repo:tag` with skopeo: the image and the artifact digest-preserving, the
 * referrers index with `--all` (skopeo 1.9 rewrites it, dropping `artifactType`).
 */
export function pushImageWithForeignArtifact(registry: TestRegistry, repo: string, tag: string): void {
  const layout = tempDir("compspec-image-");
  writeArtifactLayout(layout, tag);
  const policy = skopeoPolicy();
  for (const [name, flags] of [[tag, ["--preserve-digests"]], ["nfd-artifact", ["--preserve-digests"]], [NFD_ARTIFACT.referrersTag, ["--all"]]] as const) {
    skopeo(["copy", "--quiet", "--policy", policy, ...flags, "--dest-tls-verify=false", `oci:${layout}:${name}`, `docker://${registry.host}/${repo}:${name}`]);
  }
  fs.rmSync(layout, { recursive: true, force: true });
}

/**
 * Store a compspec attribute artifact under `image`'s sibling tag `<tag>-compspec`
 * with the layer type compspec-go's `match` looks for since its rename,
 * `application/org.compspec` (compspec itself pushes the older type), through
 * the registry client's lower layer.
 */
export async function pushRenamedCompspecLayer(image: string, file: string, env: Record<string, string>): Promise<void> {
  const ref = parseReference(image);
  const repo = new RegistryAccess({ plainHttp: true, env }).repository(ref);
  const spec = new Uint8Array(fs.readFileSync(file));
  const empty = new TextEncoder().encode("{}");
  const config = { mediaType: "application/vnd.oci.empty.v1+json", digest: digestOf(empty), size: 2 };
  const layer = { mediaType: "application/org.compspec", digest: digestOf(spec), size: spec.length };
  await repo.pushBlob(empty, config);
  await repo.pushBlob(spec, layer);
  const manifest = { schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config, layers: [layer] };
  await repo.pushManifest(new TextEncoder().encode(JSON.stringify(manifest)), manifest.mediaType, `${ref.tag}-compspec`);
}

/** A token service for distribution's token auth: ES256 JWTs with the certificate in `x5c`. */
export interface TokenService {
  /** `http://HOST:PORT/token` as the registry config names it. */
  realm: string;
  service: string;
  issuer: string;
  /** The certificate bundle the registry trusts. */
  certFile: string;
  /** Every request the service saw: whether it carried an Authorization header, and the scopes. */
  requests: { authorization: boolean; scopes: string[] }[];
  stop(): void;
}

function b64url(data: Uint8Array | string): string {
  return Buffer.from(data).toString("base64url");
}

/**
 * Start a token service on 127.0.0.1 (answering as `realmHost`, e.g. `localhost`
 * to make the realm another host name than the registry's). Basic `user:password`
 * gets the actions asked for; anonymous requests get `pull` only.
 */
export async function startTokenService(user: string, password: string, realmHost = "127.0.0.1"): Promise<TokenService> {
  const { createPrivateKey, createSign, X509Certificate } = await import("node:crypto");
  requireProgram("openssl", "openssl");
  const dir = tempDir("compspec-token-");
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  const r = spawnSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=compspec-test-token",
  ]);
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  const key = createPrivateKey(fs.readFileSync(keyFile));
  const certDer = new X509Certificate(fs.readFileSync(certFile)).raw;
  const issuer = "compspec-test-issuer";
  const service = "compspec-test-registry";
  const requests: TokenService["requests"] = [];
  const expected = `Basic ${btoa(`${user}:${password}`)}`;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      let auth = req.headers.get("authorization");
      let scopes = url.searchParams.getAll("scope");
      if (req.method === "POST") {
        // OAuth2 refresh-token grant (docker config "identitytoken"): the refresh token is the password.
        const form = new URLSearchParams(await req.text());
        scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
        if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== password) {
          return new Response("bad refresh token", { status: 401 });
        }
        auth = expected;
      }
      requests.push({ authorization: auth !== null, scopes });
      if (auth !== null && auth !== expected) return new Response("bad credentials", { status: 401 });
      const access = scopes.flatMap((s) => {
        const [type, name, actions] = s.split(":") as [string, string, string];
        const granted = auth ? actions.split(",") : actions.split(",").filter((a) => a === "pull");
        return [{ type, name, actions: granted }];
      });
      const now = Math.floor(Date.now() / 1000);
      const header = { typ: "JWT", alg: "ES256", x5c: [Buffer.from(certDer).toString("base64")] };
      const claims = { iss: issuer, sub: auth ? user : "", aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: crypto.randomUUID(), access };
      const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
      const sig = createSign("SHA256").update(signingInput).sign({ key, dsaEncoding: "ieee-p1363" });
      return Response.json({ token: `${signingInput}.${b64url(sig)}`, expires_in: 300 });
    },
  });
  return {
    realm: `http://${realmHost}:${server.port}/token`,
    service,
    issuer,
    certFile,
    requests,
    stop: () => server.stop(true),
  };
}

/** A proxy in front of a real registry that can answer some requests itself (faults, redirects, referrers API). */
export interface TamperProxy {
  /** `127.0.0.1:PORT` */
  host: string;
  /** Requests seen: method, path, whether an Authorization header came. */
  seen: { method: string; path: string; authorization: boolean }[];
  stop(): void;
}

/**
 * Start a proxy to `upstream` (`127.0.0.1:PORT`). `intercept` may answer a
 * request itself; otherwise it is forwarded (headers and body as they came)
 * and the upstream's absolute `Location` headers are rewritten to the proxy.
 * `after` may rewrite a forwarded answer.
 */
export function startProxy(
  upstream: string,
  intercept: (req: Request, url: URL, body: Uint8Array) => Response | Promise<Response> | undefined,
  after?: (req: Request, url: URL, body: Uint8Array, res: Response) => Response | Promise<Response>,
): TamperProxy {
  const seen: TamperProxy["seen"] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const body = new Uint8Array(await req.arrayBuffer());
      seen.push({ method: req.method, path: url.pathname + url.search, authorization: req.headers.has("authorization") });
      const own = await intercept(req, url, body);
      if (own) return own;
      const headers = new Headers(req.headers);
      headers.delete("host");
      const res = await fetch(`http://${upstream}${url.pathname}${url.search}`, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
        redirect: "manual",
      });
      const outHeaders = new Headers(res.headers);
      const loc = outHeaders.get("location");
      if (loc) outHeaders.set("location", loc.replace(`http://${upstream}`, `http://${url.host}`));
      outHeaders.delete("content-encoding");
      outHeaders.delete("content-length");
      const forwarded = new Response(req.method === "HEAD" ? null : await res.arrayBuffer(), { status: res.status, headers: outHeaders });
      return after ? await after(req, url, body, forwarded) : forwarded;
    },
  });
  return { host: `127.0.0.1:${server.port}`, seen, stop: () => server.stop(true) };
}

/** A docker config folder with nothing in it, so that no credentials of the machine's own are used. */
export function noDockerConfig(): { DOCKER_CONFIG: string } {
  return { DOCKER_CONFIG: tempDir("compspec-noconfig-") };
}

/**
 * A registry for one test file: started (and given its images by `setup`)
 * before the file's tests, stopped after them; call the result for it.
 */
export function registryForFile(setup: (reg: TestRegistry) => void): () => TestRegistry {
  let reg: TestRegistry | undefined;
  beforeAll(async () => {
    reg = await startRegistry();
    setup(reg);
  });
  afterAll(async () => await reg?.stop());
  return () => reg!;
}

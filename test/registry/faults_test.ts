/**
 * Faults, with docker-registry 2.8 behind a proxy that tampers with answers:
 * wrong bytes, oversize and malformed manifests, a registry that stalls, a
 * redirect to another host, refused connections, 403. Each: a clear message
 * naming the image, exit 1, nothing written, bounded time.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { tempDir } from "../util/fixtures.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { freePort, IMAGE, NFD_ARTIFACT, noDockerConfig, pushImage, pushImageWithForeignArtifact, registryForFile, startProxy, type TamperProxy } from "./registry_server.ts";

const SPEC = fs.readFileSync(NFD_ARTIFACT.spec);
const NO_CONFIG = noDockerConfig();

const registry = registryForFile((r) => pushImageWithForeignArtifact(r, "f/app", "v1"));

/** Run `artifact pull` through a proxy with `intercept`; returns the run and whether `-o` was written. */
async function pullVia(
  intercept: Parameters<typeof startProxy>[1],
  more: string[] = [],
  after?: Parameters<typeof startProxy>[2],
): Promise<{ status: number | null; stderr: string; written: boolean; proxy: TamperProxy; ms: number }> {
  const proxy = startProxy(registry().host, intercept, after);
  const out = path.join(tempDir(), "artifact.yaml");
  const t0 = performance.now();
  try {
    const r = await runInProcess(["artifact", "pull", "--plain-http", "--image", `${proxy.host}/f/app:v1`, "-o", out, ...more], { env: NO_CONFIG });
    return { status: r.status, stderr: r.stderr, written: fs.existsSync(out), proxy, ms: performance.now() - t0 };
  } finally {
    proxy.stop();
  }
}

const isLayer = (url: URL) => url.pathname.endsWith(`/blobs/${NFD_ARTIFACT.layerDigest}`);
const isReferrersTag = (url: URL) => url.pathname.endsWith(`/manifests/${NFD_ARTIFACT.referrersTag}`);
const isImageTag = (req: Request, url: URL) => req.method === "GET" && url.pathname.endsWith("/manifests/v1");

describe("bytes that are not what their descriptor says are never used", () => {
  test("the proxy alone changes nothing (control)", async () => {
    const r = await pullVia(() => undefined);
    expect(r.stderr).not.toContain("error");
    expect(r.status).toBe(0);
    expect(r.written).toBe(true);
  });

  test("layer with other bytes of the same size: digest mismatch", async () => {
    const evil = new Uint8Array(SPEC);
    evil[10] = evil[10]! ^ 1;
    const r = await pullVia((req, url) => (req.method === "GET" && isLayer(url) ? new Response(evil) : undefined));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`blob ${NFD_ARTIFACT.layerDigest} of ${r.proxy.host}/f/app: digest mismatch`);
    expect(r.stderr).toContain("refusing to use it");
    expect(r.written).toBe(false);
  });

  test("layer longer or shorter than its descriptor: size mismatch", async () => {
    for (const body of [new Uint8Array([...SPEC, 10]), SPEC.subarray(0, 700)]) {
      const r = await pullVia((req, url) => (req.method === "GET" && isLayer(url) ? new Response(body) : undefined));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("size mismatch");
      expect(r.written).toBe(false);
    }
  });

  test("image manifest by tag that disagrees with the registry's Docker-Content-Digest", async () => {
    const r = await pullVia(() => undefined, [], async (req, url, _b, res) => {
      if (!isImageTag(req, url)) return res;
      const text = (await res.text()).replace('"size":16', '"size":17');
      return new Response(text, { status: 200, headers: res.headers });
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`manifest ${r.proxy.host}/f/app:v1: digest mismatch`);
  });

  test("a referrer manifest that is not the one the index names", async () => {
    const r = await pullVia((req, url) => {
      if (req.method === "GET" && url.pathname.endsWith(`/manifests/${NFD_ARTIFACT.manifestDigest}`)) {
        const m = JSON.parse(fs.readFileSync(path.join(IMAGE.dir, "artifact-manifest.json"), "utf8"));
        m.annotations["org.opencontainers.image.created"] = "2099-01-01T00:00:00Z";
        return new Response(JSON.stringify(m), { headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" } });
      }
      return undefined;
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/(size|digest) mismatch/);
    expect(r.written).toBe(false);
  });
});

describe("oversize and malformed answers", () => {
  const big = () => new Uint8Array(5 * 1024 * 1024).fill(0x20);
  test("a manifest over 4 MiB, with Content-Length and streamed without", async () => {
    let r = await pullVia((req, url) => (isImageTag(req, url) ? new Response(big(), { headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" } }) : undefined));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`manifest ${r.proxy.host}/f/app:v1: 5242880 bytes is over the 4194304-byte limit`);
    r = await pullVia((req, url) => {
      if (!isImageTag(req, url)) return undefined;
      const chunk = new Uint8Array(1024 * 1024).fill(0x20);
      let sent = 0;
      const stream = new ReadableStream({
        pull(c) {
          if (sent++ < 6) c.enqueue(chunk);
          else c.close();
        },
      });
      return new Response(stream, { headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" } });
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("over the 4194304-byte limit");
    expect(r.written).toBe(false);
  });

  test("an artifact layer whose descriptor is over the 16 MiB artifact cap is never requested", async () => {
    const huge = 17 * 1024 * 1024;
    const r = await pullVia((req, url) => {
      if (req.method === "GET" && url.pathname.endsWith(`/manifests/${NFD_ARTIFACT.manifestDigest}`)) {
        const m = JSON.parse(fs.readFileSync(path.join(IMAGE.dir, "artifact-manifest.json"), "utf8"));
        m.layers[0].size = huge;
        // Served under the digest the index names: caught by the manifest's own check first.
        return new Response(JSON.stringify(m), { headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" } });
      }
      return undefined;
    });
    expect(r.status).toBe(1);
    expect(r.proxy.seen.some((s) => s.path.includes("/blobs/"))).toBe(false);
    // With a manifest that checks out, the cap itself refuses the layer (layout: no server needed).
    const { LayoutRepository } = await import("../../src/registry/layout.ts");
    const repo = new LayoutRepository(tempDir());
    await expect(repo.fetchBlob({ mediaType: "x", digest: NFD_ARTIFACT.layerDigest, size: huge }, 16 * 1024 * 1024)).rejects.toThrow(
      /17825792 bytes is over the 16777216-byte limit/,
    );
  });

  test("malformed manifest, malformed referrers index, not JSON", async () => {
    const manifest = "application/vnd.oci.image.manifest.v1+json";
    const index = "application/vnd.oci.image.index.v1+json";
    const cases: [(req: Request, url: URL) => boolean, string, string, RegExp][] = [
      [isImageTag, manifest, `{"schemaVersion":2,"mediaType":"${manifest}","config":{},"layers":"x"}`, /f\/app:v1: malformed manifest \(config\.mediaType/],
      [(req, url) => req.method === "GET" && isReferrersTag(url), index, `{"schemaVersion":2,"mediaType":"${index}","manifests":[{"digest":"nope"}]}`, /malformed index \(manifests\.0\./],
      [(req, url) => req.method === "GET" && isReferrersTag(url), manifest, `{"schemaVersion":2,"mediaType":"${index}","manifests":[]}`, /served as .*manifest.* but its mediaType is .*index/],
      [isImageTag, manifest, "<html>proxy error</html>", /not valid JSON/],
    ];
    for (const [when, type, body, why] of cases) {
      const r = await pullVia((req, url) => (when(req, url) ? new Response(body, { headers: { "content-type": type } }) : undefined));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(why);
      expect(r.written).toBe(false);
    }
  });
});

describe("network faults end in bounded time", () => {
  test("a registry that accepts and never answers: --timeout", async () => {
    const sockets: net.Socket[] = [];
    const srv = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    try {
      const t0 = performance.now();
      const r = await runInProcess(["artifact", "pull", "--plain-http", "--timeout", "1", "--image", `127.0.0.1:${port}/f/app:v1`], { env: NO_CONFIG });
      const ms = performance.now() - t0;
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`manifest 127.0.0.1:${port}/f/app:v1: no answer from 127.0.0.1:${port} within 1 s`);
      expect(ms).toBeLessThan(10_000);
    } finally {
      for (const s of sockets) s.destroy();
      srv.close();
    }
  });

  test("a registry that stops in the middle of a body", async () => {
    const r = await pullVia((req, url) => {
      if (!(req.method === "GET" && isLayer(url))) return undefined;
      const stream = new ReadableStream({
        start(c) {
          c.enqueue(SPEC.subarray(0, 100));
        },
      });
      return new Response(stream);
    }, ["--timeout", "1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("within 1 s");
    expect(r.written).toBe(false);
    expect(r.ms).toBeLessThan(10_000);
  });

  test("connection refused; HTTPS to a plain-HTTP registry says --plain-http", async () => {
    const port = await freePort();
    let r = await runInProcess(["artifact", "pull", "--plain-http", "--image", `127.0.0.1:${port}/f/app:v1`], { env: NO_CONFIG });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot reach 127.0.0.1:${port}: connection refused`);
    r = await runInProcess(["artifact", "pull", "--timeout", "5", "--image", `${registry().host}/f/app:v1`], { env: NO_CONFIG });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("add --plain-http");
  });
});

describe("redirects and refusals", () => {
  test("a blob redirected to another host is fetched there without the registry's credentials", async () => {
    const cdnSeen: { path: string; authorization: boolean }[] = [];
    const cdn = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        const url = new URL(req.url);
        cdnSeen.push({ path: url.pathname, authorization: req.headers.has("authorization") });
        const res = await fetch(`http://${registry().host}${url.pathname}`);
        return new Response(await res.arrayBuffer(), { status: res.status });
      },
    });
    try {
      // The proxy plays a registry that wants Basic auth and keeps blobs on a CDN.
      const expected = `Basic ${btoa("u:p")}`;
      const proxy = startProxy(registry().host, (req, url) => {
        if (req.headers.get("authorization") !== expected) {
          return new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', { status: 401, headers: { "www-authenticate": 'Basic realm="r"' } });
        }
        if (req.method === "GET" && url.pathname.includes("/blobs/")) {
          return new Response(null, { status: 307, headers: { location: `http://127.0.0.1:${cdn.port}${url.pathname}?sig=x` } });
        }
        return undefined;
      });
      try {
        const got = await runInProcess(
          ["artifact", "pull", "--plain-http", "--image", `${proxy.host}/f/app:v1`, "--registry-username", "u", "--registry-password-stdin"],
          { input: "p", env: NO_CONFIG },
        );
        expect(got.stderr).not.toContain("error");
        expect(got.status).toBe(0);
        expect(Buffer.from(got.stdout)).toEqual(SPEC);
        expect(cdnSeen.some((s) => s.path.endsWith(NFD_ARTIFACT.layerDigest))).toBe(true);
        expect(cdnSeen.every((s) => !s.authorization)).toBe(true);
        // The registry itself got them (after its 401 to the first, anonymous request).
        expect(proxy.seen.filter((s) => s.path.includes("/manifests/")).some((s) => s.authorization)).toBe(true);
      } finally {
        proxy.stop();
      }
    } finally {
      cdn.stop(true);
    }
  });

  test("403: says so, names the image, and what was tried", async () => {
    const r = await pullVia((req, url) =>
      isImageTag(req, url)
        ? new Response('{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}', {
          status: 403,
          headers: { "content-type": "application/json" },
        })
        : undefined
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`manifest ${r.proxy.host}/f/app:v1: ${r.proxy.host} answered 403 Forbidden DENIED (requested access to the resource is denied); tried: anonymous access`);
  });
});

describe("a registry that fails while writers race over the referrers tag", () => {
  const serverError = () =>
    new Response('{"errors":[{"code":"UNKNOWN","message":"unknown error"}]}', { status: 500, headers: { "content-type": "application/json" } });
  const pushVia = async (repo: string, failures: number) => {
    pushImage(registry(), repo, "v1");
    let failed = 0;
    const proxy = startProxy(registry().host, (req, url) =>
      req.method === "PUT" && isReferrersTag(url) && failed++ < failures ? serverError() : undefined
    );
    try {
      const r = await runInProcess(["artifact", "push", "--plain-http", "--image", `${proxy.host}/${repo}:v1`, "--artifact", NFD_ARTIFACT.spec], { env: NO_CONFIG });
      return { ...r, failed, proxy };
    } finally {
      proxy.stop();
    }
  };

  test("a 500 on the tag-schema index is ridden out: the artifact ends up listed", async () => {
    const r = await pushVia("race500/app", 2);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("(listed in the tag-schema index)");
    expect(r.stderr).not.toContain("answered 500");
    expect(r.failed).toBe(3); // two refused, the third written
    const pulled = await runInProcess(["artifact", "pull", "--plain-http", "--image", `${registry().host}/race500/app:v1`], { env: NO_CONFIG });
    expect(pulled.status).toBe(0);
    expect(pulled.stdout).toBe(SPEC.toString());
  }, 30_000);

  test("a registry that keeps failing: exit 1 with the server's answer, after a bounded number of tries", async () => {
    const r = await pushVia("always500/app", Infinity);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("answered 500");
    expect(r.failed).toBe(4); // the first try and three more
  }, 30_000);
});

test("pushImage helper sanity: the fixture image is where the faults expect it", async () => {
  pushImage(registry(), "f/other", "v1");
  const r = await runInProcess(["artifact", "pull", "--plain-http", "--image", `${registry().host}/f/other:v1`], { env: NO_CONFIG });
  expect(r.stderr).toContain("no compatibility artifact attached");
});

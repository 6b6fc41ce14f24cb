/**
 * Issue #21 item 14: `--timeout` bounds the whole command's network work, not
 * each request: a referrers listing whose every page is slow but under the
 * limit, and a chain of slow redirect hops, both stop at the deadline.
 */
import { expect, test } from "bun:test";
import { runCliAsync } from "./cli.ts";
import { IMAGE, noDockerConfig, pushImageWithForeignArtifact, registryForFile, startProxy } from "./registry_server.ts";

const NO_CONFIG = noDockerConfig();

const registry = registryForFile((r) => pushImageWithForeignArtifact(r, "f/app", "v1"));

const EMPTY_INDEX = JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [] });

test("endless referrers pages of 0.4 s each with --timeout 1.5: stops at the deadline", async () => {
  let pages = 0;
  const proxy = startProxy(registry().host, (_req, url) => {
    if (!url.pathname.includes("/referrers/")) return undefined;
    pages++;
    return Bun.sleep(400).then(() =>
      new Response(EMPTY_INDEX, {
        headers: { "content-type": "application/vnd.oci.image.index.v1+json", link: `<${url.pathname}?n=${pages}>; rel="next"` },
      })
    );
  });
  try {
    const t0 = performance.now();
    const r = await runCliAsync(["artifact", "pull", "--plain-http", "--timeout", "1.5", "--image", `${proxy.host}/f/app:v1`], { env: NO_CONFIG });
    const ms = performance.now() - t0;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`referrers of ${proxy.host}/f/app@${IMAGE.manifestDigest}: no answer from ${proxy.host} within 1.5 s`);
    expect(r.stderr).toContain("(--timeout 1.5 bounds the command's network work as a whole)");
    expect(pages).toBeLessThanOrEqual(5);
    expect(ms).toBeLessThan(8_000);
  } finally {
    proxy.stop();
  }
}, 30_000);

test("slow redirect hops share one deadline (each hop once had its own)", async () => {
  let hops = 0;
  const proxy = startProxy(registry().host, (req, url) => {
    if (!(req.method === "GET" && url.pathname.includes("/blobs/"))) return undefined;
    hops++;
    return Bun.sleep(400).then(() => new Response(null, { status: 307, headers: { location: `${url.pathname}?hop=${hops}` } }));
  });
  try {
    const t0 = performance.now();
    const r = await runCliAsync(["artifact", "pull", "--plain-http", "--timeout", "1", "--image", `${proxy.host}/f/app:v1`], { env: NO_CONFIG });
    const ms = performance.now() - t0;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("(--timeout 1 bounds the command's network work as a whole)");
    expect(r.stderr).not.toContain("more than 5 redirects");
    expect(ms).toBeLessThan(8_000);
  } finally {
    proxy.stop();
  }
}, 30_000);

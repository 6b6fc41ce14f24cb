/**
 * Issue #21 item 13: a referrers listing whose entries lack `artifactType`
 * (each must be typed from its manifest) is worked through at most 8 manifests
 * at a time, each digest once, and no more than 1,000 candidates, with a
 * warning saying so.
 */
import { expect, test } from "bun:test";
import { digestOf } from "../../src/registry/digest.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { IMAGE, noDockerConfig, pushImage, registryForFile, startProxy } from "./registry_server.ts";

const NO_CONFIG = noDockerConfig();
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

const registry = registryForFile((r) => pushImage(r, "many/app", "v1"));

test("1,200 untyped referrers (and repeats): 8 manifests at a time, each once, 1,000 at most, a warning", async () => {
  const manifests = new Map<string, Uint8Array>();
  const entries: { mediaType: string; digest: string; size: number }[] = [];
  for (let i = 0; i < 1200; i++) {
    const bytes = new TextEncoder().encode(JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: "application/x-other", digest: digestOf(new Uint8Array()), size: 0 },
      layers: [],
      annotations: { n: String(i) },
    }));
    const digest = digestOf(bytes);
    manifests.set(digest, bytes);
    entries.push({ mediaType: OCI_MANIFEST, digest, size: bytes.length });
  }
  const listing = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...entries, ...entries.slice(0, 300)] });
  let inFlight = 0;
  let most = 0;
  const fetched = new Map<string, number>();
  const proxy = startProxy(registry().host, (req, url) => {
    if (url.pathname.includes("/referrers/")) return new Response(listing, { headers: { "content-type": OCI_INDEX } });
    const digest = /\/manifests\/(sha256:[a-f0-9]{64})$/.exec(url.pathname)?.[1];
    const bytes = digest === undefined ? undefined : manifests.get(digest);
    if (req.method !== "GET" || bytes === undefined) return undefined;
    fetched.set(digest!, (fetched.get(digest!) ?? 0) + 1);
    most = Math.max(most, ++inFlight);
    return Bun.sleep(2).then(() => {
      inFlight--;
      return new Response(bytes, { headers: { "content-type": OCI_MANIFEST } });
    });
  });
  try {
    const t0 = performance.now();
    const r = await runInProcess(["artifact", "pull", "--plain-http", "--image", `${proxy.host}/many/app:v1`], { env: NO_CONFIG });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `${proxy.host}/many/app@${IMAGE.manifestDigest}: 1200 referrers listed; only the first 1000 are considered`,
    );
    expect(r.stderr).toContain("no compatibility artifact attached");
    expect(fetched.size).toBe(1000);
    expect([...fetched.values()].every((n) => n === 1)).toBe(true);
    expect(most).toBeLessThanOrEqual(8);
    expect(performance.now() - t0).toBeLessThan(40_000);
  } finally {
    proxy.stop();
  }
}, 60_000);

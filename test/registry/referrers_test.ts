/**
 * Referrers through a registry that has the referrers API (docker-registry 2.8
 * behind a proxy that adds it: `OCI-Subject` on push, paged listings), and
 * multi-arch images with `--platform`; plus the pure choices (newest wins,
 * platform selection).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { RegistryAccess } from "../../src/registry/access.ts";
import { digestOf } from "../../src/registry/digest.ts";
import type { Descriptor } from "../../src/registry/oci.ts";
import { parsePlatform, selectPlatform } from "../../src/registry/platform.ts";
import { parseReference } from "../../src/registry/reference.ts";
import { newestReferrer } from "../../src/registry/referrers.ts";
import { tempDir } from "../util/fixtures.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { IMAGE, NFD_ARTIFACT, pushImage, startProxy, startRegistry, type TamperProxy, type TestRegistry } from "./registry_server.ts";

const NO_CONFIG = { DOCKER_CONFIG: tempDir("compspec-noconfig-") };

let reg: TestRegistry;
beforeAll(async () => {
  reg = await startRegistry();
});
afterAll(async () => await reg?.stop());

function nfdFile(marker: string): string {
  const file = path.join(tempDir(), `${marker}.yaml`);
  fs.writeFileSync(file, `version: v1alpha1\ncompatibilities:\n- description: ${marker}\n  rules: []\n`);
  return file;
}

describe("a registry with the referrers API", () => {
  let proxy: TamperProxy;
  const listed = new Map<string, Descriptor[]>();
  beforeAll(() => {
    pushImage(reg, "api/app", "v1");
    proxy = startProxy(
      reg.host,
      (req, url) => {
        const m = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
        if (!m || req.method !== "GET") return undefined;
        // One referrer per page, so clients must follow Link.
        const all = listed.get(m[2]!) ?? [];
        const at = Number(url.searchParams.get("last") ?? 0);
        const headers: Record<string, string> = { "content-type": "application/vnd.oci.image.index.v1+json" };
        if (at + 1 < all.length) headers.link = `<${url.pathname}?last=${at + 1}>; rel="next"`;
        return new Response(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: all.slice(at, at + 1) }), { headers });
      },
      (req, url, body, res) => {
        if (req.method !== "PUT" || !/\/manifests\/sha256:/.test(url.pathname) || res.status !== 201) return res;
        const m = JSON.parse(new TextDecoder().decode(body));
        if (!m.subject) return res;
        const d: Descriptor = { mediaType: m.mediaType, digest: digestOf(body), size: body.length, artifactType: m.artifactType, annotations: m.annotations };
        listed.set(m.subject.digest, [...(listed.get(m.subject.digest) ?? []), d]);
        const headers = new Headers(res.headers);
        headers.set("oci-subject", m.subject.digest);
        return new Response(res.body, { status: res.status, headers });
      },
    );
  });
  afterAll(() => proxy?.stop());

  test("push relies on OCI-Subject (no tag-schema index); pull follows Link pages; newest wins", async () => {
    for (const [marker, created] of [["newest", "2026-03-01T00:00:00Z"], ["oldest", "2026-01-01T00:00:00Z"], ["middle", "2026-02-01T00:00:00Z"]]) {
      const r = await runInProcess(["artifact", "push", "--plain-http", "--artifact", nfdFile(marker!), "--image", `${proxy.host}/api/app:v1`, "--created", created!], { env: NO_CONFIG });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain("listed in the referrers API");
    }
    const tags = await (await fetch(`http://${reg.host}/v2/api/app/tags/list`)).json() as { tags: string[] };
    expect(tags.tags).toEqual(["v1"]);
    const p = await runInProcess(["artifact", "pull", "--plain-http", "--image", `${proxy.host}/api/app:v1`], { env: NO_CONFIG });
    expect(p.status).toBe(0);
    expect(p.stdout).toContain("description: newest");
    expect(p.stderr).toContain("listed by the store");
    expect(proxy.seen.filter((s) => s.path.includes("/referrers/") && s.path.includes("last=")).length).toBeGreaterThanOrEqual(2);
    // --artifact-type narrows the types that count.
    const none = await runInProcess(["artifact", "pull", "--plain-http", "--image", `${proxy.host}/api/app:v1`, "--artifact-type", "application/x-other"], { env: NO_CONFIG });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("no compatibility artifact attached");
  });
});

describe("multi-arch images and --platform", () => {
  const ARM_CONFIG = new TextEncoder().encode('{"architecture":"arm64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
  beforeAll(async () => {
    // An index with the fixture manifest as linux/amd64 and a second one as linux/arm64/v8.
    const access = new RegistryAccess({ plainHttp: true, env: NO_CONFIG });
    const repo = access.repository(parseReference(`${reg.host}/multi/app:v1`));
    const read = (f: string) => new Uint8Array(fs.readFileSync(path.join(IMAGE.dir, f)));
    for (const bytes of [read("subject-config.json"), read("subject-layer.bin"), ARM_CONFIG]) {
      await repo.pushBlob(bytes, { mediaType: "application/octet-stream", digest: digestOf(bytes), size: bytes.length });
    }
    const amd = read("subject-manifest.json");
    const armManifest = JSON.parse(new TextDecoder().decode(amd));
    armManifest.config = { mediaType: "application/vnd.oci.image.config.v1+json", digest: digestOf(ARM_CONFIG), size: ARM_CONFIG.length };
    const arm = new TextEncoder().encode(JSON.stringify(armManifest));
    await repo.pushManifest(amd, "application/vnd.oci.image.manifest.v1+json", IMAGE.manifestDigest);
    await repo.pushManifest(arm, "application/vnd.oci.image.manifest.v1+json", digestOf(arm));
    const index = {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [
        { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: IMAGE.manifestDigest, size: amd.length, platform: { os: "linux", architecture: "amd64" } },
        { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: digestOf(arm), size: arm.length, platform: { os: "linux", architecture: "arm64", variant: "v8" } },
      ],
    };
    await repo.pushManifest(new TextEncoder().encode(JSON.stringify(index)), "application/vnd.oci.image.index.v1+json", "v1");
  });

  const image = () => `${reg.host}/multi/app:v1`;
  const run = (args: string[]) => runInProcess(args, { env: NO_CONFIG });

  test("attach to one platform's manifest; find it only there", async () => {
    let r = await run(["artifact", "push", "--plain-http", "--artifact", nfdFile("for-arm"), "--image", image(), "--platform", "linux/arm64"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("(linux/arm64: sha256:");
    r = await run(["artifact", "pull", "--plain-http", "--image", image(), "--platform", "linux/arm64/v8"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("description: for-arm");
    r = await run(["artifact", "pull", "--plain-http", "--image", image(), "--platform", "linux/amd64"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no compatibility artifact attached");
    r = await run(["artifact", "pull", "--plain-http", "--image", image(), "--platform", "linux/s390x"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("has no linux/s390x manifest (it has: linux/amd64, linux/arm64/v8)");
    r = await run(["artifact", "pull", "--plain-http", "--image", image(), "--platform", "linux"]);
    expect(r.status).toBe(2);
  });

  test("without --platform: the index's own referrers, then this machine's platform", async () => {
    const here = process.arch === "arm64" ? "linux/arm64" : "linux/amd64";
    const r = await run(["artifact", "push", "--plain-http", "--artifact", nfdFile("for-here"), "--image", image(), "--platform", here, "--created", "2030-01-01T00:00:00Z"]);
    expect(r.status).toBe(0);
    let p = await run(["artifact", "pull", "--plain-http", "--image", image()]);
    expect(p.status).toBe(0);
    expect(p.stdout).toContain("description: for-here");
    const onIndex = await run(["artifact", "push", "--plain-http", "--artifact", nfdFile("on-index"), "--image", image()]);
    expect(onIndex.status).toBe(0);
    p = await run(["artifact", "pull", "--plain-http", "--image", image()]);
    expect(p.stdout).toContain("description: on-index");
  });
});

describe("pure choices", () => {
  const d = (digest: string, created?: string): Descriptor => ({
    mediaType: "m",
    digest: `sha256:${digest.repeat(64)}`,
    size: 1,
    ...(created ? { annotations: { "org.opencontainers.image.created": created } } : {}),
  });
  test("newest created wins; missing or unparsable dates are oldest; ties go to the lowest digest", () => {
    expect(newestReferrer([d("a", "2026-01-01T00:00:00Z"), d("b", "2025-01-01T00:00:00Z")])?.digest).toContain("aaaa");
    expect(newestReferrer([d("a"), d("b", "not a date"), d("c", "2020-01-01T00:00:00Z")])?.digest).toContain("cccc");
    // Equal times: the lowest digest, whatever the listing's order (issue #20 item 9; was: the one listed last).
    expect(newestReferrer([d("a", "2026-01-01T00:00:00Z"), d("b", "2026-01-01T00:00:00Z")])?.digest).toContain("aaaa");
    expect(newestReferrer([d("b", "2026-01-01T00:00:00Z"), d("a", "2026-01-01T00:00:00Z")])?.digest).toContain("aaaa");
    expect(newestReferrer([d("b"), d("a")])?.digest).toContain("aaaa");
    expect(newestReferrer([])).toBeUndefined();
  });

  test("platform selection: arm64 means arm64/v8; a variant narrows", () => {
    const index = {
      schemaVersion: 2 as const,
      manifests: [
        { ...d("1"), platform: { os: "linux", architecture: "arm", variant: "v6" } },
        { ...d("2"), platform: { os: "linux", architecture: "arm", variant: "v7" } },
        { ...d("3"), platform: { os: "linux", architecture: "arm64", variant: "v8" } },
      ],
    };
    expect(selectPlatform(index, parsePlatform("linux/arm/v7"))?.digest).toContain("2222");
    expect(selectPlatform(index, parsePlatform("linux/arm64"))?.digest).toContain("3333");
    expect(selectPlatform(index, parsePlatform("linux/amd64"))).toBeUndefined();
  });
});

test("NFD_ARTIFACT fixture digests are what the fixtures hold", () => {
  expect(digestOf(new Uint8Array(fs.readFileSync(NFD_ARTIFACT.spec)))).toBe(NFD_ARTIFACT.layerDigest);
  expect(digestOf(new Uint8Array(fs.readFileSync(path.join(IMAGE.dir, "subject-manifest.json"))))).toBe(IMAGE.manifestDigest);
});

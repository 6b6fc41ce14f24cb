/**
 * Against Debian's docker-registry 2.8 on 127.0.0.1 (no auth): what compspec
 * pushes, skopeo reads back byte for byte; what skopeo (and an ORAS-made
 * layout) put into a registry or a layout, compspec pulls.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIXTURES, tempDir } from "../util/fixtures.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import {
  IMAGE,
  NFD_ARTIFACT,
  pushImage,
  pushImageWithForeignArtifact,
  skopeo,
  skopeoPolicy,
  startRegistry,
  type TestRegistry,
  writeImageLayout,
} from "./registry_server.ts";

let reg: TestRegistry;
beforeAll(async () => {
  reg = await startRegistry();
});
afterAll(async () => {
  await reg?.stop();
});

const sha256 = (b: Uint8Array | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const SPEC = fs.readFileSync(NFD_ARTIFACT.spec);

function inspectRaw(ref: string): string {
  return skopeo(["inspect", "--raw", "--tls-verify=false", `docker://${ref}`]).stdout.toString();
}

async function push(image: string, artifact: string, ...more: string[]) {
  return await runInProcess(["artifact", "push", "--plain-http", "--artifact", artifact, "--image", image, ...more]);
}

async function pull(image: string, ...more: string[]) {
  return await runInProcess(["artifact", "pull", "--plain-http", "--image", image, ...more]);
}

/** A small NFD artifact file with a marker, so two artifacts differ. */
function nfdFile(marker: string): string {
  const file = path.join(tempDir(), `${marker}.yaml`);
  fs.writeFileSync(file, `version: v1alpha1\ncompatibilities:\n- description: ${marker}\n  rules:\n  - name: r\n    matchFeatures:\n    - feature: cpu.cpuid\n      matchExpressions:\n        AVX2: {op: Exists}\n`);
  return file;
}

describe("artifact push (NFD) against docker-registry 2.8", () => {
  test("skopeo inspect --raw reads back exactly the manifest ORAS would write; the tag-schema index lists it; pull gets the layer", async () => {
    pushImage(reg, "nfd/app", "v1");
    const r = await push(`${reg.host}/nfd/app:v1`, NFD_ARTIFACT.spec, "--created", "2026-01-01T00:00:00Z");
    expect(r.stderr).toContain("listed in the tag-schema index");
    expect(r.status).toBe(0);
    const expected = JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      artifactType: "application/vnd.nfd.image-compatibility.v1alpha1",
      config: { mediaType: "application/vnd.oci.empty.v1+json", digest: sha256("{}"), size: 2 },
      layers: [{
        mediaType: "application/vnd.nfd.image-compatibility.spec.v1alpha1+yaml",
        digest: NFD_ARTIFACT.layerDigest,
        size: 799,
        annotations: { "org.opencontainers.image.title": "nfd-image-compatibility.yaml" },
      }],
      subject: { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: IMAGE.manifestDigest, size: 394 },
      annotations: { "org.opencontainers.image.created": "2026-01-01T00:00:00Z" },
    });
    const digest = sha256(expected);
    expect(r.stdout).toBe(`${reg.host}/nfd/app@${digest}\n`);
    expect(inspectRaw(`${reg.host}/nfd/app@${digest}`)).toBe(expected);
    // The empty config blob was uploaded like any other blob.
    expect(skopeo(["inspect", "--config", "--raw", "--tls-verify=false", `docker://${reg.host}/nfd/app@${digest}`]).stdout.toString()).toBe("{}");
    expect(JSON.parse(inspectRaw(`${reg.host}/nfd/app:${NFD_ARTIFACT.referrersTag}`))).toEqual({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [{
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest,
        size: expected.length,
        annotations: { "org.opencontainers.image.created": "2026-01-01T00:00:00Z" },
        artifactType: "application/vnd.nfd.image-compatibility.v1alpha1",
      }],
    });
    const p = await pull(`${reg.host}/nfd/app:v1`);
    expect(p.status).toBe(0);
    expect(Buffer.from(p.stdout)).toEqual(SPEC);
    expect(p.stderr).toContain(`referrer ${digest}`);
    // Pushing the same artifact again changes nothing.
    const again = await push(`${reg.host}/nfd/app:v1`, NFD_ARTIFACT.spec, "--created", "2026-01-01T00:00:00Z");
    expect(again.status).toBe(0);
    expect(JSON.parse(inspectRaw(`${reg.host}/nfd/app:${NFD_ARTIFACT.referrersTag}`)).manifests).toHaveLength(1);
  });

  test("an index another client wrote keeps its referrers; the newest created wins; -o writes the file", async () => {
    pushImageWithForeignArtifact(reg, "mixed/app", "v1");
    const before = JSON.parse(inspectRaw(`${reg.host}/mixed/app:${NFD_ARTIFACT.referrersTag}`));
    // skopeo rewrote the index without artifactType: compspec reads the type from the manifest.
    expect(before.manifests[0].artifactType).toBeUndefined();
    const older = await push(`${reg.host}/mixed/app:v1`, nfdFile("older"), "--created", "2025-06-01T00:00:00Z");
    expect(older.status).toBe(0);
    let p = await pull(`${reg.host}/mixed/app:v1`);
    expect(Buffer.from(p.stdout)).toEqual(SPEC); // ORAS's artifact, created 2026-01-01, is newer
    const newer = await push(`${reg.host}/mixed/app:v1`, nfdFile("newer"), "--created", "2026-06-01T00:00:00Z");
    expect(newer.status).toBe(0);
    const after = JSON.parse(inspectRaw(`${reg.host}/mixed/app:${NFD_ARTIFACT.referrersTag}`));
    expect(after.manifests).toHaveLength(3);
    expect(after.manifests[0]).toEqual(before.manifests[0]);
    const out = path.join(tempDir(), "got.yaml");
    p = await pull(`${reg.host}/mixed/app:v1`, "-o", out);
    expect(p.status).toBe(0);
    expect(p.stdout).toBe("");
    expect(fs.readFileSync(out, "utf8")).toContain("description: newer");
  });

  test("concurrent pushes of different artifacts to one image: every one ends up listed", async () => {
    for (const round of [0, 1]) {
      const repo = `race${round}/app`;
      pushImage(reg, repo, "v1");
      const n = round === 0 ? 2 : 4;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) => push(`${reg.host}/${repo}:v1`, nfdFile(`race${round}-${i}`))),
      );
      // A failed push says why (bun's expect shows no custom message).
      for (const r of results) if (r.status !== 0) throw new Error(`push exited ${r.status}: ${r.stderr}`);
      const listed = JSON.parse(inspectRaw(`${reg.host}/${repo}:${NFD_ARTIFACT.referrersTag}`)).manifests.map((d: { digest: string }) => d.digest);
      const pushed = results.map((r) => r.stdout.trim().split("@")[1]);
      expect(listed.sort()).toEqual(pushed.sort());
    }
  }, 60_000);
});

describe("compspec attribute artifacts (compspec-go's sibling tag)", () => {
  test("stored under <tag>-compspec with layer application/org.supercontainers.compspec; pull finds it", async () => {
    pushImage(reg, "attr/app", "intel-mpi");
    const spec = path.join(FIXTURES, "registry", "check-lammps", "specs", "compspec-intel-mpi-rocky-9-amd64.json");
    const r = await push(`${reg.host}/attr/app:intel-mpi`, spec, "--created", "2026-01-01T00:00:00Z");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${reg.host}/attr/app:intel-mpi-compspec\n`);
    const m = JSON.parse(inspectRaw(`${reg.host}/attr/app:intel-mpi-compspec`));
    expect(m.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual(["application/org.supercontainers.compspec"]);
    expect(m.artifactType).toBe("application/org.supercontainers.compspec");
    expect(m.subject).toBeUndefined();
    const p = await pull(`${reg.host}/attr/app:intel-mpi`);
    expect(p.status).toBe(0);
    expect(p.stdout).toBe(fs.readFileSync(spec, "utf8"));
    expect(p.stderr).toContain(`sibling tag ${reg.host}/attr/app:intel-mpi-compspec`);
  });

  test("a compspec artifact needs a tag to sit beside", async () => {
    pushImage(reg, "attr/bydigest", "v1");
    const spec = path.join(FIXTURES, "registry", "check-lammps", "specs", "compspec-intel-mpi-rocky-8-amd64.json");
    const r = await push(`${reg.host}/attr/bydigest@${IMAGE.manifestDigest}`, spec);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("give the image with a tag");
  });
});

describe("what skopeo copied: registry → OCI layout (air-gapped) and back", () => {
  test("compspec pulls from a layout skopeo made, and pushes into it so skopeo still reads it", async () => {
    pushImageWithForeignArtifact(reg, "mirror/app", "v1");
    const layout = path.join(tempDir(), "layout");
    const policy = skopeoPolicy();
    skopeo(["copy", "--quiet", "--policy", policy, "--preserve-digests", "--src-tls-verify=false", `docker://${reg.host}/mirror/app:v1`, `oci:${layout}:v1`]);
    skopeo(["copy", "--quiet", "--policy", policy, "--all", "--src-tls-verify=false", `docker://${reg.host}/mirror/app:${NFD_ARTIFACT.referrersTag}`, `oci:${layout}:${NFD_ARTIFACT.referrersTag}`]);
    let p = await runInProcess(["artifact", "pull", "--image", `oci-layout:${layout}:v1`]);
    expect(p.status).toBe(0);
    expect(Buffer.from(p.stdout)).toEqual(SPEC);

    // Attach a newer one inside the layout (as 'oras attach --oci-layout' does: an untagged index.json entry).
    const r = await runInProcess(["artifact", "push", "--artifact", nfdFile("in-layout"), "--image", `oci-layout:${layout}:v1`, "--created", "2027-01-01T00:00:00Z"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("layout index");
    p = await runInProcess(["artifact", "pull", "--image", `oci-layout:${layout}:v1`]);
    expect(p.stdout).toContain("description: in-layout");
    // skopeo still reads the image, and can carry the artifact by digest.
    expect(JSON.parse(skopeo(["inspect", "--raw", `oci:${layout}:v1`]).stdout.toString()).config.digest).toBe(
      "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0",
    );
    const index = JSON.parse(fs.readFileSync(path.join(layout, "index.json"), "utf8"));
    const pushed = r.stdout.trim().split("@")[1];
    expect(index.manifests.find((d: { digest: string }) => d.digest === pushed)).toMatchObject({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      artifactType: "application/vnd.nfd.image-compatibility.v1alpha1",
    });
  });

  test("push into a registry the artifact pulled from a layout: image copied with skopeo, artifact with compspec", async () => {
    const layout = path.join(tempDir(), "src");
    writeImageLayout(layout, "v2");
    const r = await runInProcess(["artifact", "push", "--artifact", NFD_ARTIFACT.spec, "--image", `oci-layout:${layout}:v2`]);
    expect(r.status).toBe(0);
    const policy = skopeoPolicy();
    skopeo(["copy", "--quiet", "--policy", policy, "--preserve-digests", "--dest-tls-verify=false", `oci:${layout}:v2`, `docker://${reg.host}/fromlayout/app:v2`]);
    const got = await runInProcess(["artifact", "pull", "--image", `oci-layout:${layout}:v2`, "-o", path.join(layout, "..", "a.yaml")]);
    expect(got.status).toBe(0);
    const back = await push(`${reg.host}/fromlayout/app:v2`, path.join(layout, "..", "a.yaml"));
    expect(back.status).toBe(0);
    const p = await pull(`${reg.host}/fromlayout/app:v2`);
    expect(Buffer.from(p.stdout)).toEqual(SPEC);
  });
});

describe("faults against the real registry: clear messages, exit 1, nothing written", () => {
  test("404 image; an image without an artifact; a digest-only reference", async () => {
    const out = path.join(tempDir(), "never.yaml");
    let p = await pull(`${reg.host}/nothing/here:v1`, "-o", out);
    expect(p.status).toBe(1);
    expect(p.stderr).toContain(`image ${reg.host}/nothing/here:v1 not found`);
    expect(fs.existsSync(out)).toBe(false);
    pushImage(reg, "bare/app", "v1");
    p = await pull(`${reg.host}/bare/app:v1`, "-o", out);
    expect(p.status).toBe(1);
    expect(p.stderr).toContain(`no compatibility artifact attached to ${reg.host}/bare/app:v1`);
    expect(fs.existsSync(out)).toBe(false);
    p = await pull(`${reg.host}/bare/app@${IMAGE.manifestDigest}`);
    expect(p.status).toBe(1);
    expect(p.stderr).toContain(`no compatibility artifact attached to ${reg.host}/bare/app@${IMAGE.manifestDigest}`);
    const push404 = await push(`${reg.host}/nothing/here:v1`, NFD_ARTIFACT.spec);
    expect(push404.status).toBe(1);
    expect(push404.stderr).toContain("not found");
  });

  test("a file that is no artifact, a bad reference: usage errors (exit 2)", async () => {
    const notArtifact = path.join(tempDir(), "x.yaml");
    fs.writeFileSync(notArtifact, "hello: world\n");
    let r = await push(`${reg.host}/bare/app:v1`, notArtifact);
    expect(r.status).toBe(2);
    // src/compat's message: the place, and the two formats it expected.
    expect(r.stderr).toContain(`artifact push: ${notArtifact}:1:1: not a compatibility artifact: expected NFD's (version: v1alpha1`);
    r = await pull("ubuntu:22.04");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("must start with a registry host");
  });
});

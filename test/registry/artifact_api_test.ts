/**
 * The library entry points other commands use (`check --image`): fetchArtifact
 * and pushArtifact on an OCI layout, no network involved.
 */
import { expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { fetchArtifact, pushArtifact } from "../../src/registry/artifact.ts";
import { RegistryError } from "../../src/registry/errors.ts";
import { tempDir } from "../util/fixtures.ts";
import { NFD_ARTIFACT, writeArtifactLayout, writeImageLayout } from "./registry_server.ts";

test("fetchArtifact(ref text, options) → verified bytes, media type, kind, source", async () => {
  const dir = path.join(tempDir(), "layout");
  writeArtifactLayout(dir, "v1");
  const got = await fetchArtifact(`oci-layout:${dir}:v1`, {});
  expect(Buffer.from(got.bytes)).toEqual(fs.readFileSync(NFD_ARTIFACT.spec));
  expect(got.mediaType).toBe("application/vnd.nfd.image-compatibility.spec.v1alpha1+yaml");
  expect(got.kind).toBe("nfd");
  expect(got.manifestDigest).toBe(NFD_ARTIFACT.manifestDigest);
  expect(got.source).toContain(`referrer ${NFD_ARTIFACT.manifestDigest} of oci-layout:${dir}:v1@`);
});

test("pushArtifact then fetchArtifact in a layout; no artifact is a 'no-artifact' RegistryError", async () => {
  const dir = path.join(tempDir(), "layout");
  writeImageLayout(dir, "v1");
  const err = await fetchArtifact(`oci-layout:${dir}:v1`).catch((e) => e);
  expect(err).toBeInstanceOf(RegistryError);
  expect((err as RegistryError).kind).toBe("no-artifact");
  expect((err as Error).message).toStartWith(`no compatibility artifact attached to oci-layout:${dir}:v1`);
  const spec = new TextEncoder().encode('{"version":"0.0.0","kind":"CompatibilitySpec","compatibilities":[]}');
  const pushed = await pushArtifact(`oci-layout:${dir}:v1`, { bytes: spec, kind: "compspec", fileName: "spec.json" });
  expect(pushed).toMatchObject({ reference: `oci-layout:${dir}:v1-compspec`, via: "sibling tag" });
  const got = await fetchArtifact(`oci-layout:${dir}:v1`);
  expect(got.bytes).toEqual(spec);
  expect(got.kind).toBe("compspec");
  expect(got.source).toBe(`sibling tag oci-layout:${dir}:v1-compspec`);
});

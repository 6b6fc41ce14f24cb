/**
 * Issue #20 item 9: several artifacts attached to one image. `artifact list`
 * shows them all (text and --json) and marks the one `artifact pull` and
 * `check --image` use; those name it and count the others; equal `created`
 * times break by the lowest digest, whatever order the registry lists them in.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { runInProcess } from "../cli/run_in_process.ts";
import { IMAGE, NFD_ARTIFACT, pushImage, startRegistry, type TestRegistry } from "./registry_server.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const NO_CONFIG = { DOCKER_CONFIG: tempDir("compspec-noconfig-") };
const COMPSPEC = path.join(FIXTURES, "registry", "check-lammps", "specs", "compspec-openmpi-ubuntu-gpu-22.04.json");
const GPU17 = path.join(FIXTURES, "nodes", "realistic", "gpu17.json");
const NFD_TYPE = "application/vnd.nfd.image-compatibility.v1alpha1";

let reg: TestRegistry;
beforeAll(async () => {
  reg = await startRegistry();
});
afterAll(async () => await reg?.stop());

const cli = (...args: string[]) => runInProcess(args, { env: NO_CONFIG });

/** Push `file` as an artifact of `image`; returns its manifest digest. */
async function push(image: string, file: string, created: string): Promise<string> {
  const r = await cli("artifact", "push", "--plain-http", "--image", image, "--artifact", file, "--created", created);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim().split("@")[1] ?? "";
}

/** An NFD spec that differs from the fixture in its bytes only (a comment). */
function variant(name: string): string {
  const file = path.join(tempDir(), `${name}.yaml`);
  fs.writeFileSync(file, `# ${name}\n${fs.readFileSync(NFD_ARTIFACT.spec, "utf8")}`);
  return file;
}

describe("an NFD referrer and a compspec sibling tag", () => {
  test("list shows both and marks the referrer; pull and check name it and count the other", async () => {
    pushImage(reg, "two/app", "v1");
    const image = `${reg.host}/two/app:v1`;
    const nfd = await push(image, NFD_ARTIFACT.spec, "2025-01-01T00:00:00Z");
    await push(image, COMPSPEC, "2026-01-01T00:00:00Z"); // newer, but the sibling tag comes after referrers
    const text = await cli("artifact", "list", "--plain-http", "--image", image);
    expect(text.stderr).toBe("");
    expect(text.status).toBe(0);
    const lines = text.stdout.split("\n");
    expect(lines[0]).toBe(`${image}@${IMAGE.manifestDigest}`);
    expect(lines[1]).toMatch(/^ {2} +TYPE +DIGEST +SIZE +CREATED +WHERE$/);
    expect(lines[2]).toMatch(new RegExp(`^  \\* +${NFD_TYPE} +${nfd} +\\d+ +2025-01-01T00:00:00Z +referrer of ${image}@${IMAGE.manifestDigest} \\(tag-schema index\\)$`));
    expect(lines[3]).toMatch(/^ {3} +application\/org\.supercontainers\.compspec +sha256:[a-f0-9]{64} +\d+ +2026-01-01T00:00:00Z +sibling tag .*two\/app:v1-compspec$/);
    const json = JSON.parse((await cli("artifact", "list", "--plain-http", "--image", image, "--json")).stdout);
    expect(json.image).toBe(`${image}@${IMAGE.manifestDigest}`);
    expect(json.artifacts.map((a: { chosen: boolean; compatible: boolean; artifactType: string }) => [a.artifactType, a.compatible, a.chosen])).toEqual([
      [NFD_TYPE, true, true],
      ["application/org.supercontainers.compspec", true, false],
    ]);
    const pulled = await cli("artifact", "pull", "--plain-http", "--image", image);
    expect(pulled.status).toBe(0);
    expect(pulled.stderr).toContain(`artifact from referrer ${nfd} of ${image}@${IMAGE.manifestDigest}`);
    expect(pulled.stderr).toContain(`chosen over 1 other attached compatibility artifact (`);
    expect(pulled.stderr).toContain(`'compspec artifact list --image ${image}' lists them)`);
    const checked = await cli("check", "--plain-http", "--image", image, "--node-file", GPU17);
    expect(checked.stdout).toContain(`  found as referrer ${nfd} of ${image}@${IMAGE.manifestDigest}`);
    expect(checked.stdout).toContain("chosen over 1 other attached compatibility artifact");
  }, 60_000);

  test("a single artifact: no count in the message; an image without any: an empty list, exit 0", async () => {
    pushImage(reg, "one/app", "v1");
    const image = `${reg.host}/one/app:v1`;
    let r = await cli("artifact", "list", "--plain-http", "--image", image);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${image}@${IMAGE.manifestDigest}\n  no artifacts attached\n`);
    await push(image, NFD_ARTIFACT.spec, "2025-01-01T00:00:00Z");
    r = await cli("artifact", "pull", "--plain-http", "--image", image);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain("chosen over");
  }, 60_000);
});

test("equal created times: the lowest digest wins, not the one listed last", async () => {
  const created = "2025-06-01T00:00:00Z";
  const [a, b] = [variant("first"), variant("second")];
  // Learn both digests in a scratch repository (same subject, so the same manifests), then list the lower one first.
  pushImage(reg, "scratch/app", "v1");
  const da = await push(`${reg.host}/scratch/app:v1`, a, created);
  const db = await push(`${reg.host}/scratch/app:v1`, b, created);
  const [low, high] = da < db ? [a, b] : [b, a];
  pushImage(reg, "tie/app", "v1");
  const image = `${reg.host}/tie/app:v1`;
  const lowDigest = await push(image, low, created);
  await push(image, high, created);
  const pulled = await cli("artifact", "pull", "--plain-http", "--image", image);
  expect(pulled.status).toBe(0);
  expect(pulled.stderr).toContain(`artifact from referrer ${lowDigest} `);
  expect(pulled.stdout).toBe(fs.readFileSync(low, "utf8"));
  const list = JSON.parse((await cli("artifact", "list", "--plain-http", "--image", image, "--json")).stdout);
  expect(list.artifacts.filter((x: { chosen: boolean }) => x.chosen).map((x: { digest: string }) => x.digest)).toEqual([lowDigest]);
}, 60_000);

test("artifact list: --help, and a bad reference is a usage error", async () => {
  const help = await cli("artifact", "list", "--help");
  expect(help.status).toBe(0);
  for (const flag of ["--image REF", "--json", "--platform", "--artifact-type", "--plain-http", "--registry-password-stdin", "--timeout"]) expect(help.stdout).toContain(flag);
  const bad = await cli("artifact", "list", "--image", "hpc/solver:1.0");
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("docker.io/hpc/solver:1.0");
  const none = await cli("artifact", "list");
  expect(none.status).toBe(2);
});

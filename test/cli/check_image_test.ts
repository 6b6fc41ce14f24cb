/**
 * `compspec check --image REF`: the artifact attached to an image — in Debian's
 * docker-registry 2.8 on 127.0.0.1 or in an OCI layout — found and verified as
 * `artifact pull` finds it, then checked exactly as `check --artifact FILE`:
 * an NFD artifact pushed by `artifact push` (referrers tag-schema index),
 * compspec-go's attribute artifacts under their sibling tags (both layer
 * types), ORAS's layout; an image without an artifact, registry failures and a
 * tampered blob (exit 3, never evaluated), a bad artifact (exit 2),
 * credentials (named, never shown).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { CheckReportSchema } from "../../src/compat/report.ts";
import { digestOf } from "../../src/registry/digest.ts";
import { nodeFileFromNfdJson, type NfdJson } from "../compat/nfd_node_file.ts";
import { runInProcess } from "./run_in_process.ts";
import {
  NFD_ARTIFACT,
  pushImage,
  pushRenamedCompspecLayer,
  startRegistry,
  type TestRegistry,
  writeArtifactLayout,
  writeImageLayout,
} from "../registry/registry_server.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const EX = path.join(FIXTURES, "compat", "nfd", "examples");
const LAMMPS = path.join(FIXTURES, "registry", "check-lammps", "specs");
const GPU17 = path.join(FIXTURES, "nodes", "realistic", "gpu17.json");
const NO_CONFIG = { DOCKER_CONFIG: tempDir("compspec-noconfig-") };
const work = tempDir("compspec-check-image-");

/** A node file with the NFD example node's features (x86, Debian, AVX2 but no AVX-512). */
const debianFile = path.join(work, "debian.json");
fs.writeFileSync(debianFile, JSON.stringify(nodeFileFromNfdJson(JSON.parse(fs.readFileSync(path.join(EX, "node-x86-debian.json"), "utf8")) as NfdJson, "debian")));

let reg: TestRegistry;
beforeAll(async () => {
  reg = await startRegistry();
});
afterAll(async () => {
  await reg?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[], input?: string) => runInProcess(args, { env: NO_CONFIG, ...(input === undefined ? {} : { input }) });
const check = (image: string, ...more: string[]) => cli(["check", "--plain-http", "--image", image, ...more]);

/**
 * `check --image IMAGE TARGET…` gives exactly what `check --artifact FILE
 * TARGET…` gives: the same exit status, the same report but for the first
 * line naming the image and the line saying where the artifact was found.
 */
async function expectSameAsFile(image: string, file: string, target: string[], plainHttp = true): Promise<{ status: number | null; found: string }> {
  const byImage = await cli(["check", ...(plainHttp ? ["--plain-http"] : []), "--image", image, ...target]);
  const byFile = await cli(["check", "--artifact", file, ...target]);
  // The same warnings (NFD's own example misspells vfio_pci), naming the image instead of the file.
  expect(byImage.stderr).toBe(byFile.stderr.replaceAll(file, image));
  expect(byImage.status).toBe(byFile.status);
  const [head, found, ...rest] = byImage.stdout.split("\n");
  const [fileHead, ...fileRest] = byFile.stdout.split("\n");
  expect(head).toBe(fileHead!.replace(file, image));
  expect(found).toStartWith("  found as ");
  expect(rest).toEqual(fileRest);
  // The same for programs: --json differs only in artifact.source and artifact.found.
  const json = await cli(["check", ...(plainHttp ? ["--plain-http"] : []), "--image", image, ...target, "--json"]);
  const fileJson = await cli(["check", "--artifact", file, ...target, "--json"]);
  const report = v.parse(CheckReportSchema, JSON.parse(json.stdout));
  expect(report.artifact.found).toBe(found!.slice("  found as ".length));
  const { source: _s, found: _f, ...artifact } = report.artifact;
  const fileReport = JSON.parse(fileJson.stdout);
  expect(report.artifact.source).toBe(image);
  delete fileReport.artifact.source;
  expect({ ...report, artifact }).toEqual(fileReport);
  return { status: byImage.status, found: report.artifact.found! };
}

describe("check --image finds the artifact and checks it exactly as --artifact FILE", () => {
  test("an NFD artifact attached by 'artifact push' (referrers tag-schema index): text, --json, --output-json", async () => {
    pushImage(reg, "nfd/app", "v1");
    const spec = path.join(EX, "ex2-avx512-or-avx2.yaml");
    const pushed = await cli(["artifact", "push", "--plain-http", "--artifact", spec, "--image", `${reg.host}/nfd/app:v1`]);
    expect(pushed.status).toBe(0);
    const digest = pushed.stdout.trim().split("@")[1]!;
    const { status, found } = await expectSameAsFile(`${reg.host}/nfd/app:v1`, spec, ["--node-file", debianFile]);
    expect(status).toBe(0); // the avx2 set passes on the example node
    expect(found).toStartWith(`referrer ${digest} of ${reg.host}/nfd/app:v1@`);
    expect(found).toContain("tag-schema index");
    // NFD's own format, byte for byte; which artifact was evaluated goes to stderr.
    const out = await check(`${reg.host}/nfd/app:v1`, "--node-file", debianFile, "--output-json");
    const fromFile = await cli(["check", "--artifact", spec, "--node-file", debianFile, "--output-json"]);
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(fromFile.stdout);
    expect(out.stderr).toContain(`artifact from referrer ${digest}`);
    // --tags works as with a file: only the avx512 set, which fails there.
    const tagged = await check(`${reg.host}/nfd/app:v1`, "--node-file", debianFile, "--tags", "avx512");
    expect(tagged.status).toBe(1);
  });

  test("compspec-go's attribute artifacts under their sibling tags, both layer types", async () => {
    for (const [tag, how] of [["intel-mpi-rocky-9-amd64", "push"], ["openmpi-ubuntu-gpu-22.04", "renamed"]] as const) {
      const image = `${reg.host}/rse-ops/lammps-matrix:${tag}`;
      const spec = path.join(LAMMPS, `compspec-${tag}.json`);
      pushImage(reg, "rse-ops/lammps-matrix", tag);
      if (how === "push") {
        expect((await cli(["artifact", "push", "--plain-http", "--artifact", spec, "--image", image])).status).toBe(0);
      } else {
        await pushRenamedCompspecLayer(image, spec, NO_CONFIG);
      }
      const { status, found } = await expectSameAsFile(image, spec, ["--node-file", GPU17]);
      expect(found).toBe(`sibling tag ${image}-compspec`);
      expect(status).toBe(1); // gpu17 is a Rocky GPU node with OpenMPI
    }
    const r = await check(`${reg.host}/rse-ops/lammps-matrix:intel-mpi-rocky-9-amd64`, "--node-file", GPU17);
    expect(r.stdout).toContain("org.supercontainers.mpi.implementation = intel-mpi — found OpenMPI");
  });

  test("an OCI layout (oci-layout:PATH:tag): ORAS's NFD artifact, and an attribute artifact 'artifact push' put there", async () => {
    const layout = path.join(work, "oras-layout");
    writeArtifactLayout(layout, "v1");
    await expectSameAsFile(`oci-layout:${layout}:v1`, NFD_ARTIFACT.spec, ["--node-file", debianFile], false);

    const own = path.join(work, "own-layout");
    writeImageLayout(own, "gpu");
    const spec = path.join(work, "gpu-rocky.json");
    fs.writeFileSync(spec, JSON.stringify({
      version: "0.0.0",
      kind: "CompatibilitySpec",
      compatibilities: [{ name: "org.supercontainers", version: "0.0.0", attributes: { "hardware.gpu.available": "yes", "os.vendor": "rocky" } }],
    }));
    expect((await cli(["artifact", "push", "--artifact", spec, "--image", `oci-layout:${own}:gpu`])).status).toBe(0);
    const { status } = await expectSameAsFile(`oci-layout:${own}:gpu`, spec, ["--node-file", GPU17], false);
    expect(status).toBe(0);
  });
});

describe("no artifact to evaluate: exit 3, the image named, nothing on stdout", () => {
  test("an image without an artifact; an image that does not exist; a registry that refuses connections", async () => {
    pushImage(reg, "bare/app", "v1");
    let r = await check(`${reg.host}/bare/app:v1`, "--node-file", debianFile);
    expect([r.status, r.stdout]).toEqual([3, ""]);
    expect(r.stderr).toContain(`check: no compatibility artifact attached to ${reg.host}/bare/app:v1 (looked at referrers of`);
    r = await check(`${reg.host}/nothing/here:v1`, "--node-file", debianFile);
    expect([r.status, r.stdout]).toEqual([3, ""]);
    expect(r.stderr).toContain(`check: image ${reg.host}/nothing/here:v1 not found`);
    r = await check("127.0.0.1:1/app:v1", "--node-file", debianFile);
    expect([r.status, r.stdout]).toEqual([3, ""]);
    expect(r.stderr).toContain("cannot reach 127.0.0.1:1: connection refused");
    const layout = path.join(work, "bare-layout");
    writeImageLayout(layout, "v1");
    r = await check(`oci-layout:${layout}:v1`, "--node-file", debianFile);
    expect([r.status, r.stdout]).toEqual([3, ""]);
    expect(r.stderr).toContain(`no compatibility artifact attached to oci-layout:${layout}:v1`);
  });

  test("a tampered artifact blob in the registry's storage is refused, never evaluated", async () => {
    pushImage(reg, "tampered/app", "v1");
    // An artifact no node passes, tampered into one of the same length that every node without the flag passes.
    // (A real flag the node lacks: a name no machine has would be "unknown name", exit 3, since #20.)
    const rule = (op: string) => `version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    matchFeatures:\n    - feature: cpu.cpuid\n      matchExpressions: {AVX512VNNI: {op: ${op}}}\n`;
    const strict = rule("Exists      ");
    const lenient = rule("DoesNotExist");
    expect(lenient.length).toBe(strict.length);
    const lenientFile = path.join(work, "lenient.yaml");
    fs.writeFileSync(lenientFile, lenient);
    expect((await cli(["check", "--artifact", lenientFile, "--node-file", debianFile])).status).toBe(0); // had it been evaluated
    const spec = path.join(work, "strict.yaml");
    fs.writeFileSync(spec, strict);
    expect((await cli(["artifact", "push", "--plain-http", "--artifact", spec, "--image", `${reg.host}/tampered/app:v1`])).status).toBe(0);
    expect((await check(`${reg.host}/tampered/app:v1`, "--node-file", debianFile)).status).toBe(1);
    const hex = digestOf(new TextEncoder().encode(strict)).slice("sha256:".length);
    fs.writeFileSync(path.join(reg.dir, "data", "docker", "registry", "v2", "blobs", "sha256", hex.slice(0, 2), hex, "data"), lenient);
    const r = await check(`${reg.host}/tampered/app:v1`, "--node-file", debianFile);
    expect([r.status, r.stdout]).toEqual([3, ""]);
    expect(r.stderr).toContain(`blob sha256:${hex} of ${reg.host}/tampered/app: digest mismatch`);
    expect(r.stderr).toContain("refusing to use it");
  });
});

describe("a bad artifact at an image: exit 2, named by its digest and the image, with the place", () => {
  test("pushed with --kind (which stores it unread)", async () => {
    pushImage(reg, "bad/app", "v1");
    const spec = path.join(work, "bad.yaml");
    fs.writeFileSync(spec, "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    matchFeatures:\n    - feature: cpu.cpuid\n      matchExpressions:\n        AVX2: {op: Equals}\n");
    // Without --kind, artifact push refuses it as check would.
    const refused = await cli(["artifact", "push", "--plain-http", "--artifact", spec, "--image", `${reg.host}/bad/app:v1`]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`artifact push: ${spec}:8:15: compatibilities[0].rules[0].matchFeatures[0].matchExpressions.AVX2: unknown operator "Equals"`);
    const pushed = await cli(["artifact", "push", "--plain-http", "--kind", "nfd", "--artifact", spec, "--image", `${reg.host}/bad/app:v1`]);
    expect(pushed.status).toBe(0);
    const digest = pushed.stdout.trim().split("@")[1]!;
    const r = await check(`${reg.host}/bad/app:v1`, "--node-file", debianFile);
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toContain(
      `check: artifact ${digest} of ${reg.host}/bad/app:v1, line 8, column 15: compatibilities[0].rules[0].matchFeatures[0].matchExpressions.AVX2: unknown operator "Equals"`,
    );
  });
});

describe("registry options are artifact pull's", () => {
  test("usage errors before any network work (exit 2)", async () => {
    const cases: [string[], string][] = [
      [["check", "--artifact", "a.yaml", "--image", "127.0.0.1:1/a:b"], "check: --artifact and --image both name the artifact: give one"],
      [["check", "--artifact", "a.yaml", "--plain-http", "--platform", "linux/amd64"], "check: --platform, --plain-http apply to --image"],
      [["check", "--image", "ubuntu:22.04"], "must start with a registry host"],
      [["check", "--image", "127.0.0.1:1/a:b", "--timeout", "0"], '--timeout "0"'],
      [["check", "--image", "127.0.0.1:1/a:b", "--platform", "linux"], "linux"],
      [["check", "--image", "127.0.0.1:1/a:b", "--registry-password-stdin"], "--registry-password-stdin needs --registry-username"],
      [["check"], "check: --artifact FILE is required, or --image REF"],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect([r.status, r.stdout]).toEqual([2, ""]);
      expect(r.stderr).toContain(message);
    }
  });

  test("--help documents --image, the registry options and the exit statuses", async () => {
    const r = await cli(["check", "--help"]);
    expect(r.status).toBe(0);
    for (const s of ["--image REF", "--plain-http", "--registry-password-stdin", "--registry-token-stdin", "--timeout", "--platform", "--artifact-type", "  3  --image: no artifact to evaluate"]) {
      expect(r.stdout).toContain(s);
    }
  });

  test("401 names the credentials tried, never their value; the right ones work", async () => {
    const secure = await startRegistry({ kind: "htpasswd", user: "alice", password: "s3cret-pw" });
    try {
      pushImage(secure, "auth/app", "v1", "alice:s3cret-pw");
      const spec = path.join(EX, "ex2-avx512-or-avx2.yaml");
      const image = `${secure.host}/auth/app:v1`;
      const login = ["--registry-username", "alice", "--registry-password-stdin"];
      expect((await cli(["artifact", "push", "--plain-http", "--artifact", spec, "--image", image, ...login], "s3cret-pw\n")).status).toBe(0);
      let r = await check(image, "--node-file", debianFile);
      expect([r.status, r.stdout]).toEqual([3, ""]);
      expect(r.stderr).toContain("401 Unauthorized");
      expect(r.stderr).toContain("tried: anonymous access");
      r = await cli(["check", "--plain-http", "--image", image, "--node-file", debianFile, ...login], "wrong-pw\n");
      expect([r.status, r.stdout]).toEqual([3, ""]);
      expect(r.stderr).toContain("basic credentials from --registry-username/--registry-password-stdin");
      expect(r.stderr).not.toContain("wrong-pw");
      r = await cli(["check", "--plain-http", "--image", image, "--node-file", debianFile, ...login], "s3cret-pw\n");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("can run it (set avx2, weight 10)");
      expect(r.stdout + r.stderr).not.toContain("s3cret-pw");
    } finally {
      await secure.stop();
    }
  });
});

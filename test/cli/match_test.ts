/**
 * `compspec match` on compspec-go's own example (check-lammps: 4 images and
 * their attribute artifacts), pushed to docker-registry 2.8 on 127.0.0.1:
 * compat-spec §1.3's table, both layer types, `--cache` read back with no
 * registry listening.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheBlobFile, cacheRefFile, writeCached } from "../../src/cli/match_cache.ts";
import { digestOf } from "../../src/registry/digest.ts";
import { parseReference } from "../../src/registry/reference.ts";
import { runInProcess } from "./run_in_process.ts";
import { pushImage, pushRenamedCompspecLayer, startProxy, startRegistry, type TestRegistry } from "../registry/registry_server.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const LAMMPS = path.join(FIXTURES, "registry", "check-lammps");
const TAGS = ["intel-mpi-rocky-9-amd64", "intel-mpi-rocky-8-amd64", "openmpi-ubuntu-gpu-20.04", "openmpi-ubuntu-gpu-22.04"];
const NO_CONFIG = { DOCKER_CONFIG: tempDir("compspec-noconfig-") };

let reg: TestRegistry;
let manifest: string;

/** compspec-go's manifest with ghcr.io replaced by `host`. */
function manifestFor(host: string): string {
  const file = path.join(tempDir(), "manifest.yaml");
  fs.writeFileSync(file, fs.readFileSync(path.join(LAMMPS, "manifest.yaml"), "utf8").replaceAll("ghcr.io/", `${host}/`));
  return file;
}

beforeAll(async () => {
  reg = await startRegistry();
  for (const tag of TAGS) pushImage(reg, "rse-ops/lammps-matrix", tag);
  // Three artifacts as compspec pushes them (compspec-go's examples' layer type) …
  for (const tag of TAGS.slice(1)) {
    const r = await runInProcess([
      "artifact", "push", "--plain-http", "--image", `${reg.host}/rse-ops/lammps-matrix:${tag}`,
      "--artifact", path.join(LAMMPS, "specs", `compspec-${tag}.json`),
    ], { env: NO_CONFIG });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  // … and one with the layer type compspec-go's match itself looks for since its rename.
  await pushRenamedCompspecLayer(`${reg.host}/rse-ops/lammps-matrix:${TAGS[0]}`, path.join(LAMMPS, "specs", `compspec-${TAGS[0]}.json`), NO_CONFIG);
  manifest = manifestFor(reg.host);
});
afterAll(async () => await reg?.stop());

const image = (tag: string) => `${reg.host}/rse-ops/lammps-matrix:${tag}`;
const match = (...args: string[]) => runInProcess(["match", "--plain-http", "--in", manifest, ...args], { env: NO_CONFIG });
const found = (...tags: string[]) => ` --- Found matches ---\n${tags.map((t) => `${image(t)}\n`).sort().join("")}`;

describe("compat-spec §1.3's table on compspec-go's check-lammps example", () => {
  test("no --match: all 4 (sorted); schemas announced on stderr", async () => {
    const r = await match();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(found(...TAGS));
    expect(r.stderr).toContain("Schema io.archspec is being added to the graph");
    expect(r.stderr).toContain("Schema org.supercontainers is being added to the graph");
  });

  test("gpu.available=yes / =no", async () => {
    let r = await match("-m", "org.supercontainers.hardware.gpu.available=yes");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(found("openmpi-ubuntu-gpu-20.04", "openmpi-ubuntu-gpu-22.04"));
    r = await match("--match", "org.supercontainers.hardware.gpu.available=no");
    expect(r.stdout).toBe(found("intel-mpi-rocky-9-amd64", "intel-mpi-rocky-8-amd64"));
    r = await match("-m", "org.supercontainers.hardware.gpu.available=no", "-m", "io.archspec.cpu.target=amd64", "-m", "org.supercontainers.os.vendor=rocky");
    expect(r.stdout).toBe(found("intel-mpi-rocky-9-amd64", "intel-mpi-rocky-8-amd64"));
  });

  test("gpu.available=no + mpi.implementation=OpenMPI: empties the match set (exit 1)", async () => {
    const r = await match("-m", "org.supercontainers.hardware.gpu.available=no", "-m", "org.supercontainers.mpi.implementation=OpenMPI");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Adding field org.supercontainers.mpi.implementation=OpenMPI empties match set");
  });

  test("os.vendor=debian and cpu.target=x86_64 are not known (exit 1)", async () => {
    for (const field of ["org.supercontainers.os.vendor=debian", "io.archspec.cpu.target=x86_64"]) {
      const r = await match("-m", field);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Field ${field} is not known and cannot be matched.`);
    }
  });

  test("--single, --randomize, --print", async () => {
    let r = await match("--single");
    expect(r.stdout).toBe(found("intel-mpi-rocky-8-amd64"));
    r = await match("-r", "-s", "-m", "org.supercontainers.hardware.gpu.available=yes");
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect([image("openmpi-ubuntu-gpu-20.04"), image("openmpi-ubuntu-gpu-22.04")]).toContain(lines[1]!);
    r = await match("--print", "-m", "org.supercontainers.os.version=9.3");
    expect(r.stdout).toContain(`${image("intel-mpi-rocky-9-amd64")}\n  io\n  io.archspec\n  io.archspec.cpu\n`);
    expect(r.stdout).toContain("  org.supercontainers.hardware.gpu.available.no\n");
    expect(r.stdout.endsWith(found("intel-mpi-rocky-9-amd64"))).toBe(true);
  });
});

describe("artifacts missing, failing, cached", () => {
  test("--check-artifacts counts missing ones and names them; without it a missing artifact only leaves the image out", async () => {
    pushImage(reg, "rse-ops/lammps-matrix", "no-artifact");
    const file = manifestFor(reg.host);
    fs.appendFileSync(file, `\n  - name: ${image("no-artifact")}\n    artifact: ${image("no-artifact")}-compspec\n  - name: ${image("found-by-image")}\n`);
    // The last entry has no 'artifact': found from the image (here: its sibling tag).
    pushImage(reg, "rse-ops/lammps-matrix", "found-by-image");
    const p = await runInProcess(["artifact", "push", "--plain-http", "--image", image("found-by-image"), "--artifact", path.join(LAMMPS, "specs", "compspec-openmpi-ubuntu-gpu-22.04.json")], { env: NO_CONFIG });
    expect(p.status).toBe(0);
    let r = await runInProcess(["match", "--plain-http", "--in", file, "-c"], { env: NO_CONFIG });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("Checking artifacts complete. There were 1 artifacts missing.\n");
    expect(r.stderr).toContain(`image ${image("no-artifact")}: no compatibility artifact at ${image("no-artifact")}-compspec`);
    r = await runInProcess(["match", "--plain-http", "--in", file, "-m", "org.supercontainers.os.version=22.04"], { env: NO_CONFIG });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(found("openmpi-ubuntu-gpu-22.04", "found-by-image"));
  });

  test("a registry error names the image and stops (exit 1) unless --allow-fail", async () => {
    const file = path.join(tempDir(), "m.yaml");
    fs.writeFileSync(file, `images:\n  - name: ${image(TAGS[0]!)}\n    artifact: ${image(TAGS[0]!)}-compspec\n  - name: 127.0.0.1:1/x:y\n    artifact: 127.0.0.1:1/x:y-compspec\n`);
    let r = await runInProcess(["match", "--plain-http", "--in", file], { env: NO_CONFIG });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("match: image 127.0.0.1:1/x:y: ");
    expect(r.stderr).toContain("connection refused");
    r = await runInProcess(["match", "--plain-http", "--in", file, "--allow-fail"], { env: NO_CONFIG });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(found(TAGS[0]!));
  });

  test("bad manifests and an artifact namespace with no schema graph", async () => {
    const bad = path.join(tempDir(), "bad.yaml");
    fs.writeFileSync(bad, "images: {name: x}\n");
    let r = await runInProcess(["match", "--in", bad], { env: NO_CONFIG });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: not a match manifest`);
    fs.writeFileSync(bad, "images:\n  - name: ubuntu:22.04\n");
    r = await runInProcess(["match", "--in", bad], { env: NO_CONFIG });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: images[0]: image reference "ubuntu:22.04"`);

    const cache = tempDir();
    const file = path.join(tempDir(), "m.yaml");
    fs.writeFileSync(file, "images:\n  - name: 127.0.0.1:1/odd:v1\n    artifact: 127.0.0.1:1/odd:v1-compspec\n");
    writeCached(cache, parseReference("127.0.0.1:1/odd:v1-compspec"), new TextEncoder().encode(JSON.stringify({
      version: "0.0.0",
      kind: "CompatibilitySpec",
      metadata: { name: "x", schemas: { "org.example": "https://example.org/s.json" } },
      compatibilities: [{ name: "org.example", version: "0.0.0", attributes: { "a.b": "c" } }],
    })));
    r = await runInProcess(["match", "--in", file, "--cache", cache], { env: NO_CONFIG });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Schema root node org.example is missing from the graph, missing from schemas.");
  });

  test("--cache: the first run fetches and writes, the second needs no registry at all", async () => {
    const proxy = startProxy(reg.host, () => undefined);
    const file = manifestFor(proxy.host);
    const cache = tempDir();
    let r = await runInProcess(["match", "--plain-http", "--in", file, "--cache", cache, "-m", "org.supercontainers.hardware.gpu.available=yes"], { env: NO_CONFIG });
    expect(r.status).toBe(0);
    const files = fs.readdirSync(cache).sort();
    // Named by registry, repository and digest (issue #21 item 7; compspec-go's `/`,`:` → `-` names collided).
    const ref = (t: string) => parseReference(`${proxy.host}/rse-ops/lammps-matrix:${t}-compspec`);
    const spec = (t: string) => new Uint8Array(fs.readFileSync(path.join(LAMMPS, "specs", `compspec-${t}.json`)));
    expect(files).toEqual(TAGS.flatMap((t) => [cacheRefFile(cache, ref(t)), cacheBlobFile(cache, ref(t), digestOf(spec(t)))]).map((f) => path.basename(f)).sort());
    const requests = proxy.seen.length;
    proxy.stop(); // nothing listens there any more
    r = await runInProcess(["match", "--plain-http", "--in", file, "--cache", cache, "-m", "org.supercontainers.hardware.gpu.available=yes"], { env: NO_CONFIG });
    expect(r.stderr).not.toContain("error");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(` --- Found matches ---\n${["openmpi-ubuntu-gpu-20.04", "openmpi-ubuntu-gpu-22.04"].map((t) => `${proxy.host}/rse-ops/lammps-matrix:${t}\n`).join("")}`);
    expect(proxy.seen.length).toBe(requests);
    r = await runInProcess(["match", "--in", file, "--cache", path.join(cache, "missing")], { env: NO_CONFIG });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("not an existing folder");
  });
});

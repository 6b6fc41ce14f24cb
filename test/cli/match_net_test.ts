/**
 * `compspec match` across registries and with `--cache` (issue #21 items 6
 * and 7): credentials from the command line go to one registry only, and
 * cache entries are named collision-free and checked when read back.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheBlobFile } from "../../src/cli/match_cache.ts";
import { parseReference } from "../../src/registry/reference.ts";
import { runCliAsync } from "../registry/cli.ts";
import { runInProcess } from "./run_in_process.ts";
import { pushImage, startProxy, startRegistry, type TamperProxy, type TestRegistry } from "../registry/registry_server.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const SPECS = path.join(FIXTURES, "registry", "check-lammps", "specs");
const GPU = path.join(SPECS, "compspec-openmpi-ubuntu-gpu-22.04.json"); // gpu.available=yes
const NO_GPU = path.join(SPECS, "compspec-intel-mpi-rocky-9-amd64.json"); // gpu.available=no
const NO_CONFIG = { DOCKER_CONFIG: tempDir("compspec-noconfig-") };
const YES = "org.supercontainers.hardware.gpu.available=yes";

let reg: TestRegistry;
beforeAll(async () => {
  reg = await startRegistry();
  for (const [repo, spec] of [["a/b", GPU], ["a-b", NO_GPU]] as const) {
    pushImage(reg, repo, "v1");
    const r = await runInProcess(["artifact", "push", "--plain-http", "--image", `${reg.host}/${repo}:v1`, "--artifact", spec], { env: NO_CONFIG });
    if (r.status !== 0) throw new Error(r.stderr);
  }
});
afterAll(async () => await reg?.stop());

function manifestOf(images: string[]): string {
  const file = path.join(tempDir(), "manifest.yaml");
  fs.writeFileSync(file, `images:\n${images.map((i) => `  - name: ${i}\n    artifact: ${i}-compspec\n`).join("")}`);
  return file;
}

/** A proxy in front of the registry that wants Basic `user:password`; it records which Authorization values came. */
function basicProxy(user: string, password: string): TamperProxy & { auths: (string | null)[] } {
  const auths: (string | null)[] = [];
  const expected = `Basic ${btoa(`${user}:${password}`)}`;
  const proxy = startProxy(reg.host, (req) => {
    auths.push(req.headers.get("authorization"));
    if (req.headers.get("authorization") === expected) return undefined;
    return new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', { status: 401, headers: { "www-authenticate": 'Basic realm="r"' } });
  });
  return Object.assign(proxy, { auths });
}

describe("credentials from the command line go to one registry", () => {
  test("the first image's registry gets them; another uses its docker config entry", async () => {
    const first = basicProxy("u", "p");
    const other = basicProxy("v", "w");
    const config = tempDir("compspec-config-");
    fs.writeFileSync(path.join(config, "config.json"), JSON.stringify({ auths: { [other.host]: { auth: btoa("v:w") } } }));
    try {
      const file = manifestOf([`${first.host}/a/b:v1`, `${other.host}/a-b:v1`]);
      const r = await runInProcess(
        ["match", "--plain-http", "--in", file, "--registry-username", "u", "--registry-password-stdin"],
        { input: "p\n", env: { DOCKER_CONFIG: config } },
      );
      expect(r.stderr).toContain(`credentials from the command line go to ${first.host} only`);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(` --- Found matches ---\n${[`${first.host}/a/b:v1`, `${other.host}/a-b:v1`].sort().join("\n")}\n`);
      expect(other.auths).not.toContain(`Basic ${btoa("u:p")}`);
      expect(other.auths).toContain(`Basic ${btoa("v:w")}`);
      expect(first.auths).toContain(`Basic ${btoa("u:p")}`);
    } finally {
      first.stop();
      other.stop();
    }
  }, 30_000);

  test("--registry HOST names the registry instead; the others get nothing (a 401 naming the image)", async () => {
    const first = basicProxy("u", "p");
    const other = basicProxy("v", "w");
    try {
      const file = manifestOf([`${first.host}/a/b:v1`, `${other.host}/a-b:v1`]);
      // A process: the other image's fetch, still under way when the first fails, finishes before the process ends.
      const r = await runCliAsync(
        ["match", "--plain-http", "--in", file, "--registry", other.host, "--registry-username", "v", "--registry-password-stdin"],
        { input: "w", env: NO_CONFIG },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`match: image ${first.host}/a/b:v1: `);
      expect(r.stderr).toContain("401 Unauthorized");
      expect(first.auths.every((a) => a === null)).toBe(true);
      expect(other.auths).toContain(`Basic ${btoa("v:w")}`);
      const bad = await runInProcess(["match", "--in", file, "--registry", other.host], { env: NO_CONFIG });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain("--registry names the registry the credential flags are for");
    } finally {
      first.stop();
      other.stop();
    }
  }, 30_000);
});

describe("--cache", () => {
  test("a/b and a-b get their own entries: the second run, with no registry, still tells them apart", async () => {
    const proxy = startProxy(reg.host, () => undefined);
    const file = manifestOf([`${proxy.host}/a/b:v1`, `${proxy.host}/a-b:v1`]);
    const cache = tempDir();
    const run = () => runInProcess(["match", "--plain-http", "--in", file, "--cache", cache, "-m", YES], { env: NO_CONFIG });
    let r = await run();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(` --- Found matches ---\n${proxy.host}/a/b:v1\n`);
    expect(fs.readdirSync(cache).length).toBe(4); // a .ref and a blob each
    proxy.stop();
    r = await run();
    expect(r.stderr).not.toContain("warning");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(` --- Found matches ---\n${proxy.host}/a/b:v1\n`);
  }, 30_000);

  test("a tampered cache entry is refused and fetched again", async () => {
    const file = manifestOf([`${reg.host}/a-b:v1`]);
    const cache = tempDir();
    const run = () => runInProcess(["match", "--plain-http", "--in", file, "--cache", cache, "-m", YES], { env: NO_CONFIG });
    expect((await run()).status).toBe(1); // no GPU: no match
    const blob = cacheBlobFile(cache, parseReference(`${reg.host}/a-b:v1-compspec`), `sha256:${new Bun.CryptoHasher("sha256").update(fs.readFileSync(NO_GPU)).digest("hex")}`);
    expect(fs.existsSync(blob)).toBe(true);
    fs.writeFileSync(blob, fs.readFileSync(NO_GPU, "utf8").replace('"hardware.gpu.available": "no"', '"hardware.gpu.available": "yes"'));
    const r = await run();
    expect(r.stderr).toContain(`${blob}: digest mismatch`);
    expect(r.stderr).toContain("refusing the cached copy and fetching it again");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(fs.readFileSync(blob)).toEqual(fs.readFileSync(NO_GPU)); // rewritten with what the registry has
  }, 30_000);
});

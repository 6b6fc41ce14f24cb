/** The registry client (artifact pull, check --image) runs unmodified under Deno, with network permission for the registry only. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO, tempDir } from "../util/fixtures.ts";
import { runCliAsync } from "./cli.ts";
import { NFD_ARTIFACT, pushImageWithForeignArtifact, startRegistry, type TestRegistry } from "./registry_server.ts";

let reg: TestRegistry;
beforeAll(async () => {
  reg = await startRegistry();
  pushImageWithForeignArtifact(reg, "deno/app", "v1");
});
afterAll(async () => await reg?.stop());

test("deno run … artifact pull gets the same verified bytes (--allow-net for the registry host only)", () => {
  const out = path.join(tempDir(), "a.yaml");
  const d = spawnSync(path.join(REPO, "node_modules", ".bin", "deno"), [
    "run", "--no-lock", "--no-prompt", `--allow-net=${reg.host}`, "--allow-env=NO_COLOR,DOCKER_CONFIG,HOME",
    `--allow-read=${path.dirname(out)}`, `--allow-write=${path.dirname(out)}`,
    "src/main.ts", "artifact", "pull", "--plain-http", "--image", `${reg.host}/deno/app:v1`, "-o", out,
  ], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", DOCKER_CONFIG: path.dirname(out) } });
  expect(d.stderr).not.toContain("PermissionDenied");
  expect(d.status).toBe(0);
  expect(fs.readFileSync(out)).toEqual(fs.readFileSync(NFD_ARTIFACT.spec));
}, 120_000);

test("deno run … check --image evaluates the same artifact as the binary (--allow-net for the registry host only)", async () => {
  const cfg = tempDir();
  const node = path.join(REPO, "fixtures", "nodes", "realistic", "gpu17.json");
  const args = ["check", "--plain-http", "--image", `${reg.host}/deno/app:v1`, "--node-file", node];
  const d = spawnSync(path.join(REPO, "node_modules", ".bin", "deno"), [
    "run", "--no-lock", "--no-prompt", `--allow-net=${reg.host}`, "--allow-env=NO_COLOR,DOCKER_CONFIG,HOME,LOG_TOKENS,LOG_STREAM",
    `--allow-read=${cfg},${node}`, "src/main.ts", ...args,
  ], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", DOCKER_CONFIG: cfg } });
  expect(d.stderr).not.toContain("PermissionDenied");
  const bun = await runCliAsync(args, { env: { DOCKER_CONFIG: cfg } });
  expect(d.stdout).toContain(`${reg.host}/deno/app:v1: NFD v1alpha1 artifact`);
  expect([d.status, d.stdout]).toEqual([bun.status, bun.stdout]);
}, 120_000);

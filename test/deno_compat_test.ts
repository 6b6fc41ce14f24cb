/**
 * The source runs unmodified under Deno with only the permissions it needs, and
 * prints exactly what the compiled (Bun) binary prints.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ensureBinary, runBinary } from "./util/binary.ts";
import { REPO, unpackedRoot } from "./util/fixtures.ts";

const DENO = path.join(REPO, "node_modules", ".bin", "deno");

function deno(args: string[]) {
  return spawnSync(DENO, args, {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe("Deno compatibility", () => {
  test("deno run on a fixture root prints the same JSON as the binary (read permission on the root only)", () => {
    const root = unpackedRoot("x86_64-epyc_7451");
    const args = ["extract", "--root", root, "--allow-fail", "--hostname", "epyc"];
    ensureBinary();
    const bin = runBinary(args);
    expect(bin.status).toBe(0);
    const d = deno([
      "run", "--no-lock", "--no-prompt", `--allow-read=${root}`, "--allow-env=NO_COLOR",
      "src/main.ts", ...args,
    ]);
    expect(d.stderr).not.toContain("PermissionDenied");
    expect(d.status).toBe(0);
    expect(d.stdout).toBe(bin.stdout);
    expect(JSON.parse(d.stdout).results.system.sections.cpu.cpus).toBe("96");
  });

  // Deno (since 1.43) lets only --allow-all read /proc, /sys, /etc and /dev: the live machine needs -A.
  test("deno run -A extracts this machine", () => {
    const d = deno([
      "run", "--no-lock", "--no-prompt", "--allow-all",
      "src/main.ts", "extract", "--allow-fail", "--name", "system[cpu,processor,arch,memory]",
    ]);
    expect(d.status).toBe(0);
    const file = JSON.parse(d.stdout);
    expect(Number(file.results.system.sections.cpu.cpus)).toBeGreaterThan(0);
  });

  // The yaml library reads two debug switches (LOG_TOKENS, LOG_STREAM) from the environment.
  test("deno run check and create artifact (yaml, re2js) print what the binary prints", () => {
    const ex = "fixtures/compat/nfd/examples";
    const node = "fixtures/nodes/realistic/gpu17.json";
    const runs = [
      ["check", "--artifact", `${ex}/ex1-nfd-example.yaml`, "--node-file", node, "--json"],
      ["check", "--artifact", "fixtures/compat/compspec-go/generated-compatibility-spec.json", "--node-file", node],
      // JSON with patterns that need re2js (loaded on first need) and one that does not.
      ["check", "--artifact", "fixtures/compat/re2-patterns.json", "--node-file", "fixtures/nodes/extracted/gpu5.json", "--json"],
      ["create", "artifact", "-i", "fixtures/compat/compspec-go/lammps-experiment.yaml", "--root", "fixtures/compat/roots/lammps-build", "-a", "custom.gpu.available=yes"],
    ];
    ensureBinary();
    for (const args of runs) {
      const bin = runBinary(args);
      const d = deno([
        "run", "--no-lock", "--no-prompt", "--allow-read=fixtures", "--allow-env=NO_COLOR,LOG_TOKENS,LOG_STREAM",
        "src/main.ts", ...args,
      ]);
      expect(d.stderr).toBe(bin.stderr);
      expect(d.status).toBe(bin.status);
      expect(d.stdout).toBe(bin.stdout);
      expect(d.stdout.length).toBeGreaterThan(100);
    }
  });

  test("deno check type-checks the source", () => {
    const d = deno(["check", "--no-lock", "src/main.ts"]);
    expect(d.stderr + d.stdout).not.toContain("error");
    expect(d.status).toBe(0);
  }, 120_000);
});

import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { REPO, runCli, tempDir } from "./util/fixtures.ts";

describe("command line", () => {
  test("version prints the package version", () => {
    const r = runCli(["version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^compspec \d+\.\d+\.\d+/);
    expect(runCli(["--version"]).stdout).toBe(r.stdout);
  });

  test("unknown command is a usage error on stderr", () => {
    const r = runCli(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("unknown command");
  });

  test("every command has --help", () => {
    for (const cmd of [["extract"], ["list"], ["version"], ["create", "nodes"], ["snapshot"]]) {
      const r = runCli([...cmd, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("Usage: compspec");
    }
  });

  test("unknown extractor lists the valid ones", () => {
    const r = runCli(["extract", "--name", "nope"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("valid extractors: kernel, library, nfd, system");
  });

  test("unknown section lists the valid ones", () => {
    const r = runCli(["extract", "--name", "system[nope]"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown section "nope" of extractor system; valid sections: cpu, /);
  });

  test("bad flag names the command", () => {
    const r = runCli(["extract", "--bogus"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("extract:");
  });

  test("unsafe --hostname is refused", () => {
    for (const bad of ["../x", "/", "", "a\nb", ".", ".hidden"]) {
      const r = runCli(["extract", "--name", "system[cpu]", "-f", "--hostname", bad]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain("--hostname");
    }
  });

  test("--out into a folder that does not exist fails before extracting, naming the folder", () => {
    const r = runCli(["extract", "--name", "system[cpu]", "--out", "/nonexistent-compspec/x.json"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("folder /nonexistent-compspec does not exist");
    const d = runCli(["extract", "--name", "system[cpu]", "--out", "/nonexistent-compspec/"]);
    expect(d.status).toBe(1);
    expect(d.stderr).toContain("directory does not exist");
  });

  // script(1) gives the command a terminal, as a user at a shell would.
  const hasScript = spawnSync("sh", ["-c", "command -v script"]).status === 0;
  test.skipIf(!hasScript)("colour only on a terminal, and never with NO_COLOR", () => {
    const root = tempDir();
    const cmd = `${process.execPath} ${REPO}/src/main.ts extract --root ${root} -f --hostname x --name 'system[os]'`;
    const onTty = (env: Record<string, string | undefined>) =>
      spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8", env: { ...process.env, ...env } }).stdout;
    const { NO_COLOR: _, ...withoutNoColor } = process.env;
    expect(spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8", env: withoutNoColor }).stdout)
      .toContain("\x1b[33mcompspec: warning:");
    expect(onTty({ NO_COLOR: "1" })).toContain("compspec: warning:");
    expect(onTty({ NO_COLOR: "1" })).not.toContain("\x1b[");
    // Not a terminal (a pipe): no colour even without NO_COLOR.
    const piped = spawnSync(process.execPath, [`${REPO}/src/main.ts`, "extract", "--root", root, "-f", "--hostname", "x", "--name", "system[os]"], {
      encoding: "utf8",
      env: withoutNoColor,
    });
    expect(piped.stderr).toContain("compspec: warning:");
    expect(piped.stderr).not.toContain("\x1b[");
  });
});

import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMANDS } from "../src/cli/commands.ts";
import { runInProcess } from "./cli/run_in_process.ts";
import { FIXTURES, REPO, tempDir } from "./util/fixtures.ts";

/** The long options a command's --help lists (without --help). */
async function longOptions(command: string): Promise<string[]> {
  const help = (await runInProcess([...command.split(" "), "--help"])).stdout;
  const options = help.slice(help.indexOf("Options:"));
  return [...new Set([...options.matchAll(/^\s+(?:-\w, )?--([a-z][a-z-]+)/gm)].map((m) => m[1]!))].filter((o) => o !== "help");
}

/** `name` with two neighbouring letters swapped (a typical typo), e.g. name → nmae. */
function typo(name: string): string {
  const i = name.length > 2 ? 1 : 0;
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
}

describe("command line", () => {
  test("version prints the package version", async () => {
    const r = await runInProcess(["version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^compspec \d+\.\d+\.\d+/);
    expect((await runInProcess(["--version"])).stdout).toBe(r.stdout);
  });

  test("unknown command is a usage error on stderr", async () => {
    const r = await runInProcess(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("unknown command");
    expect((await runInProcess(["extrct"])).stderr).toBe(`compspec: error: unknown command "extrct"; did you mean 'extract'?\n`);
    expect((await runInProcess(["creat", "nodes"])).stderr).toContain("did you mean 'create'?");
  });

  test("every command has --help", async () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(14);
    for (const { name } of COMMANDS) {
      const r = await runInProcess([...name.split(" "), "--help"]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toContain(`compspec ${name}`);
      expect(r.stdout).toStartWith("Usage: compspec");
    }
  });

  test("unknown extractor lists the valid ones", async () => {
    const r = await runInProcess(["extract", "--name", "nope"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("valid extractors: kernel, library, nfd, system");
  });

  test("unknown section lists the valid ones", async () => {
    const r = await runInProcess(["extract", "--name", "system[nope]"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown section "nope" of extractor system; valid sections: cpu, /);
  });

  test("bad flag names the command", async () => {
    const r = await runInProcess(["extract", "--bogus"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("extract:");
  });

  test("compspec help CMD is compspec CMD --help; bare compspec prints usage on stderr (exit 2)", async () => {
    for (const { name } of COMMANDS) {
      const viaHelp = await runInProcess(["help", ...name.split(" ")]);
      expect(viaHelp.status).toBe(0);
      expect(viaHelp.stdout).toBe((await runInProcess([...name.split(" "), "--help"])).stdout);
    }
    const bare = await runInProcess([]);
    expect(bare.status).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toContain("Usage: compspec <command>");
    for (const { name } of COMMANDS) expect(bare.stderr).toContain(name);
  });

  test("every command: a mistyped option gets a suggestion, never the runtime's own words", async () => {
    for (const { name } of COMMANDS) {
      for (const option of [...(await longOptions(name)).slice(0, 1), "help"]) {
        const wrong = typo(option);
        const r = await runInProcess([...name.split(" "), `--${wrong}`]);
        expect(r.status, name).toBe(2);
        expect(r.stderr).toBe(`compspec: error: ${name}: unknown option --${wrong}; did you mean --${option}?\n`);
      }
      const bogus = await runInProcess([...name.split(" "), "--zzzzzz"]);
      expect(bogus.stderr).toBe(`compspec: error: ${name}: unknown option --zzzzzz (see 'compspec ${name} --help')\n`);
    }
    expect((await runInProcess(["extract", "--nmae", "system"])).stderr).toContain("unknown option --nmae; did you mean --name?");
  });

  test("option mistakes in compspec's words: missing value, value for a switch, stray argument", async () => {
    const cases: [string[], string][] = [
      [["extract", "--out"], "extract: option --out needs a value"],
      [["extract", "--out", "--allow-fail"], "extract: option --out needs a value"],
      [["extract", "--hostname", "-x"], "extract: option --hostname needs a value (one that starts with '-' is written attached: --hostname=-x)"],
      [["extract", "--allow-fail=yes"], "extract: option --allow-fail takes no value"],
      [["extract", "stray"], 'extract: unexpected argument "stray"'],
      [["extract", "-N", "system"], "extract: unknown option -N; did you mean -n?"],
      [["create", "nodes", "--cluster", "x"], "create nodes: unknown option --cluster; did you mean --cluster-name?"],
    ];
    for (const [args, message] of cases) {
      const r = await runInProcess(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toStartWith(`compspec: error: ${message}`);
      expect(r.stderr).not.toMatch(/ERR_PARSE_ARGS|TypeError|parseArgs/);
    }
  });

  test("an empty section list is a usage error, not empty sections", async () => {
    for (const name of ["system[]", "system[ ]", "system[cpu,]", "system[,cpu]"]) {
      const r = await runInProcess(["extract", "--name", name]);
      expect(r.status, name).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`--name ${JSON.stringify(name)} has an empty section name`);
    }
  });

  test("counts are singular or plural as they should be", async () => {
    expect((await runInProcess(["list", "--name", "system"])).stdout).toMatch(/\n1 extractor, \d+ sections\n$/);
    expect((await runInProcess(["list"])).stdout).toMatch(/\n4 extractors, \d+ sections\n$/);
    const d = tempDir();
    fs.writeFileSync(path.join(d, "bad.json"), "{");
    expect((await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", d])).stderr).toContain("1 of 1 node file in");
    fs.rmSync(d, { recursive: true });
  });

  test("a write error on stdout is one line and exit 1; no stack trace", async () => {
    const full = fs.openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [path.join(REPO, "src/main.ts"), "extract", "--name", "system[os]", "-f"], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        stdio: ["ignore", full, "pipe"],
      });
      expect(r.status).toBe(1);
      expect(r.stderr.split("\n").filter((l) => !l.includes("warning:"))).toEqual([
        "compspec: error: cannot write to standard output: no space left on device",
        "",
      ]);
    } finally {
      fs.closeSync(full);
    }
  });

  test("an internal error is one line (exit 70); COMPSPEC_DEBUG=1 adds the stack trace", async () => {
    const script = `import { reportError } from ${JSON.stringify(path.join(REPO, "src/main.ts"))};
process.exitCode = reportError(new TypeError("x is not a function"));`;
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
    const plain = run({ COMPSPEC_DEBUG: "" });
    expect(plain.status).toBe(70);
    expect(plain.stderr).toBe(
      "compspec: error: internal error: x is not a function (COMPSPEC_DEBUG=1 shows where; please report it)\n",
    );
    const debug = run({ COMPSPEC_DEBUG: "1" });
    expect(debug.status).toBe(70);
    expect(debug.stderr).toContain("compspec: error: internal error: x is not a function\nTypeError: x is not a function\n    at ");
  });

  test("create nodes: -o and --out are --nodes-output; two of them is a usage error", async () => {
    const red = path.join(FIXTURES, "nodes/rainbow-red");
    const d = tempDir();
    const expected = (await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", red])).stdout;
    for (const flag of ["-o", "--out", "--nodes-output"]) {
      const out = path.join(d, `${flag.replace(/^-+/, "")}.json`);
      const r = await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", red, flag, out]);
      expect(r.status, r.stderr).toBe(0);
      expect(fs.readFileSync(out, "utf8")).toBe(expected);
    }
    const both = await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", red, "-o", "a.json", "--nodes-output", "b.json"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("--out or --nodes-output, not both");
    fs.rmSync(d, { recursive: true });
  });

  test("unsafe --hostname is refused", async () => {
    for (const bad of ["../x", "/", "", "a\nb", ".", ".hidden"]) {
      const r = await runInProcess(["extract", "--name", "system[cpu]", "-f", "--hostname", bad]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain("--hostname");
    }
  });

  test("--out FILE into a folder that does not exist fails before extracting, naming the folder", async () => {
    const r = await runInProcess(["extract", "--name", "system[cpu]", "--out", "/nonexistent-compspec/x.json"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("folder /nonexistent-compspec does not exist");
    expect(fs.existsSync("/nonexistent-compspec")).toBe(false);
    // --out DIR/ creates DIR; where it cannot, the folder is named.
    const d = await runInProcess(["extract", "--name", "system[cpu]", "--out", "/etc/hostname/sub/"]);
    expect(d.status).toBe(1);
    expect(d.stderr).toBe("compspec: error: cannot create folder /etc/hostname/sub/: a path component is not a folder\n");
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

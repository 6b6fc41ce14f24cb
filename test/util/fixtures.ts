/**
 * Test helpers: unpack fixture machine dumps once per machine, and run the CLI
 * as a subprocess (so exit codes, stdout and stderr are the real ones).
 */
import { afterAll } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Repository root. */
export const REPO = path.resolve(import.meta.dir, "../..");
/** The seed document's `extract` selection (rainbow registration). */
export const SEED_LINE: readonly string[] = [
  "--name",
  "library",
  "--name",
  "nfd[cpu,memory,network,storage,system]",
  "--name",
  "system[cpu,processor,arch,memory]",
];

/** fixtures/ */
export const FIXTURES = path.join(REPO, "fixtures");

const CACHE = path.join(os.tmpdir(), `compspec-test-fixtures-${process.getuid?.() ?? 0}`);

/** Names of the lscpu corpus machines in fixtures/lscpu. */
export function corpusNames(): string[] {
  return fs.readdirSync(path.join(FIXTURES, "lscpu"))
    .filter((f) => f.endsWith(".tar.gz"))
    .map((f) => f.slice(0, -".tar.gz".length))
    .sort();
}

/** Unpack `fixtures/<dir>/<name>.tar.gz` (once) and return the machine root. */
export function unpackedRoot(name: string, dir = "lscpu"): string {
  const tarball = path.join(FIXTURES, dir, `${name}.tar.gz`);
  const stamp = fs.statSync(tarball).mtimeMs.toFixed(0);
  const target = path.join(CACHE, dir, `${name}-${stamp}`);
  const root = path.join(target, name);
  if (fs.existsSync(root)) return root;
  const tmp = `${target}.${process.pid}.${Math.random().toString(16).slice(2)}`;
  fs.mkdirSync(tmp, { recursive: true });
  const r = spawnSync("tar", ["xzf", tarball, "-C", tmp]);
  if (r.status !== 0) throw new Error(`tar xzf ${tarball} failed: ${r.stderr}`);
  try {
    fs.renameSync(tmp, target);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another test process won the race
  }
  return root;
}

/** lscpu's expected output for a corpus machine. */
export function expectedLscpu(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, "lscpu", "expected", `lscpu-${name}`), "utf8");
}

/** Result of {@linkcode runCli}. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** How {@linkcode runCli} and `runBinary` run compspec. */
export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
}

/** Run `compspec ARGS` from source with Bun. */
export function runCli(args: string[], opts: RunOptions = {}): CliRun {
  return runProgram(process.execPath, [path.join(REPO, "src/main.ts"), ...args], opts);
}

/** Run `program ARGS` in the repository (or `opts.cwd`) without colour, capturing its output. */
export function runProgram(program: string, args: string[], opts: RunOptions = {}): CliRun {
  const r = spawnSync(program, args, {
    encoding: "utf8",
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    input: opts.input,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed by the caller (or left in tmp). */
export function tempDir(prefix = "compspec-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A maker of temporary folders for one test file (`tempDir` with a prefix),
 * every one removed after the file's tests.
 */
export function tempDirsForFile(): (prefix?: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });
  return (prefix) => {
    const d = tempDir(prefix);
    made.push(d);
    return d;
  };
}

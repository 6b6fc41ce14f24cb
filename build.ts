/**
 * Build compspec binaries with Bun's `--compile`.
 *
 *   bun build.ts                       → dist/compspec (this machine's target)
 *   bun build.ts --all                 → the release set below + dist/SHA256SUMS
 *   bun build.ts --target linux-arm64  → one release file (repeatable; also writes SHA256SUMS)
 *
 * Release files (Bun downloads each target's runtime from the npm registry the
 * first time, then caches it):
 *
 *   dist/compspec-linux-x64            x86-64 with AVX2 (Haswell and later), glibc
 *   dist/compspec-linux-x64-baseline   x86-64 without AVX2 (older HPC nodes), glibc
 *   dist/compspec-linux-arm64          aarch64 (Grace, Graviton, A64FX), glibc
 *   dist/compspec-linux-x64-musl       x86-64, musl (Alpine-based images)
 *   dist/compspec-linux-arm64-musl     aarch64, musl
 *   dist/compspec.1                    the man page, from the help texts (scripts/man.ts)
 *
 * The version (package.json) and git commit are embedded so `compspec version`
 * names exactly what was built. Each binary is written under a temporary name and
 * renamed into place, so a test or user running dist/compspec never sees half a file.
 */
import { $ } from "bun";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import pkg from "./package.json" with { type: "json" };
import { manPage } from "./scripts/man.ts";

/** Release name suffix → Bun compile target. */
export const RELEASE_TARGETS = {
  "linux-x64": "bun-linux-x64",
  "linux-x64-baseline": "bun-linux-x64-baseline",
  "linux-arm64": "bun-linux-arm64",
  "linux-x64-musl": "bun-linux-x64-musl",
  "linux-arm64-musl": "bun-linux-arm64-musl",
} as const;

/** A release name such as `linux-arm64-musl`. */
export type ReleaseName = keyof typeof RELEASE_TARGETS;

const DIST = path.join(import.meta.dir, "dist");

/** The version and commit to embed. */
export async function buildInfo(): Promise<{ version: string; commit: string }> {
  const commit = (await $`git rev-parse --short=12 HEAD`.cwd(import.meta.dir).nothrow().quiet()).stdout.toString()
    .trim() || "unknown";
  const dirty =
    (await $`git status --porcelain --untracked-files=no`.cwd(import.meta.dir).nothrow().quiet()).stdout.toString()
      .trim() !== "";
  return { version: pkg.version, commit: dirty ? `${commit}-dirty` : commit };
}

/** Options of {@linkcode compile} besides the output. */
export interface CompileOptions {
  /** Bun compile target (undefined: this machine). */
  target?: string;
  /** What `COMPSPEC_BUILD` says (version and commit). */
  build: object;
  /** Minify without renaming, so that a CPU profile names the functions (bench/profile.ts); shipped binaries rename. */
  keepNames?: boolean;
  /** Program to compile (default src/main.ts; bench/extract.ts compiles a hello-world the same way). */
  entry?: string;
}

/** Compile compspec (or `entry`) into `outfile` with the shipped binary's settings. */
export async function compile(outfile: string, { target, build, keepNames = false, entry }: CompileOptions): Promise<void> {
  const tmp = path.join(path.dirname(outfile), `.${path.basename(outfile)}.${process.pid}.tmp`);
  const result = await Bun.build({
    entrypoints: [entry ?? path.join(import.meta.dir, "src/main.ts")],
    compile: {
      outfile: tmp,
      ...(target === undefined ? {} : { target: target as Bun.Build.CompileTarget }),
      // A node tool must read nothing from the folder it happens to run in: no .env, no bunfig.toml.
      autoloadDotenv: false,
      autoloadBunfig: false,
      // JIT tier-up 10× later: a 10 ms extract finishes in the interpreter (≈ 4 MiB less peak
      // memory, a little faster), while create nodes over 10,000 files still gets the JIT
      // (measured: no difference there). See bench/results/.
      jitPolicy: 10,
    },
    minify: keepNames ? { whitespace: false, syntax: true, identifiers: false } : true,
    // Precompiled bytecode halves start-up (≈ 15 → 8 ms for `version`), most of extract's time.
    bytecode: true,
    // ES modules split at each `import()`: a command's code (and what only it uses, such as the
    // registry client or the YAML parser) is a chunk of its own, whose bytecode is loaded only when
    // that command runs. One CommonJS bundle loaded all of it at start: `version` 12.3M → 9.2M
    // instructions (callgrind), ≈ 1 ms of start-up. See bench/results/extract.md.
    format: "esm",
    splitting: true,
    define: { COMPSPEC_BUILD: JSON.stringify(build) },
  });
  if (!result.success) {
    fs.rmSync(tmp, { force: true });
    for (const log of result.logs) console.error(log);
    throw new Error(`build of ${path.basename(outfile)}${target ? ` (${target})` : ""} failed`);
  }
  fs.renameSync(tmp, outfile);
}

/** The man page's file name in dist/, beside the release binaries. */
export const MAN_PAGE = "compspec.1";

/** `sha256sum`-compatible lines for the release files (and the man page) present in dist/. */
function writeChecksums(): string {
  const lines: string[] = [];
  for (const name of [...Object.keys(RELEASE_TARGETS).map((n) => `compspec-${n}`), MAN_PAGE]) {
    const file = path.join(DIST, name);
    if (!fs.existsSync(file)) continue;
    const hash = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    lines.push(`${hash}  ${name}\n`);
  }
  const out = path.join(DIST, "SHA256SUMS");
  fs.writeFileSync(`${out}.tmp`, lines.join(""));
  fs.renameSync(`${out}.tmp`, out);
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      all: { type: "boolean" },
      target: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      `Usage: bun build.ts [--all | --target NAME ...]\n\nRelease names: ${Object.keys(RELEASE_TARGETS).join(", ")}`,
    );
    return;
  }
  const build = await buildInfo();
  fs.mkdirSync(DIST, { recursive: true });
  const names = values.all ? Object.keys(RELEASE_TARGETS) as ReleaseName[] : (values.target ?? []) as ReleaseName[];
  for (const name of names) {
    if (!(name in RELEASE_TARGETS)) {
      throw new Error(
        `unknown release target ${JSON.stringify(name)}; valid: ${Object.keys(RELEASE_TARGETS).join(", ")}`,
      );
    }
  }
  if (names.length === 0) {
    await compile(path.join(DIST, "compspec"), { build });
    console.error(`built dist/compspec (compspec ${build.version}, ${build.commit})`);
    return;
  }
  for (const name of names) {
    const started = performance.now();
    await compile(path.join(DIST, `compspec-${name}`), { target: RELEASE_TARGETS[name], build });
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    console.error(
      `built dist/compspec-${name} (${RELEASE_TARGETS[name]}, compspec ${build.version}, ${build.commit}) in ${secs}s`,
    );
  }
  const man = path.join(DIST, MAN_PAGE);
  fs.writeFileSync(`${man}.${process.pid}.tmp`, manPage());
  fs.renameSync(`${man}.${process.pid}.tmp`, man);
  console.error(`wrote dist/${MAN_PAGE}`);
  console.error(`wrote ${path.relative(process.cwd(), writeChecksums())}`);
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    console.error(`build: ${(e as Error).message}`);
    process.exit(1);
  }
}

/**
 * The compiled binary for tests: built once per test run from the current
 * source (so a stale dist/compspec never passes for fresh code).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { type CliRun, REPO, runProgram, type RunOptions } from "./fixtures.ts";

/** Path of the host binary built by `bun build.ts`. */
export const BINARY = path.join(REPO, "dist", "compspec");

let built = false;

/** Build dist/compspec from the current source (once per process) and return its path. */
export function ensureBinary(): string {
  if (built) return BINARY;
  const r = spawnSync(process.execPath, [path.join(REPO, "build.ts")], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bun build.ts failed:\n${r.stdout}\n${r.stderr}`);
  built = true;
  return BINARY;
}

/** Run the built binary (see {@linkcode ensureBinary}) with `args`. */
export function runBinary(args: string[], opts: RunOptions = {}): CliRun {
  return runProgram(BINARY, args, opts);
}

/**
 * The compiled host binary (dist/compspec) for the shipping tests: built once
 * when it is missing or older than the source, so tests never run stale code.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "../util/fixtures.ts";

/** dist/compspec */
export const HOST_BINARY = path.join(REPO, "dist", "compspec");

/** Newest mtime of the regular files under `dir` (walked by hand: Bun's recursive readdir follows links). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.isFile()) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether dist/compspec exists and is newer than src/, package.json and build.ts. */
export function hostBinaryIsFresh(): boolean {
  let built: number;
  try {
    built = fs.statSync(HOST_BINARY).mtimeMs;
  } catch {
    return false;
  }
  const sources = Math.max(
    newestMtime(path.join(REPO, "src")),
    fs.statSync(path.join(REPO, "package.json")).mtimeMs,
    fs.statSync(path.join(REPO, "build.ts")).mtimeMs,
  );
  return built >= sources;
}

/** Build dist/compspec with `bun build.ts` unless it is fresh; returns its path. Throws with the build's output on failure. */
export function ensureHostBinary(): string {
  if (hostBinaryIsFresh()) return HOST_BINARY;
  const r = spawnSync(process.execPath, [path.join(REPO, "build.ts")], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bun build.ts failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return HOST_BINARY;
}

/** Run the host binary with `args`. */
export function runBinary(
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(HOST_BINARY, args, {
    encoding: "utf8",
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The compiled host binary (dist/compspec) for the shipping tests, built from
 * the current source once per test process (test/util/binary.ts), so tests never
 * run stale code.
 */
import { spawnSync } from "node:child_process";
import { BINARY, ensureBinary } from "../util/binary.ts";
import { REPO } from "../util/fixtures.ts";

/** dist/compspec */
export const HOST_BINARY = BINARY;

/** Build dist/compspec (once per process) and return its path. Throws with the build's output on failure. */
export function ensureHostBinary(): string {
  return ensureBinary();
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

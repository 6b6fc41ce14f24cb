/**
 * Run compspec from source without blocking the test process, so servers the
 * test runs in-process (Bun.serve, node:net) keep answering meanwhile.
 */
import * as path from "node:path";
import { type CliRun, REPO } from "../util/fixtures.ts";

/** `compspec ARGS` from source; `input` goes to its standard input. */
export async function runCliAsync(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  const proc = Bun.spawn([process.execPath, path.join(REPO, "src/main.ts"), ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    stdin: opts.input === undefined ? "ignore" : new TextEncoder().encode(opts.input),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, status] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { status, stdout, stderr };
}

/**
 * Running optional helper programs (mpirun, ompi_info …) safely: never through a
 * shell, always with a timeout, never required. Minimal containers have none of them.
 *
 * @module
 */
import { childProcess } from "../util/lazy_builtins.ts";
import * as fs from "node:fs";
import * as nodePath from "node:path";
import process from "node:process";
import { errorCode } from "../util/errors.ts";

/** Output of a finished helper program. */
export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `argv` with a timeout; returns `undefined` when the program cannot be started. */
export type CommandRunner = (argv: readonly string[], timeoutMs?: number) => CommandResult | undefined;

/** Default time a helper program may take before it is killed. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;

/** Find an executable on a PATH string (no shell, no `which`). */
export function findOnPath(program: string, path: string | undefined): string | undefined {
  if (program.includes("/")) return isExecutable(program) ? program : undefined;
  for (const dir of (path ?? "").split(":")) {
    if (dir === "") continue;
    const candidate = nodePath.join(dir, program);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    // Most PATH folders lack the program: find that out without a thrown error (they cost).
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st !== undefined && st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** A {@linkcode CommandRunner} that looks programs up on `env.PATH`. */
export function makeCommandRunner(env: Readonly<Record<string, string | undefined>>): CommandRunner {
  return (argv, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS) => {
    const [program, ...args] = argv;
    if (program === undefined) return undefined;
    const exe = findOnPath(program, env.PATH);
    if (exe === undefined) return undefined;
    try {
      const options = {
        encoding: "utf8",
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 4 * 1024 * 1024,
        env: env as Record<string, string>,
        // Its own process group, so a timed-out helper's children can be killed with it.
        detached: true,
      };
      // `detached` works in spawnSync on Bun, Deno and Node, but Node's types only declare it for spawn.
      const r = childProcess().spawnSync(exe, args, options as Parameters<ReturnType<typeof childProcess>["spawnSync"]>[2] & { encoding: "utf8" });
      const timedOut = errorCode(r.error) === "ETIMEDOUT" || r.signal === "SIGKILL";
      if (timedOut && r.pid) {
        try {
          process.kill(-r.pid, "SIGKILL");
        } catch { /* the group is already gone */ }
      }
      if (r.error && errorCode(r.error) !== "ETIMEDOUT") return undefined;
      return {
        status: r.status,
        stdout: String(r.stdout ?? ""),
        stderr: String(r.stderr ?? ""),
        timedOut,
      };
    } catch {
      return undefined;
    }
  };
}

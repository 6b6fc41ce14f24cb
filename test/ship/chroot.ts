/**
 * Minimal containers for the shipping tests: a chroot holding only the compiled
 * binary (at /compspec) and the shared libraries `ldd` lists, with bind mounts
 * made inside a private mount namespace (`unshare --mount`), so they vanish with
 * it even if a test dies, and never show on the host.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../util/fixtures.ts";

/** The uid/gid distroless images run as (`nobody`). */
export const NOBODY = 65534;

/** Absolute path of a program on PATH, or undefined. */
export function which(program: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${program}`], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim().startsWith("/") ? r.stdout.trim() : undefined;
}

/** Why a chroot with private mounts cannot be made here, or undefined when it can. */
export function cannotChroot(): string | undefined {
  if (process.platform !== "linux") return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return "not running as root (chroot and mount need it)";
  for (const tool of ["unshare", "chroot", "mount", "env", "ldd"]) {
    if (which(tool) === undefined) return `${tool} is not installed`;
  }
  const probe = spawnSync("unshare", ["--mount", "--propagation", "private", "true"], { encoding: "utf8" });
  if (probe.status !== 0) return `unshare --mount fails here: ${probe.stderr.trim() || `exit ${probe.status}`}`;
  return undefined;
}

/** The absolute library paths `ldd` lists for `binary` (the loader included). */
export function sharedLibraries(binary: string): string[] {
  const r = spawnSync("ldd", [binary], { encoding: "utf8" });
  if (r.status !== 0) {
    if (/not a dynamic executable|statically linked/.test(r.stdout + r.stderr)) return [];
    throw new Error(`ldd ${binary} failed: ${r.stderr}`);
  }
  return [...r.stdout.matchAll(/(\/\S+) \(0x[0-9a-f]+\)/g)].map((m) => m[1]!);
}

/** A bind mount into the chroot. */
export interface Mount {
  /** Host path. */
  source: string;
  /** Path inside the chroot (absolute). */
  target: string;
  readOnly: boolean;
}

/** A chroot: its directory and the mount points made in it. */
export interface Chroot {
  root: string;
  mountPoints: string[];
}

/** Targets not inside another target: those need a directory in the chroot (nested ones exist in their source). */
function topLevel(targets: string[]): string[] {
  return targets.filter((t) => !targets.some((o) => o !== t && t.startsWith(o.replace(/\/$/, "") + "/")));
}

/**
 * A chroot holding only the binary at /compspec, its libraries, and an empty
 * directory for each mount target (targets nested in another mount must exist in its source).
 */
export function makeChroot(binary: string, targets: string[]): Chroot {
  const root = tempDir("compspec-chroot-");
  fs.copyFileSync(binary, path.join(root, "compspec"));
  fs.chmodSync(path.join(root, "compspec"), 0o755);
  for (const lib of sharedLibraries(binary)) {
    fs.mkdirSync(path.join(root, path.dirname(lib)), { recursive: true });
    fs.copyFileSync(lib, path.join(root, lib)); // follows links: the chroot holds the real file
  }
  for (const target of topLevel(targets)) fs.mkdirSync(path.join(root, target), { recursive: true });
  fs.chmodSync(root, 0o755);
  return { root, mountPoints: topLevel(targets) };
}

/** One command's result inside the chroot. */
export interface Ran {
  argv: string[];
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Run each argv as `ARGV` (argv[0] a path inside the chroot) in one private mount
 * namespace with `mounts` applied (read-only ones remounted read-only), as `user`,
 * with an empty environment plus `env`; when `readOnlyRoot`, the chroot itself is read-only.
 */
export function runInChroot(
  chroot: Chroot,
  mounts: Mount[],
  runs: string[][],
  opts: { user: number; readOnlyRoot: boolean; env?: Record<string, string> },
): Ran[] {
  const logs = tempDir("compspec-chroot-logs-");
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const inRoot = (p: string) => q(path.join(chroot.root, p));
  const env = Object.entries(opts.env ?? {}).map(([k, v]) => q(`${k}=${v}`)).join(" ");
  const lines = [
    "set -e",
    `mount --bind ${q(chroot.root)} ${q(chroot.root)}`,
    ...mounts.flatMap((m) => [
      `mount --bind ${q(m.source)} ${inRoot(m.target)}`,
      ...(m.readOnly ? [`mount -o remount,bind,ro ${inRoot(m.target)}`] : []),
    ]),
    ...(opts.readOnlyRoot ? [`mount -o remount,bind,ro ${q(chroot.root)}`] : []),
    "set +e",
    ...runs.map((argv, i) =>
      `env -i ${env} ${q(which("chroot")!)} --userspec=${opts.user}:${opts.user} ${q(chroot.root)} ${
        argv.map(q).join(" ")
      } ` +
      `>${q(path.join(logs, `${i}.out`))} 2>${q(path.join(logs, `${i}.err`))}; echo $? >${
        q(path.join(logs, `${i}.rc`))
      }`
    ),
  ];
  const script = path.join(logs, "run.sh");
  fs.writeFileSync(script, lines.join("\n") + "\n");
  const r = spawnSync("unshare", ["--mount", "--propagation", "private", "sh", script], { encoding: "utf8" });
  try {
    if (r.status !== 0) throw new Error(`setting up the chroot failed (${r.status}): ${r.stderr}`);
    return runs.map((argv, i) => ({
      argv,
      status: Number(fs.readFileSync(path.join(logs, `${i}.rc`), "utf8")),
      stdout: fs.readFileSync(path.join(logs, `${i}.out`), "utf8"),
      stderr: fs.readFileSync(path.join(logs, `${i}.err`), "utf8"),
    }));
  } finally {
    fs.rmSync(logs, { recursive: true, force: true });
  }
}

/** Remove a chroot, but only once its mount points are plain empty directories again. */
export function removeChroot(chroot: Chroot): void {
  for (const target of chroot.mountPoints) {
    const p = path.join(chroot.root, target);
    if (fs.readdirSync(p).length > 0) {
      throw new Error(`${p} is not empty (still mounted?): not removing ${chroot.root}`);
    }
  }
  fs.rmSync(chroot.root, { recursive: true, force: true });
}

/** A failed run, for assertion messages. */
export function explain(r: Ran): string {
  return `${r.argv.join(" ")} → exit ${r.status}\n${r.stderr}`;
}

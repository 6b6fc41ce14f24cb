/**
 * What writing to a path means, decided by what sits there (see
 * {@linkcode AtomicFile} in `atomic_file.ts`), and race-free folder creation.
 * Errors are {@linkcode OutputError}s naming the path; each layer wraps them
 * in its own error type (the CLI's `CliError`, the registry's `RegistryError`).
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import process from "node:process";
import { errorCode, systemErrorText } from "./errors.ts";

/** A path that cannot be written; the message names it and says why. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

/** How an output path is written (see the module documentation). */
export type OutputTarget =
  /** Replaced atomically: `path` is where the data ends up (a link's final target), `mode` its current mode. */
  | { kind: "file"; path: string; exists: boolean; mode?: number }
  /**
   * Written in place: a FIFO or a character device, or a descriptor link
   * (`/dev/stdout` → `/proc/self/fd/1`); `fd` is set when the link names one of
   * this process's own descriptors, which is then written as it is (keeping a
   * shell's `>>` append mode).
   */
  | { kind: "stream"; path: string; fd?: number };

// Links the kernel resolves to an open file, whose readlink text ("pipe:[123]") is no path.
const DESCRIPTOR_LINK = /^\/(?:proc\/(self|thread-self|\d+)\/fd|dev\/fd)\/(\d+)$/;
// As the kernel does (MAXSYMLINKS).
const MAX_LINKS = 40;

/**
 * What writing to `path` means, following symbolic links one at a time. Throws
 * {@linkcode OutputError} naming `path` when it is a folder, a socket or block
 * device, a loop of links, or cannot be looked at.
 */
export function resolveOutput(path: string): OutputTarget {
  const fail = (why: string) => new OutputError(`cannot write ${path}: ${why}`);
  let p = path;
  for (let hop = 0; hop <= MAX_LINKS; hop++) {
    const descriptor = DESCRIPTOR_LINK.exec(nodePath.resolve(p));
    if (descriptor) {
      const pid = descriptor[1];
      const own = pid === undefined || pid === "self" || pid === "thread-self" || Number(pid) === process.pid;
      let st: fs.Stats;
      try {
        st = own ? fs.fstatSync(Number(descriptor[2])) : fs.statSync(p);
      } catch (e) {
        const code = errorCode(e);
        throw fail(code === "ENOENT" || code === "EBADF" ? `${p} is not an open descriptor` : systemErrorText(e));
      }
      if (st.isDirectory()) throw fail(`${p} is a folder`);
      return own ? { kind: "stream", path: p, fd: Number(descriptor[2]) } : { kind: "stream", path: p };
    }
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch (e) {
      if (errorCode(e) === "ENOENT") return { kind: "file", path: p, exists: false };
      throw fail(systemErrorText(e));
    }
    if (st.isSymbolicLink()) {
      const planted = plantedLink(p, st);
      if (planted) throw fail(planted);
      p = nodePath.resolve(nodePath.dirname(p), fs.readlinkSync(p));
      continue;
    }
    const what = p === path ? "it" : p;
    if (st.isDirectory()) throw fail(`${what} is a folder`);
    if (st.isFile()) return { kind: "file", path: p, exists: true, mode: st.mode & 0o7777 };
    if (st.isFIFO() || st.isCharacterDevice()) return { kind: "stream", path: p };
    throw fail(`${what} is not a regular file, FIFO or character device`);
  }
  throw fail(systemErrorText({ code: "ELOOP" }));
}

/**
 * Why the link at `link` must not be followed, or undefined when it may be:
 * the kernel's `fs.protected_symlinks` rule, which compspec must apply itself
 * because it resolves output links by hand. In a world-writable sticky folder
 * (`/tmp`) only a link owned by the caller or by the folder's owner is
 * followed; another user's link there could aim a root `--out` at `/etc`.
 */
function plantedLink(link: string, st: fs.Stats): string | undefined {
  const dir = nodePath.dirname(nodePath.resolve(link));
  let folder: fs.Stats;
  try {
    folder = fs.statSync(dir);
  } catch {
    return undefined; // the folder vanished: the lstat below fails with the real reason
  }
  const stickyWorldWritable = (folder.mode & 0o1002) === 0o1002;
  if (!stickyWorldWritable) return undefined;
  const caller = typeof process.geteuid === "function" ? process.geteuid() : undefined;
  if (st.uid === caller || st.uid === folder.uid) return undefined;
  return `${link} is a symbolic link owned by another user (uid ${st.uid}) in the world-writable sticky folder ${dir}; ` +
    "refusing to follow it (remove the link or write elsewhere)";
}

/**
 * Throw {@linkcode OutputError} when `path` (trailing slashes ignored) is a link
 * another user planted in a world-writable sticky folder (see `plantedLink`):
 * for `--out DIR/`, whose folder the kernel would otherwise reach through it.
 */
export function refusePlantedLink(path: string): void {
  const p = path.replace(/\/+$/, "") || "/";
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch {
    return; // nothing there: nothing to follow
  }
  const planted = st.isSymbolicLink() ? plantedLink(p, st) : undefined;
  if (planted) throw new OutputError(`cannot write into ${path}: ${planted}`);
}

/** Options for {@linkcode checkOutput} and `AtomicFile`. */
export interface OutputOptions {
  /** Replace an existing regular file (default true). FIFOs and devices are written either way. */
  force?: boolean;
}

/**
 * Check, before any long work, that `path` can be written: not a folder, its
 * folder exists, and no regular file sits there unless `force`. Throws
 * {@linkcode OutputError}; `option` (`--out`) prefixes the message.
 */
export function checkOutput(path: string, opts: OutputOptions & { option?: string } = {}): OutputTarget {
  const prefix = opts.option ? `${opts.option} ` : "";
  let target: OutputTarget;
  try {
    target = resolveOutput(path);
  } catch (e) {
    if (e instanceof OutputError && prefix) throw new OutputError(`${prefix}${e.message.replace(/^cannot write /, "")}`);
    throw e;
  }
  if (target.kind === "stream") return target;
  if (target.exists && opts.force === false) {
    throw new OutputError(`${path} already exists (use --force to replace it)`);
  }
  const dir = nodePath.dirname(target.path);
  if (!isDirectory(dir)) throw new OutputError(`${prefix}${path}: folder ${dir} does not exist`);
  return target;
}

/** Whether `path` is an existing directory (following links). */
export function isDirectory(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Create folder `dir` and any missing parents. Safe when many processes create
 * it at once (64 nodes writing into a fresh shared folder): another process's
 * folder counts as made. Throws {@linkcode OutputError} naming `dir`.
 */
export function ensureDirectory(dir: string): void {
  const make = (d: string): void => {
    try {
      fs.mkdirSync(d);
      return;
    } catch (e) {
      const code = errorCode(e);
      if (code === "EEXIST" && isDirectory(d)) return;
      const parent = nodePath.dirname(d);
      if (code !== "ENOENT" || parent === d) throw e;
      make(parent);
    }
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if (!(errorCode(e) === "EEXIST" && isDirectory(d))) throw e;
    }
  };
  try {
    make(nodePath.resolve(dir));
  } catch (e) {
    const why = errorCode(e) === "EEXIST" ? "it exists and is not a folder" : systemErrorText(e);
    throw new OutputError(`cannot create folder ${dir}: ${why}`);
  }
}

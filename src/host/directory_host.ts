/**
 * A {@linkcode Host} rooted at a directory: `/` for the running machine, or a
 * saved copy of another machine's /proc, /sys and /etc (like `lscpu --sysroot`).
 *
 * A saved root comes from someone else (a bug report, a support bundle), so it
 * is confined to itself the way `openat2(RESOLVE_IN_ROOT)` or a chroot confines
 * a path: every symbolic link on the way is followed by compspec itself, an
 * absolute target is taken relative to the root, and `..` stops at the root.
 * A link to `/etc/shadow` then reads ROOT/etc/shadow, never the host's; the
 * relative links of a saved /sys (`../../devices/system/cpu/cpu0`) work as
 * they did on the machine.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { readOpenedInto, ReadBuffer, SmallFileError } from "../util/read_small_file.ts";
import { assertMachinePath, BytesHost, HostError, MAX_FILE_BYTES } from "./host.ts";
import { errorCode } from "../util/errors.ts";
import { pushAll } from "../util/array_ops.ts";

const SCRATCH_BYTES = 64 * 1024;
/** Links followed in one path before it counts as a loop: Linux's MAXSYMLINKS. */
const MAX_LINKS = 40;
const scratch = new ReadBuffer(SCRATCH_BYTES);

/** Reads machine paths under a root directory. */
export class DirectoryHost extends BytesHost {
  readonly description: string;
  readonly live: boolean;
  readonly #root: string;
  /** Machine path → its link target inside a saved root, or `null` when it is not a link. */
  readonly #links = new Map<string, string | null>();
  /** Folder (machine path as asked) → where it resolves inside a saved root: most reads share a few folders. */
  readonly #folders = new Map<string, string>();

  constructor(root: string) {
    super();
    this.#root = nodePath.resolve(root);
    this.live = this.#root === "/";
    this.description = this.live ? "/" : this.#root;
  }

  /**
   * Where machine path `path` is on this filesystem: the path itself on the
   * running machine; in a saved root, the root plus the path with every link
   * resolved inside the root (the last component's too when `followLast`).
   */
  #real(path: string, followLast = true): string {
    assertMachinePath(path);
    return this.live ? path : this.#root + this.#inRoot(path, followLast);
  }

  /**
   * `path` resolved inside the root: links followed there, `..` stopping at the root. Its folder is
   * resolved once (recursively, through the same cache), so a read costs a lookup, and a folder's
   * first use one lstat.
   */
  #inRoot(path: string, followLast: boolean): string {
    const slash = path.lastIndexOf("/");
    const last = path.slice(slash + 1);
    if (last === "" || last === "." || last === "..") return this.#walk(path, followLast);
    const folder = slash <= 0 ? "/" : path.slice(0, slash);
    let where = folder === "/" ? "/" : this.#folders.get(folder);
    if (where === undefined) this.#folders.set(folder, where = this.#inRoot(folder, true));
    const here = where === "/" ? `/${last}` : `${where}/${last}`;
    // A link at the end: walk the resolved path (its folders are known: only the link is new).
    return followLast && this.#linkAt(here) !== null ? this.#walk(here, true) : here;
  }

  /** {@linkcode #inRoot} component by component, following each link as it comes. */
  #walk(path: string, followLast: boolean): string {
    let done = ""; // resolved so far; "" is the root
    // Components still to walk, last first (so that a link's target is pushed in front of the rest).
    const todo = path.split("/").reverse();
    let links = 0;
    while (todo.length > 0) {
      const part = todo.pop()!;
      if (part === "" || part === ".") continue;
      if (part === "..") {
        done = done.slice(0, Math.max(0, done.lastIndexOf("/"))); // at the root this stays the root
        continue;
      }
      const here = `${done}/${part}`;
      const target = todo.length === 0 && !followLast ? null : this.#linkAt(here);
      if (target === null) {
        done = here;
        continue;
      }
      if (++links > MAX_LINKS) throw new HostError(path, "unreadable", "symbolic link loop");
      if (target.startsWith("/")) done = ""; // absolute: from the root, not from the host's /
      pushAll(todo, target.split("/").reverse());
    }
    return done === "" ? "/" : done;
  }

  /** The target of the link at resolved machine path `here`, or `null` when it is none (or cannot be read). */
  #linkAt(here: string): string | null {
    let target = this.#links.get(here);
    if (target === undefined) {
      // lstat first: readlink of what is no link throws, and a thrown error costs more than the call.
      try {
        const real = this.#root + here;
        target = fs.lstatSync(real, { throwIfNoEntry: false })?.isSymbolicLink() ? fs.readlinkSync(real) : null;
      } catch {
        target = null; // not there, or unreadable: the read that follows says which
      }
      this.#links.set(here, target);
    }
    return target;
  }

  /**
   * Open a file for reading. O_NONBLOCK: opening a FIFO must not wait for a writer; it is then
   * refused as not a regular file. In a saved root, O_NOFOLLOW: the folders are resolved, and a link
   * at the end (ELOOP) is resolved by compspec before the second try, never by the kernel.
   */
  #open(path: string): number {
    const flags = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;
    if (this.live) return fs.openSync(this.#real(path), flags);
    try {
      return fs.openSync(this.#real(path, false), flags | fs.constants.O_NOFOLLOW);
    } catch (e) {
      if (errorCode(e) !== "ELOOP") throw e;
    }
    return fs.openSync(this.#real(path), flags | fs.constants.O_NOFOLLOW);
  }

  readBytes(path: string): Uint8Array {
    let fd: number;
    try {
      fd = this.#open(path);
    } catch (e) {
      throw toHostError(path, e);
    }
    try {
      // The one bounded reader (util/read_small_file.ts): fstat of the descriptor, then read to
      // EOF (/proc and /sys files report size 0 or 4096) into one reused scratch buffer, growing
      // only for large files, and copy out exactly what was read, so a hundred small sysfs reads
      // don't leave a hundred 64 KiB buffers behind.
      let total: number;
      try {
        total = readOpenedInto(fd, MAX_FILE_BYTES, scratch);
      } catch (e) {
        if (!(e instanceof SmallFileError)) throw e;
        const p = e.problem;
        if (p.kind === "too-large") throw new HostError(path, "too-large", `over ${MAX_FILE_BYTES} bytes`);
        if (p.kind === "read" || p.kind === "open") throw toHostError(path, p.code ? p : new Error(p.message));
        throw new HostError(path, "not-a-file");
      }
      const out = scratch.bytes.slice(0, total);
      // Give a grown buffer back rather than keep megabytes for the rest of the run.
      if (scratch.bytes.length > SCRATCH_BYTES) scratch.bytes = new Uint8Array(SCRATCH_BYTES);
      return out;
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * On the running machine, a file that is not there is found with one `stat`
   * that throws nothing: extract probes dozens of places (MPI headers), and a
   * thrown error costs more than the call. Not under /sys and /proc, whose
   * probed attributes are nearly always there: a `stat` before the read
   * would look each one up twice (measured: 17–26 µs a file with it, 11–13
   * without; a missing one costs 5–7 µs stat'ed, 7–8 thrown). (In a saved root
   * the read itself finds out, through compspec's own link resolution.)
   */
  probeText(path: string): string | undefined {
    if (this.live && !path.startsWith("/sys/") && !path.startsWith("/proc/")) {
      assertMachinePath(path);
      let st: fs.Stats | undefined | null;
      try {
        st = fs.statSync(path, { throwIfNoEntry: false });
      } catch {
        st = null; // ENOTDIR and the like: the read says what it is
      }
      if (st === undefined) return undefined;
    }
    try {
      return this.readText(path);
    } catch (e) {
      if (e instanceof HostError) return undefined;
      throw e;
    }
  }

  listDir(path: string): string[] | undefined {
    try {
      return fs.readdirSync(this.#real(path)).sort();
    } catch (e) {
      const err = toHostError(path, e);
      if (err.kind === "missing") return undefined;
      throw err;
    }
  }

  readLink(path: string): string | undefined {
    try {
      const real = this.#real(path, false);
      // lstat first: readlink of what is not there (or no link) throws, and throwing is what costs.
      return fs.lstatSync(real, { throwIfNoEntry: false })?.isSymbolicLink() ? fs.readlinkSync(real) : undefined;
    } catch {
      return undefined;
    }
  }

  exists(path: string): boolean {
    try {
      return fs.lstatSync(this.#real(path, false), { throwIfNoEntry: false }) !== undefined;
    } catch {
      return false;
    }
  }

  isDirectory(path: string): boolean {
    try {
      const real = this.#real(path);
      // lstat in a saved root: #real followed its links already; on / stat follows them.
      return (this.live ? fs.statSync(real) : fs.lstatSync(real)).isDirectory();
    } catch {
      return false;
    }
  }
}

function toHostError(path: string, e: unknown): HostError {
  if (e instanceof HostError) return e;
  const code = errorCode(e);
  // ENOTDIR: a path component is a file, so the path itself does not exist.
  if (code === "ENOENT" || code === "ENOTDIR") return new HostError(path, "missing");
  if (code === "EISDIR") return new HostError(path, "not-a-file");
  if (code === "ELOOP") return new HostError(path, "unreadable", "symbolic link loop");
  return new HostError(path, "unreadable", code ?? String(e));
}

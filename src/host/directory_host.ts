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
import { assertMachinePath, BytesHost, HostError, MAX_FILE_BYTES } from "./host.ts";

const SCRATCH_BYTES = 64 * 1024;
/** Links followed in one path before it counts as a loop: Linux's MAXSYMLINKS. */
const MAX_LINKS = 40;
let scratch = new Uint8Array(SCRATCH_BYTES);

/** Reads machine paths under a root directory. */
export class DirectoryHost extends BytesHost {
  readonly description: string;
  readonly live: boolean;
  readonly #root: string;
  /** Machine path → its link target inside a saved root, or `null` when it is not a link. */
  readonly #links = new Map<string, string | null>();

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

  /** `path` resolved inside the root: links followed there, `..` stopping at the root. */
  #inRoot(path: string, followLast: boolean): string {
    const done: string[] = [];
    // Components still to walk, last first (so that a link's target is pushed in front of the rest).
    const todo = path.split("/").reverse();
    let links = 0;
    while (todo.length > 0) {
      const part = todo.pop()!;
      if (part === "" || part === ".") continue;
      if (part === "..") {
        done.pop(); // at the root this does nothing: `..` stops there
        continue;
      }
      const here = `/${done.length === 0 ? "" : done.join("/") + "/"}${part}`;
      const target = todo.length === 0 && !followLast ? null : this.#linkAt(here);
      if (target === null) {
        done.push(part);
        continue;
      }
      if (++links > MAX_LINKS) throw new HostError(path, "unreadable", "symbolic link loop");
      if (target.startsWith("/")) done.length = 0; // absolute: from the root, not from the host's /
      todo.push(...target.split("/").reverse());
    }
    return "/" + done.join("/");
  }

  /** The target of the link at resolved machine path `here`, or `null` when it is none (or cannot be read). */
  #linkAt(here: string): string | null {
    let target = this.#links.get(here);
    if (target === undefined) {
      try {
        target = fs.readlinkSync(this.#root + here);
      } catch {
        target = null; // not a link, or not there: the read that follows says which
      }
      this.#links.set(here, target);
    }
    return target;
  }

  readBytes(path: string): Uint8Array {
    let fd: number;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused as not a regular file.
      // O_NOFOLLOW in a saved root: #real resolved every link already, so one here is a race, refused.
      const nofollow = this.live ? 0 : fs.constants.O_NOFOLLOW;
      fd = fs.openSync(this.#real(path), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | nofollow);
    } catch (e) {
      throw toHostError(path, e);
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw new HostError(path, "not-a-file");
      // /proc and /sys files report size 0 (or 4096): read until EOF into one reused
      // scratch buffer (growing only for large files) and copy out exactly what was read,
      // so a hundred small sysfs reads don't leave a hundred 64 KiB buffers behind.
      let total = 0;
      for (;;) {
        if (total === scratch.length) {
          if (total >= MAX_FILE_BYTES) throw new HostError(path, "too-large", `over ${MAX_FILE_BYTES} bytes`);
          const bigger = new Uint8Array(Math.min(scratch.length * 4, MAX_FILE_BYTES));
          bigger.set(scratch);
          scratch = bigger;
        }
        let n: number;
        try {
          n = fs.readSync(fd, scratch, total, scratch.length - total, null);
        } catch (e) {
          throw toHostError(path, e);
        }
        if (n <= 0) break;
        total += n;
      }
      const out = scratch.slice(0, total);
      // Give a grown buffer back rather than keep megabytes for the rest of the run.
      if (scratch.length > SCRATCH_BYTES) scratch = new Uint8Array(SCRATCH_BYTES);
      return out;
    } finally {
      fs.closeSync(fd);
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
      return fs.readlinkSync(this.#real(path, false));
    } catch {
      return undefined;
    }
  }

  exists(path: string): boolean {
    try {
      fs.lstatSync(this.#real(path, false));
      return true;
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
  const code = (e as { code?: string })?.code;
  // ENOTDIR: a path component is a file, so the path itself does not exist.
  if (code === "ENOENT" || code === "ENOTDIR") return new HostError(path, "missing");
  if (code === "EISDIR") return new HostError(path, "not-a-file");
  if (code === "ELOOP") return new HostError(path, "unreadable", "symbolic link loop");
  return new HostError(path, "unreadable", code ?? String(e));
}

/**
 * A {@linkcode Host} rooted at a directory: `/` for the running machine, or a
 * saved copy of another machine's /proc, /sys and /etc (like `lscpu --sysroot`).
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { assertMachinePath, BytesHost, HostError, MAX_FILE_BYTES } from "./host.ts";

const SCRATCH_BYTES = 64 * 1024;
let scratch = new Uint8Array(SCRATCH_BYTES);

/** Reads machine paths under a root directory. */
export class DirectoryHost extends BytesHost {
  readonly description: string;
  readonly live: boolean;
  readonly #root: string;

  constructor(root: string) {
    super();
    this.#root = nodePath.resolve(root);
    this.live = this.#root === "/";
    this.description = this.live ? "/" : this.#root;
  }

  #real(path: string): string {
    assertMachinePath(path);
    return this.live ? path : this.#root + path;
  }

  readBytes(path: string): Uint8Array {
    const real = this.#real(path);
    let fd: number;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused as not a regular file.
      fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
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
      return fs.readlinkSync(this.#real(path));
    } catch {
      return undefined;
    }
  }

  exists(path: string): boolean {
    try {
      fs.lstatSync(this.#real(path));
      return true;
    } catch {
      return false;
    }
  }

  isDirectory(path: string): boolean {
    try {
      return fs.statSync(this.#real(path)).isDirectory();
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

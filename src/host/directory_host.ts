/**
 * A {@linkcode Host} rooted at a directory: `/` for the running machine, or a
 * saved copy of another machine's /proc, /sys and /etc (like `lscpu --sysroot`).
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { type Host, HostError, MAX_FILE_BYTES } from "./host.ts";

/** Reads machine paths under a root directory. */
export class DirectoryHost implements Host {
  readonly description: string;
  readonly live: boolean;
  readonly #root: string;

  constructor(root: string) {
    this.#root = nodePath.resolve(root);
    this.live = this.#root === "/";
    this.description = this.live ? "/" : this.#root;
  }

  #real(path: string): string {
    if (!path.startsWith("/")) throw new Error(`machine path must be absolute: ${path}`);
    return this.live ? path : this.#root + path;
  }

  readText(path: string): string {
    return new TextDecoder().decode(this.readBytes(path));
  }

  tryReadText(path: string): string | undefined {
    try {
      return this.readText(path);
    } catch (e) {
      if (e instanceof HostError && e.kind === "missing") return undefined;
      throw e;
    }
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
      // /proc and /sys files report size 0 (or 4096): read in chunks until EOF, bounded.
      const chunks: Uint8Array[] = [];
      let total = 0;
      const chunk = new Uint8Array(st.size > 0 && st.size < MAX_FILE_BYTES ? st.size + 1 : 65536);
      for (;;) {
        let n: number;
        try {
          n = fs.readSync(fd, chunk, 0, chunk.length, null);
        } catch (e) {
          throw toHostError(path, e);
        }
        if (n <= 0) break;
        total += n;
        if (total > MAX_FILE_BYTES) throw new HostError(path, "too-large", `over ${MAX_FILE_BYTES} bytes`);
        chunks.push(chunk.slice(0, n));
      }
      if (chunks.length === 1) return chunks[0]!;
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
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

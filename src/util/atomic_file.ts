/**
 * The one way compspec writes a file. {@linkcode AtomicFile} /
 * {@linkcode writeFileAtomic} decide by what sits at the path
 * (`resolveOutput` in `output_target.ts`):
 *
 * - a regular file, or nothing yet: a temporary file beside it, fsync, rename
 *   over it, fsync of the folder — a reader of a shared folder never sees half
 *   a file, and a crash leaves the old file or the new one;
 * - a symbolic link: followed, and its target written that way in the target's
 *   folder (the link stays);
 * - a FIFO or a character device (`/dev/stdout`, a pipe, `/dev/null`), or a
 *   descriptor link (`/proc/self/fd/N`, `/dev/fd/N`): written in place, never
 *   renamed over;
 * - a folder, or anything else: an error naming the path.
 *
 * Failures are {@linkcode OutputError}s, which each layer wraps in its own error type.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import process from "node:process";
import { errorCode, systemErrorText } from "./errors.ts";
import { checkOutput, OutputError, type OutputOptions, type OutputTarget } from "./output_target.ts";

/** Write all of `text` to descriptor `fd`, waiting on a full non-blocking pipe. */
export function writeAllSync(fd: number, text: string | Uint8Array): void {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      // A non-blocking pipe may be full: wait for the reader instead of dropping output.
      if (errorCode(e) === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
        continue;
      }
      throw e;
    }
  }
}

/**
 * An output file, written as `resolveOutput` decides. For a regular
 * file, data goes to a hidden temporary file beside the target
 * (`.NAME.PID.RAND.tmp`, which folder readers skip) that
 * {@linkcode AtomicFile.commit} makes durable and renames into place and
 * {@linkcode AtomicFile.abort} removes. A FIFO or device is written as data comes.
 */
export class AtomicFile {
  /** The path as given. */
  readonly path: string;
  /** Where the data goes: the temporary file, or the FIFO/device itself. */
  readonly tempPath: string | undefined;
  readonly #target: OutputTarget;
  readonly #force: boolean;
  #fd: number | undefined;
  #pending: string[] = [];
  #pendingBytes = 0;

  /** Open the temporary file (or the FIFO/device). Throws {@linkcode OutputError} naming the path. */
  constructor(path: string, opts: OutputOptions = {}) {
    this.path = path;
    this.#force = opts.force ?? true;
    this.#target = checkOutput(path, opts);
    const target = this.#target;
    if (target.kind === "stream") {
      this.tempPath = undefined;
      if (target.fd !== undefined) {
        this.#fd = target.fd;
        return;
      }
      try {
        // No O_CREAT: if the FIFO vanished meanwhile, fail rather than leave a stray file.
        this.#fd = fs.openSync(target.path, fs.constants.O_WRONLY);
      } catch (e) {
        throw new OutputError(`cannot write ${path}: ${systemErrorText(e)}`);
      }
      return;
    }
    const dir = nodePath.dirname(target.path);
    const rand = Math.floor(Math.random() * 0xffffffff).toString(16);
    this.tempPath = nodePath.join(dir, `.${nodePath.basename(target.path)}.${process.pid}.${rand}.tmp`);
    try {
      this.#fd = fs.openSync(this.tempPath, "wx", target.mode ?? 0o644);
      // The replacement keeps the replaced file's permissions (the umask applied to the open).
      if (target.mode !== undefined) fs.fchmodSync(this.#fd, target.mode);
    } catch (e) {
      const code = errorCode(e);
      const why = code === "ENOENT"
        ? `folder ${dir} does not exist`
        : code === "EACCES" || code === "EROFS"
        ? `folder ${dir} is not writable (${systemErrorText(e)})`
        : systemErrorText(e);
      if (this.#fd !== undefined) this.abort();
      throw new OutputError(`cannot write ${path}: ${why}`);
    }
  }

  /** Append text (buffered), or bytes (written through). */
  write(text: string | Uint8Array): void {
    if (typeof text !== "string") {
      this.#flush();
      this.#writeNow(text);
      return;
    }
    this.#pending.push(text);
    this.#pendingBytes += text.length;
    if (this.#pendingBytes > 1 << 20) this.#flush();
  }

  #flush(): void {
    if (this.#pending.length === 0 || this.#fd === undefined) return;
    const text = this.#pending.join("");
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#writeNow(text);
  }

  #writeNow(data: string | Uint8Array): void {
    if (this.#fd === undefined) throw new OutputError(`cannot write ${this.path}: already closed`);
    try {
      writeAllSync(this.#fd, data);
    } catch (e) {
      this.abort();
      throw new OutputError(`cannot write ${this.path}: ${systemErrorText(e)}`);
    }
  }

  /**
   * Finish: flush; for a regular file fsync, rename into place (without
   * `force`, refuse if a file appeared there meanwhile) and fsync the folder.
   */
  commit(): void {
    this.#flush();
    const fd = this.#open();
    if (this.#target.kind === "file") {
      try {
        fs.fsyncSync(fd);
      } catch (e) {
        this.abort();
        throw new OutputError(`cannot write ${this.path}: ${systemErrorText(e)}`);
      }
    }
    if (this.#install(fd)) syncFolder(nodePath.dirname(this.#target.path));
  }

  /**
   * Commit several files: their data is made durable concurrently (the
   * filesystem joins the waits, where one fsync after another waits for each),
   * then each is put in place, then each folder synced once. On an error every
   * file not yet in place is removed.
   */
  static async commitAll(files: readonly AtomicFile[]): Promise<void> {
    try {
      await Promise.all(files.map(async (f) => {
        f.#flush();
        const fd = f.#open();
        if (f.#target.kind !== "file") return;
        await new Promise<void>((resolve, reject) =>
          fs.fsync(fd, (e) => e ? reject(new OutputError(`cannot write ${f.path}: ${systemErrorText(e)}`)) : resolve())
        );
      }));
    } catch (e) {
      for (const f of files) f.abort();
      throw e;
    }
    const folders = new Set<string>();
    files.forEach((f, i) => {
      try {
        if (f.#install(f.#open())) folders.add(nodePath.dirname(f.#target.path));
      } catch (e) {
        for (const rest of files.slice(i + 1)) rest.abort();
        throw e;
      }
    });
    for (const dir of folders) syncFolder(dir);
  }

  /** The open descriptor; throws once closed. */
  #open(): number {
    if (this.#fd === undefined) throw new OutputError(`cannot write ${this.path}: already closed`);
    return this.#fd;
  }

  /** Close `fd` and put a regular file in place; returns whether its folder needs a sync. */
  #install(fd: number): boolean {
    const target = this.#target;
    try {
      if (target.kind === "stream") {
        this.#fd = undefined;
        if (target.fd === undefined) fs.closeSync(fd);
        return false;
      }
      this.#fd = undefined;
      fs.closeSync(fd);
      if (this.#force) {
        fs.renameSync(this.tempPath!, target.path);
      } else {
        // link(2) never replaces: a file that appeared meanwhile is kept, and we fail.
        fs.linkSync(this.tempPath!, target.path);
        fs.unlinkSync(this.tempPath!);
      }
    } catch (e) {
      this.abort();
      if (errorCode(e) === "EEXIST") {
        throw new OutputError(`${this.path} appeared while it was being written (use --force to replace it)`);
      }
      throw new OutputError(`cannot write ${this.path}: ${systemErrorText(e)}`);
    }
    return true;
  }

  /** Close and remove the temporary file; the target is untouched (a FIFO or device keeps what it got). */
  abort(): void {
    if (this.#fd !== undefined) {
      // Never close a descriptor this process was given (its stdout).
      if (this.#target.kind === "file" || this.#target.fd === undefined) {
        try {
          fs.closeSync(this.#fd);
        } catch { /* already failing */ }
      }
      this.#fd = undefined;
    }
    if (this.tempPath === undefined) return;
    try {
      fs.unlinkSync(this.tempPath);
    } catch { /* already gone */ }
  }
}

/** fsync a folder, so a rename in it survives a crash; filesystems that cannot are let be. Throws {@linkcode OutputError}. */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch (e) {
    // EINVAL/ENOTSUP: the filesystem does not sync folders; EACCES: a write-only folder cannot be opened.
    const code = errorCode(e);
    if (code !== "EINVAL" && code !== "ENOTSUP" && code !== "EACCES" && code !== "EPERM" && code !== "EISDIR") {
      throw new OutputError(`cannot write into ${dir}: ${systemErrorText(e)}`);
    }
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Write a whole file as {@linkcode AtomicFile} does. Refuses to replace an
 * existing regular file unless `force`.
 */
export function writeFileAtomic(path: string, text: string | Uint8Array, force = true): void {
  const file = new AtomicFile(path, { force });
  file.write(text);
  file.commit();
}

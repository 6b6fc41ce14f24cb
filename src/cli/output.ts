/**
 * Everything the CLI writes: data to stdout, messages to stderr, and output
 * files. Every command writes its files through {@linkcode AtomicFile} /
 * {@linkcode writeFileAtomic}, which decide by what sits at the path:
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
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import process from "node:process";

/** A failure the user caused or must fix; `main` prints it and exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = "CliError";
  }
}

/** Usage error (bad flags): exit code 2, like most Unix tools. */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}

// strerror(3)'s words for the errors a write can meet; the runtimes word them differently.
const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EIO: "input/output error",
  EPIPE: "broken pipe",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOENT: "no such file or directory",
  ENOTDIR: "a path component is not a folder",
  EISDIR: "is a folder",
  ELOOP: "too many levels of symbolic links",
  ENXIO: "no such device or address",
  EBADF: "bad file descriptor",
  EEXIST: "already exists",
  ETXTBSY: "text file busy",
  ENAMETOOLONG: "file name too long",
};

/** The `code` of a system error (`ENOSPC` …), if it has one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** A system error in plain words (`no space left on device`), without the runtime's decoration. */
export function systemErrorText(e: unknown): string {
  const code = errorCode(e);
  if (code !== undefined && ERRNO_TEXT[code] !== undefined) return ERRNO_TEXT[code]!;
  const message = e instanceof Error ? e.message : String(e);
  // "ECODE: what, syscall 'path'" → "what"
  return message.replace(/^E[A-Z0-9]+:\s*/, "").replace(/,\s*\w+\s*'[^']*'.*$/, "") || (code ?? "unknown error");
}

function writeAllSync(fd: number, text: string | Uint8Array): void {
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
 * Write data to stdout, completely, before returning. A reader that went away
 * (`compspec … | head`) ends the process quietly, as Unix tools do; any other
 * failure is a {@linkcode CliError} (`cannot write to standard output: no space left on device`).
 */
export function writeStdout(text: string | Uint8Array): void {
  try {
    writeAllSync(1, text);
  } catch (e) {
    if (errorCode(e) === "EPIPE") process.exit(0);
    throw new CliError(`cannot write to standard output: ${systemErrorText(e)}`);
  }
}

/** Write text to stderr, completely; a failure is dropped (there is nowhere left to report it). */
export function writeStderr(text: string): void {
  try {
    writeAllSync(2, text);
  } catch { /* stderr closed or full */ }
}

/** Whether to colour text written to stderr. */
export function useColor(): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return Boolean(process.stdout.isTTY) && Boolean(process.stderr.isTTY);
}

function paint(code: string, text: string): string {
  return useColor() ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** A warning on stderr. */
export function warn(message: string): void {
  writeStderr(`${paint("33", "compspec: warning:")} ${message}\n`);
}

/** An error message on stderr (does not exit). */
export function printError(message: string): void {
  writeStderr(`${paint("31", "compspec: error:")} ${message}\n`);
}

/** An informational line on stderr. */
export function info(message: string): void {
  writeStderr(`${message}\n`);
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
 * {@linkcode CliError} naming `path` when it is a folder, a socket or block
 * device, a loop of links, or cannot be looked at.
 */
export function resolveOutput(path: string): OutputTarget {
  const fail = (why: string) => new CliError(`cannot write ${path}: ${why}`);
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

/** Options for {@linkcode checkOutput} and {@linkcode AtomicFile}. */
export interface OutputOptions {
  /** Replace an existing regular file (default true). FIFOs and devices are written either way. */
  force?: boolean;
}

/**
 * Check, before any long work, that `path` can be written: not a folder, its
 * folder exists, and no regular file sits there unless `force`. Throws
 * {@linkcode CliError}; `option` (`--out`) prefixes the message.
 */
export function checkOutput(path: string, opts: OutputOptions & { option?: string } = {}): OutputTarget {
  const prefix = opts.option ? `${opts.option} ` : "";
  let target: OutputTarget;
  try {
    target = resolveOutput(path);
  } catch (e) {
    if (e instanceof CliError && prefix) throw new CliError(`${prefix}${e.message.replace(/^cannot write /, "")}`);
    throw e;
  }
  if (target.kind === "stream") return target;
  if (target.exists && opts.force === false) {
    throw new CliError(`${path} already exists (use --force to replace it)`);
  }
  const dir = nodePath.dirname(target.path);
  if (!isDirectory(dir)) throw new CliError(`${prefix}${path}: folder ${dir} does not exist`);
  return target;
}

/**
 * An output file, written as {@linkcode resolveOutput} decides. For a regular
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

  /** Open the temporary file (or the FIFO/device). Throws {@linkcode CliError} naming the path. */
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
        throw new CliError(`cannot write ${path}: ${systemErrorText(e)}`);
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
      throw new CliError(`cannot write ${path}: ${why}`);
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
    if (this.#fd === undefined) throw new CliError(`cannot write ${this.path}: already closed`);
    try {
      writeAllSync(this.#fd, data);
    } catch (e) {
      this.abort();
      throw new CliError(`cannot write ${this.path}: ${systemErrorText(e)}`);
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
        throw new CliError(`cannot write ${this.path}: ${systemErrorText(e)}`);
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
        await new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => e ? reject(new CliError(`cannot write ${f.path}: ${systemErrorText(e)}`)) : resolve()));
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
    if (this.#fd === undefined) throw new CliError(`cannot write ${this.path}: already closed`);
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
        throw new CliError(`${this.path} appeared while it was being written (use --force to replace it)`);
      }
      throw new CliError(`cannot write ${this.path}: ${systemErrorText(e)}`);
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

/** fsync a folder, so a rename in it survives a crash; filesystems that cannot are let be. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch (e) {
    // EINVAL/ENOTSUP: the filesystem does not sync folders; EACCES: a write-only folder cannot be opened.
    const code = errorCode(e);
    if (code !== "EINVAL" && code !== "ENOTSUP" && code !== "EACCES" && code !== "EPERM" && code !== "EISDIR") {
      throw new CliError(`cannot write into ${dir}: ${systemErrorText(e)}`);
    }
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
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
 * folder counts as made. Throws {@linkcode CliError} naming `dir`.
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
    throw new CliError(`cannot create folder ${dir}: ${why}`);
  }
}

/**
 * Whether `--out PATH` names a folder: an existing directory, or a path ending
 * in `/`. A missing folder ending in `/` is created when `create` is set (every
 * node may write into a fresh shared folder), else it is an error. Throws {@linkcode CliError}.
 */
export function outIsDirectory(out: string, create = false): boolean {
  if (isDirectory(out)) return true;
  if (!out.endsWith("/")) return false;
  if (!create) throw new CliError(`--out ${out}: directory does not exist`);
  ensureDirectory(out);
  return true;
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

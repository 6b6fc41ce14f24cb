/**
 * Everything the CLI writes: data to stdout, messages to stderr, files
 * atomically (temporary name in the same folder, then rename) so that a reader
 * of a shared folder never sees half a file.
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

function writeAllSync(fd: number, text: string | Uint8Array): void {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      // A non-blocking pipe may be full: wait for the reader instead of dropping output.
      if ((e as { code?: string }).code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
        continue;
      }
      throw e;
    }
  }
}

/** Write data to stdout, completely, before returning. */
export function writeStdout(text: string | Uint8Array): void {
  try {
    writeAllSync(1, text);
  } catch (e) {
    // The reader went away (`compspec ... | head`): stop quietly, as Unix tools do.
    if ((e as { code?: string }).code === "EPIPE") process.exit(0);
    throw e;
  }
}

/** Write text to stderr, completely, before returning. */
export function writeStderr(text: string): void {
  writeAllSync(2, text);
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
  writeAllSync(2, `${paint("33", "compspec: warning:")} ${message}\n`);
}

/** An error message on stderr (does not exit). */
export function printError(message: string): void {
  writeAllSync(2, `${paint("31", "compspec: error:")} ${message}\n`);
}

/** An informational line on stderr. */
export function info(message: string): void {
  writeAllSync(2, `${message}\n`);
}

/**
 * A file written under a temporary name beside its target and renamed into place
 * on {@linkcode AtomicFile.commit}; {@linkcode AtomicFile.abort} removes it. The
 * temporary name is hidden (leading dot, `.tmp` suffix) so folder readers skip it.
 */
export class AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  #fd: number | undefined;
  #pending: string[] = [];
  #pendingBytes = 0;

  /** Open a temporary file beside `path`. Throws {@linkcode CliError} when the folder is not writable. */
  constructor(path: string) {
    this.path = path;
    const dir = nodePath.dirname(path);
    const rand = Math.floor(Math.random() * 0xffffffff).toString(16);
    this.tempPath = nodePath.join(dir, `.${nodePath.basename(path)}.${process.pid}.${rand}.tmp`);
    try {
      this.#fd = fs.openSync(this.tempPath, "wx", 0o644);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const why = code === "ENOENT"
        ? `folder ${dir} does not exist`
        : code === "EACCES" || code === "EROFS"
        ? `folder ${dir} is not writable (${code})`
        : (e as Error).message;
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
      throw new CliError(`cannot write ${this.path}: ${(e as Error).message}`);
    }
  }

  /** Flush, close, and rename into place. */
  commit(): void {
    this.#flush();
    if (this.#fd === undefined) throw new CliError(`cannot write ${this.path}: already closed`);
    try {
      fs.closeSync(this.#fd);
      this.#fd = undefined;
      fs.renameSync(this.tempPath, this.path);
    } catch (e) {
      this.abort();
      throw new CliError(`cannot write ${this.path}: ${(e as Error).message}`);
    }
  }

  /** Close and remove the temporary file; the target is untouched. */
  abort(): void {
    if (this.#fd !== undefined) {
      try {
        fs.closeSync(this.#fd);
      } catch { /* already failing */ }
      this.#fd = undefined;
    }
    try {
      fs.unlinkSync(this.tempPath);
    } catch { /* already gone */ }
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
 * Whether `--out PATH` names a folder: an existing directory, or a path ending in `/`,
 * which must then exist. Throws {@linkcode CliError} when it does not.
 */
export function outIsDirectory(out: string): boolean {
  const dir = isDirectory(out);
  if (!dir && out.endsWith("/")) throw new CliError(`--out ${out}: directory does not exist`);
  return dir;
}

/** Write a whole file atomically. Refuses to replace an existing file unless `force`. */
export function writeFileAtomic(path: string, text: string | Uint8Array, force = true): void {
  if (!force && fs.existsSync(path)) {
    throw new CliError(`${path} already exists (use --force to replace it)`);
  }
  const file = new AtomicFile(path);
  file.write(text);
  file.commit();
}

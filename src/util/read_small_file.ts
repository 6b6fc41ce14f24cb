/**
 * The one defensive reader of every file compspec reads (node files, graphs,
 * snapshots, artifacts, manifests, OCI layout files, docker configs, host
 * order files, and through `readOpenedInto` a machine's own files): opened
 * without blocking (a FIFO named like an input must not hang a run), refused
 * unread when the opened descriptor is not a regular file or its size is over
 * the bound, and read to one byte past the bound in case it grew since. Failures say what went wrong as a {@linkcode SmallFileProblem},
 * so each caller words it for its users.
 *
 * @module
 */
import * as fs from "node:fs";
import { errorCode, errorMessage, systemErrorText } from "./errors.ts";
import { namedError } from "./named_error.ts";

/** What went wrong reading a file. */
export type SmallFileProblem =
  /** It could not be opened (`code`: ENOENT, ELOOP, EACCES …). */
  | { kind: "open"; code?: string; message: string }
  | { kind: "directory" }
  | { kind: "not-regular" }
  /** Over the bound by its size (`size`), or it grew past it while read (`size` undefined). */
  | { kind: "too-large"; size?: number; maxBytes: number }
  | { kind: "read"; code?: string; message: string };

/** A file that could not be read; the default message has no path (callers add it). */
export class SmallFileError extends namedError("SmallFileError") {
  constructor(readonly problem: SmallFileProblem) {
    super(defaultMessage(problem));
  }

  /** The system error code, when the system gave one (`ENOENT`). */
  get code(): string | undefined {
    return "code" in this.problem ? this.problem.code : undefined;
  }
}

function defaultMessage(p: SmallFileProblem): string {
  switch (p.kind) {
    case "open":
      return p.code === "ENOENT" ? systemErrorText(p) : `cannot read it (${p.code ?? p.message})`;
    case "directory":
      return "is a directory";
    case "not-regular":
      return "is not a regular file";
    case "too-large":
      return `is ${p.size === undefined ? "more than" : p.size} bytes; at most ${p.maxBytes} are read`;
    case "read":
      return `cannot read it (${p.code ?? p.message})`;
  }
}

/** A reusable read buffer, so that reading thousands of files does not allocate thousands of buffers. */
export class ReadBuffer {
  /** The current buffer (grows on demand). */
  bytes: Uint8Array;
  constructor(size = 256 * 1024) {
    this.bytes = new Uint8Array(size);
  }
}

/**
 * Read the file at `path` (at most `maxBytes`) into `buf`; returns the byte
 * count. Throws {@linkcode SmallFileError}.
 */
export function readBoundedInto(path: string, maxBytes: number, buf: ReadBuffer): number {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new SmallFileError({ kind: "open", code: errorCode(e), message: errorMessage(e) });
  }
  try {
    return readOpenedInto(fd, maxBytes, buf);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Read the file open at `fd` (opened with O_NONBLOCK by the caller, who
 * closes it) into `buf`: refused unread unless `fstat` of the descriptor says
 * it is a regular file of at most `maxBytes`, and read to one byte past the
 * bound in case it grew (or reports size 0, as /proc and /sys files do).
 * Returns the byte count; throws {@linkcode SmallFileError}. The machine
 * reader (host/directory_host.ts), which opens files its own way, reads
 * through here too.
 */
export function readOpenedInto(fd: number, maxBytes: number, buf: ReadBuffer): number {
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new SmallFileError({ kind: "directory" });
    if (!st.isFile()) throw new SmallFileError({ kind: "not-regular" });
    if (st.size > maxBytes) throw new SmallFileError({ kind: "too-large", size: st.size, maxBytes });
    // Read up to one byte more than the limit, in case the file grew since fstat.
    const want = Math.min(Math.max(st.size, 4096), maxBytes) + 1;
    if (buf.bytes.length < want) buf.bytes = new Uint8Array(Math.max(want, buf.bytes.length * 2));
    const n = readToEnd(fd, maxBytes, buf);
    if (n > maxBytes) throw new SmallFileError({ kind: "too-large", maxBytes });
    return n;
  } catch (e) {
    if (e instanceof SmallFileError) throw e;
    if (errorCode(e) === "EISDIR") throw new SmallFileError({ kind: "directory" });
    throw new SmallFileError({ kind: "read", code: errorCode(e), message: errorMessage(e) });
  }
}

/**
 * Read `fd` to its end into `buf` (growing it), stopping one byte past
 * `maxBytes`; returns the count. Throws the system's error.
 */
function readToEnd(fd: number, maxBytes: number, buf: ReadBuffer): number {
  let n = 0;
  for (;;) {
    if (n === buf.bytes.length) {
      if (n > maxBytes) break;
      const bigger = new Uint8Array(Math.min(Math.max(buf.bytes.length * 2, 4096), maxBytes + 1));
      bigger.set(buf.bytes);
      buf.bytes = bigger;
    }
    let r: number;
    try {
      r = fs.readSync(fd, buf.bytes, n, buf.bytes.length - n, null);
    } catch (e) {
      // A non-blocking pipe (standard input) with nothing in it yet: wait a moment, synchronously, and read again.
      if (errorCode(e) !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (r === 0) break;
    n += r;
  }
  return n;
}

/** The bytes of the file at `path` (at most `maxBytes`); throws {@linkcode SmallFileError}. */
export function readSmallFile(path: string, maxBytes: number): Uint8Array {
  const buf = new ReadBuffer(0);
  const n = readBoundedInto(path, maxBytes, buf);
  return buf.bytes.subarray(0, n);
}

/**
 * Standard input (a pipe, a terminal or a file), at most `maxBytes`: read as
 * it comes and refused as soon as it passes the bound, so `< /dev/zero` ends
 * at once. Throws {@linkcode SmallFileError} (`too-large`, `read`).
 */
export function readBoundedStdin(maxBytes: number): Uint8Array {
  const buf = new ReadBuffer(Math.min(64 * 1024, maxBytes + 1));
  let n: number;
  try {
    n = readToEnd(0, maxBytes, buf);
  } catch (e) {
    throw new SmallFileError({ kind: "read", code: errorCode(e), message: errorMessage(e) });
  }
  if (n > maxBytes) throw new SmallFileError({ kind: "too-large", maxBytes });
  return buf.bytes.slice(0, n);
}

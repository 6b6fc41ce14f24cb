/**
 * The one place compspec reads a machine's files. Every extractor receives a
 * {@linkcode Host} and never touches the filesystem itself, so a saved copy of
 * another machine (a directory or a snapshot file) reads exactly like `/`.
 *
 * Paths are always absolute machine paths such as `/proc/cpuinfo`; the host
 * maps them onto its root.
 *
 * @module
 */
import { namedError } from "../util/named_error.ts";

/** Every {@linkcode HostErrorKind}, e.g. for a schema of recorded failures. */
export const HOST_ERROR_KINDS = ["missing", "unreadable", "not-a-file", "not-a-directory", "too-large"] as const;

/** Why a read failed. `missing` is the one callers usually tolerate. */
export type HostErrorKind = typeof HOST_ERROR_KINDS[number];

const WHAT: Record<HostErrorKind, string> = {
  "missing": "does not exist",
  "unreadable": "cannot be read",
  "not-a-file": "is not a regular file",
  "not-a-directory": "is not a directory",
  "too-large": "is too large",
};

/** A failed read, naming the machine path and what went wrong. */
export class HostError extends namedError("HostError") {
  /** The machine path, e.g. `/sys/devices/system/cpu/online`. */
  readonly path: string;
  /** What went wrong. */
  readonly kind: HostErrorKind;
  /** More about it (an errno code, a limit …), as the message shows it in parentheses. */
  readonly detail: string | undefined;

  constructor(path: string, kind: HostErrorKind, detail?: string) {
    super(`${path} ${WHAT[kind]}${detail ? ` (${detail})` : ""}`);
    this.path = path;
    this.kind = kind;
    this.detail = detail || undefined;
  }
}

/** Read-only view of a machine's /proc, /sys, /etc, /boot, /usr … */
export interface Host {
  /** Where the files come from, for messages: `/`, a directory, or a snapshot file. */
  readonly description: string;
  /** True when this host is the running machine (root `/`): commands and the environment describe it. */
  readonly live: boolean;
  /** Text of a file. Throws {@linkcode HostError}. */
  readText(path: string): string;
  /** Text of a file, or `undefined` when it does not exist. Other failures throw {@linkcode HostError}. */
  tryReadText(path: string): string | undefined;
  /**
   * Text of a file that may well not be there (one of the places an MPI header
   * may be), or `undefined` when it cannot be read at all (missing, unreadable,
   * a directory). Optional: a host without it is asked with `readText`.
   */
  probeText?(path: string): string | undefined;
  /** Bytes of a file (e.g. /proc/config.gz). Throws {@linkcode HostError}. */
  readBytes(path: string): Uint8Array;
  /** Sorted entry names of a directory, or `undefined` when it does not exist. */
  listDir(path: string): string[] | undefined;
  /** Target of a symbolic link, or `undefined` when `path` is not a link. */
  readLink(path: string): string | undefined;
  /** Whether anything (file, directory or link) exists at `path`. */
  exists(path: string): boolean;
  /** Whether `path` is a directory (following links). */
  isDirectory(path: string): boolean;
}

/** Throws unless `path` is an absolute machine path: a relative one is a programming error, not a {@linkcode HostError}. */
export function assertMachinePath(path: string): void {
  if (!path.startsWith("/")) throw new Error(`machine path must be absolute: ${path}`);
}

/** Largest file a host reads; /proc and /sys files are far smaller, so anything bigger is not what we expect. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Join a machine path with a relative link target and normalise `.` and `..`. */
export function resolveMachinePath(base: string, target: string): string {
  const parts = target.startsWith("/") ? [] : base.split("/").slice(0, -1);
  for (const part of target.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.filter((p) => p !== "").join("/");
}

const decoder = new TextDecoder();

/**
 * The text reads of a {@linkcode Host} in terms of its `readBytes`, so every host
 * decodes and treats "missing" the same way.
 */
export abstract class BytesHost implements Host {
  abstract readonly description: string;
  abstract readonly live: boolean;
  abstract readBytes(path: string): Uint8Array;
  abstract listDir(path: string): string[] | undefined;
  abstract readLink(path: string): string | undefined;
  abstract exists(path: string): boolean;
  abstract isDirectory(path: string): boolean;

  readText(path: string): string {
    return decoder.decode(this.readBytes(path));
  }

  tryReadText(path: string): string | undefined {
    try {
      return this.readText(path);
    } catch (e) {
      if (e instanceof HostError && e.kind === "missing") return undefined;
      throw e;
    }
  }
}

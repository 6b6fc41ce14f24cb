/**
 * Reading thrown values without casts: a system error's `code`, any value's
 * message, and one wording of system errors for every layer's messages.
 *
 * @module
 */

// strerror(3)'s words for the errors compspec meets; the runtimes word them differently.
const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EIO: "input/output error",
  EPIPE: "broken pipe",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  // The one wording of a missing file or folder, wherever compspec names a path that is not there.
  ENOENT: "no such file or folder",
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
  const code = (e as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The message of any thrown value (an `Error`'s message, else the value as text). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A system error in plain words (`no space left on device`), without the runtime's decoration. */
export function systemErrorText(e: unknown): string {
  const code = errorCode(e);
  if (code !== undefined && ERRNO_TEXT[code] !== undefined) return ERRNO_TEXT[code]!;
  // "ECODE: what, syscall 'path'" → "what"
  return errorMessage(e).replace(/^E[A-Z0-9]+:\s*/, "").replace(/,\s*\w+\s*'[^']*'.*$/, "") || (code ?? "unknown error");
}

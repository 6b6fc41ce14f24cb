/**
 * Where a compatibility artifact's bytes come from: the one place `check`
 * reads them. Today a file; the registry work (issue 10) adds image
 * references (`--image REF`) here, and everything after — parsing, checking,
 * output — takes only the text and the name to report it under.
 *
 * @module
 */
import * as fs from "node:fs";
import { MAX_DOCUMENT_BYTES } from "../compat/document.ts";
import { usageError } from "./output.ts";

/** An artifact's text, and the name its errors are reported under. */
export interface ArtifactText {
  text: string;
  /** The file name (or, later, the image reference). */
  source: string;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The artifact `check` evaluates, named by `--artifact`. Throws a usage error
 * (exit 2) naming it when it cannot be read.
 */
export function readArtifactText(ref: string): ArtifactText {
  return readDocumentFile(ref, "--artifact");
}

/**
 * The text of the compatibility document (artifact or request) at `path`,
 * given with `option`, read defensively: more than
 * {@linkcode MAX_DOCUMENT_BYTES} is refused from its size alone, a FIFO or
 * device without blocking. Throws a usage error (exit 2) naming the file.
 */
export function readDocumentFile(path: string, option: string): ArtifactText {
  const fail = (why: string) => usageError(`${option} ${path}: ${why}`);
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw fail(code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw fail("is a directory, not a file");
    if (!st.isFile()) throw fail("is not a regular file");
    if (st.size > MAX_DOCUMENT_BYTES) {
      throw fail(`is ${st.size} bytes; a compatibility document may be at most ${MAX_DOCUMENT_BYTES} (refused unread)`);
    }
    // One byte more than allowed tells a file that grew since fstat.
    const buf = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    let n = 0;
    for (;;) {
      const r = fs.readSync(fd, buf, n, buf.length - n, null);
      if (r === 0 || (n += r) === buf.length) break;
    }
    if (n > MAX_DOCUMENT_BYTES) throw fail(`is more than ${MAX_DOCUMENT_BYTES} bytes; refused`);
    let text: string;
    try {
      text = decoder.decode(buf.subarray(0, n));
    } catch {
      throw fail("is not UTF-8 text");
    }
    return { text: text.startsWith("\ufeff") ? text.slice(1) : text, source: path };
  } catch (e) {
    if (e instanceof Error && e.name === "CliError") throw e;
    throw fail((e as Error).message);
  } finally {
    fs.closeSync(fd);
  }
}

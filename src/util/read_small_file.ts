/**
 * Read a small input file whole (an artifact, a manifest, a docker config),
 * refusing what is not a regular file or is over a size bound before reading
 * it. Errors carry a short reason (without the path, which callers add).
 *
 * @module
 */
import * as fs from "node:fs";

/** Why a file could not be read: `no such file`, `is not a regular file`, `is N bytes; at most M are read` … */
export class SmallFileError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = "SmallFileError";
  }
}

/** The file's bytes; throws {@linkcode SmallFileError}. */
export function readSmallFile(path: string, maxBytes: number): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new SmallFileError(code === "ENOENT" ? "no such file (ENOENT)" : `cannot read it (${code ?? (e as Error).message})`, code);
  }
  // A FIFO or device would block or never end: only regular files.
  if (!st.isFile()) throw new SmallFileError(st.isDirectory() ? "is a directory" : "is not a regular file");
  if (st.size > maxBytes) throw new SmallFileError(`is ${st.size} bytes; at most ${maxBytes} are read`);
  try {
    return new Uint8Array(fs.readFileSync(path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new SmallFileError(`cannot read it (${code ?? (e as Error).message})`, code);
  }
}

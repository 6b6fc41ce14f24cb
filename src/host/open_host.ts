/**
 * `--root` → {@linkcode Host}: the running machine, a saved directory, or a
 * snapshot file written by `compspec snapshot`.
 *
 * @module
 */
import * as fs from "node:fs";
import { DirectoryHost } from "./directory_host.ts";
import type { Host } from "./host.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import { errorCode, errorMessage, systemErrorText } from "../util/errors.ts";

/** `--root ROOT: what went wrong`. */
function rootError(root: string, e: unknown): Error {
  return new Error(`--root ${root}: ${errorCode(e) === "ENOENT" ? systemErrorText(e) : errorMessage(e)}`);
}

/**
 * Open the host for `--root` (default `/`). Rejects with an `Error` naming the root when it is unusable.
 * A snapshot's reader (and its schema) is loaded only for a snapshot: extract of the running machine,
 * the common case, then never pays for it.
 */
export async function openHost(root: string | undefined): Promise<Host> {
  if (root === undefined || root === "/") return new DirectoryHost("/");
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (e) {
    throw rootError(root, e);
  }
  if (st.isDirectory()) return new DirectoryHost(root);
  // Anything else is a snapshot file (plain or gzip JSON).
  const [{ decodeSnapshot, MAX_SNAPSHOT_BYTES }, { SnapshotHost }] = await Promise.all([
    import("./snapshot_format.ts"),
    import("./snapshot_host.ts"),
  ]);
  let bytes: Uint8Array;
  try {
    // The one bounded reader: a FIFO or a device (/dev/zero) is refused, not read.
    bytes = readSmallFile(root, MAX_SNAPSHOT_BYTES);
  } catch (e) {
    if (!(e instanceof SmallFileError)) throw e;
    const p = e.problem;
    if (p.kind === "too-large") {
      throw new Error(`--root ${root}: is ${p.size ?? "more than"} bytes, more than a snapshot can be (${MAX_SNAPSHOT_BYTES})`);
    }
    throw rootError(root, p.kind === "open" || p.kind === "read" ? p : e);
  }
  return new SnapshotHost(await decodeSnapshot(bytes, `--root ${root}`), `snapshot ${root}`);
}

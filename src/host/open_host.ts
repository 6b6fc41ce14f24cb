/**
 * `--root` → {@linkcode Host}: the running machine, a saved directory, or a
 * snapshot file written by `compspec snapshot`.
 *
 * @module
 */
import * as fs from "node:fs";
import { DirectoryHost } from "./directory_host.ts";
import type { Host } from "./host.ts";
import { decodeSnapshot, MAX_SNAPSHOT_BYTES } from "./snapshot_format.ts";
import { SnapshotHost } from "./snapshot_host.ts";

/** Open the host for `--root` (default `/`). Throws an `Error` naming the root when it is unusable. */
export function openHost(root: string | undefined): Host {
  if (root === undefined || root === "/") return new DirectoryHost("/");
  let bytes: Uint8Array;
  try {
    const st = fs.statSync(root);
    if (st.isDirectory()) return new DirectoryHost(root);
    // Anything else is a snapshot file (plain or gzip JSON).
    if (st.size > MAX_SNAPSHOT_BYTES) {
      throw new Error(`is ${st.size} bytes, more than a snapshot can be (${MAX_SNAPSHOT_BYTES})`);
    }
    bytes = fs.readFileSync(root);
  } catch (e) {
    throw new Error(`--root ${root}: ${(e as { code?: string }).code === "ENOENT" ? "does not exist" : (e as Error).message}`);
  }
  return new SnapshotHost(decodeSnapshot(bytes, `--root ${root}`), `snapshot ${root}`);
}

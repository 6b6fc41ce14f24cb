/**
 * `--root` → {@linkcode Host}: the running machine, a saved directory, or a
 * snapshot file written by `compspec snapshot`.
 *
 * @module
 */
import * as fs from "node:fs";
import { DirectoryHost } from "./directory_host.ts";
import type { Host } from "./host.ts";
import { loadSnapshotHost } from "./snapshot_host.ts";

/** Open the host for `--root` (default `/`). Throws an `Error` naming the root when it is unusable. */
export function openHost(root: string | undefined): Host {
  if (root === undefined || root === "/") return new DirectoryHost("/");
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (e) {
    throw new Error(`--root ${root}: ${(e as { code?: string }).code === "ENOENT" ? "does not exist" : (e as Error).message}`);
  }
  if (st.isDirectory()) return new DirectoryHost(root);
  return loadSnapshotHost(root);
}

/**
 * A {@linkcode Host} backed by a snapshot file (`compspec snapshot`). Filled in by issue 5.
 *
 * @module
 */
import type { Host } from "./host.ts";

/** Load a snapshot file as a host. */
export function loadSnapshotHost(file: string): Host {
  throw new Error(`--root ${file}: is not a directory (snapshot files are not supported yet)`);
}

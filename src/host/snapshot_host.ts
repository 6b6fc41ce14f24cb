/**
 * A {@linkcode Host} backed by a snapshot file (`compspec snapshot`): it answers
 * from the recorded data with the same semantics, and the same errors, as the
 * directory the snapshot was taken from.
 *
 * A question the recording never asked (a newer compspec reading a file the
 * older one did not) is answered from what the snapshot does know: a path is a
 * directory when recorded files lie under it, and anything else does not exist.
 *
 * @module
 */
import { assertMachinePath, BytesHost, HostError, resolveMachinePath } from "./host.ts";
import { fileRecordBytes, type PathRecord, type Snapshot } from "./snapshot_format.ts";

/** Answers {@linkcode Host} calls from a {@linkcode Snapshot}. */
export class SnapshotHost extends BytesHost {
  readonly description: string;
  readonly live = false;
  readonly #paths: Map<string, PathRecord>;
  /** Directories implied by recorded content below them → their known entry names. */
  readonly #implied = new Map<string, Set<string>>();

  /** Wrap a parsed snapshot; `description` names it in messages (usually the file name). */
  constructor(snapshot: Snapshot, description: string) {
    super();
    this.description = description;
    this.#paths = new Map(Object.entries(snapshot.paths));
    for (const [path, rec] of this.#paths) {
      if (!positive(rec)) continue;
      // Every ancestor of something that exists is a directory (links followed, as reads follow them).
      const parts = path.split("/").filter((p) => p !== "");
      for (let i = 0; i < parts.length; i++) {
        const dir = "/" + parts.slice(0, i).join("/");
        let names = this.#implied.get(dir);
        if (names === undefined) this.#implied.set(dir, names = new Set());
        names.add(parts[i]!);
      }
    }
  }

  #get(path: string): PathRecord | undefined {
    assertMachinePath(path);
    return this.#paths.get(resolveMachinePath("/", path));
  }

  /** Entry names of a directory implied by recorded content below it. */
  #impliedEntries(path: string): Set<string> | undefined {
    return this.#implied.get(resolveMachinePath("/", path));
  }

  readBytes(path: string): Uint8Array {
    const file = this.#get(path)?.file;
    if (file !== undefined) {
      const bytes = fileRecordBytes(file);
      if (bytes !== undefined) return bytes;
      if ("error" in file) throw new HostError(path, file.error, file.detail);
    }
    if (this.isDirectory(path)) throw new HostError(path, "not-a-file");
    throw new HostError(path, "missing");
  }

  listDir(path: string): string[] | undefined {
    const dir = this.#get(path)?.dir;
    if (dir === null) return undefined;
    if (Array.isArray(dir)) return [...dir];
    if (dir !== undefined) throw new HostError(path, dir.error, dir.detail);
    const implied = this.#impliedEntries(path);
    return implied === undefined ? undefined : [...implied].sort();
  }

  readLink(path: string): string | undefined {
    return this.#get(path)?.link ?? undefined;
  }

  exists(path: string): boolean {
    const rec = this.#get(path);
    if (rec?.exists !== undefined) return rec.exists;
    return (rec !== undefined && positive(rec)) || this.#impliedEntries(path) !== undefined;
  }

  isDirectory(path: string): boolean {
    const rec = this.#get(path);
    if (rec?.isDirectory !== undefined) return rec.isDirectory;
    if (Array.isArray(rec?.dir)) return true;
    if (rec?.file !== undefined) {
      if ("error" in rec.file && rec.file.error === "not-a-file") return true;
      if (!("error" in rec.file)) return false;
    }
    return this.#impliedEntries(path) !== undefined;
  }
}

/** Whether a record shows that something exists at its path. */
function positive(rec: PathRecord): boolean {
  if (rec.exists === true || rec.isDirectory === true) return true;
  if (typeof rec.link === "string" || Array.isArray(rec.dir)) return true;
  if (rec.dir !== undefined && rec.dir !== null && rec.dir.error !== "missing") return true;
  // A file that could be opened, or that failed for a reason other than absence.
  return rec.file !== undefined && !("error" in rec.file && rec.file.error === "missing");
}

/**
 * Read a folder of node files (what `compspec extract --out DIR/` fills) one
 * file at a time, each reduced at once to what the caller keeps, so that a
 * 10,000-node folder never sits in memory as text. `create nodes`, `describe`,
 * `check` and `diff` all read folders through here.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { NodeFileError, type NodeFileReducer, ReadBuffer, readNodeFile, MAX_NODE_FILE_BYTES } from "./read_node_file.ts";
import { errorCode, errorMessage, systemErrorText } from "../util/errors.ts";
import { pushAll } from "../util/array_ops.ts";
import { namedError } from "../util/named_error.ts";

/** A folder that cannot be read as a node folder (missing, not a folder, no node files). */
export class NodeDirError extends namedError("NodeDirError") {
  constructor(readonly dir: string, message: string) {
    super(message);
  }
}

/** Whether a directory entry is a node file to read: `*.json`, not hidden (temporary files are hidden). */
export function isNodeFileName(name: string): boolean {
  return name.endsWith(".json") && !name.startsWith(".") && name.length > ".json".length;
}

/**
 * The node files of `dir`, as paths, in code-unit order of their names (so that
 * messages come out the same way on every run). Paths in `exclude` (compared
 * after resolving, e.g. the command's own output file) are left out. Throws
 * {@linkcode NodeDirError} when `dir` is missing, not a folder, or holds no node file.
 */
export function listNodeFiles(dir: string, exclude: readonly string[] = []): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(isNodeFileName);
  } catch (e) {
    const code = errorCode(e);
    const why = code === "ENOENT" ? systemErrorText(e) : code === "ENOTDIR" ? "is not a directory" : errorMessage(e);
    throw new NodeDirError(dir, why);
  }
  const folders = new Map<string, string>();
  const skip = new Set(exclude.map((p) => canonical(p, folders)));
  const paths = names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => nodePath.join(dir, n))
    .filter((p) => skip.size === 0 || !skip.has(canonical(p, folders)));
  if (paths.length === 0) throw new NodeDirError(dir, "no node files (*.json) in it");
  return paths;
}

/**
 * `path` made absolute, with its folder's symbolic links resolved (the file itself
 * may not exist yet). `folders` remembers each folder's resolution: every node
 * file of a folder shares it, and one `realpath` per file was most of a large
 * folder's listing.
 */
function canonical(path: string, folders: Map<string, string>): string {
  const abs = nodePath.resolve(path);
  const folder = nodePath.dirname(abs);
  let real = folders.get(folder);
  if (real === undefined) {
    try {
      real = fs.realpathSync(folder);
    } catch {
      real = "";
    }
    folders.set(folder, real);
  }
  return real === "" ? abs : nodePath.join(real, nodePath.basename(abs));
}

/** A file that could not be used, and why (the message does not repeat the path). */
export interface BadNodeFile {
  file: string;
  message: string;
}

/** What {@linkcode readNodeFiles} kept of each good file. */
export interface ReadNodeFile<T> {
  file: string;
  value: T;
}

/** Options for {@linkcode readNodeFiles}. */
export interface ReadNodeFilesOptions {
  /** Called after each file with the count done so far (for a progress line). */
  onProgress?: (done: number, total: number) => void;
  /** The largest file accepted, in bytes. */
  maxBytes?: number;
}

/**
 * Read and reduce every file in `paths`, in order. Files that cannot be used,
 * and every file whose hostname another file also has (which one is right is
 * unknowable), are returned in `bad`, sorted by path; the good ones in `good`.
 */
export function readNodeFiles<T extends { hostname: string }>(
  paths: readonly string[],
  reduce: NodeFileReducer<T>,
  opts: ReadNodeFilesOptions = {},
): { good: ReadNodeFile<T>[]; bad: BadNodeFile[] } {
  const read: ReadNodeFile<T>[] = [];
  const bad: BadNodeFile[] = [];
  const buf = new ReadBuffer();
  const maxBytes = opts.maxBytes ?? MAX_NODE_FILE_BYTES;
  for (let i = 0; i < paths.length; i++) {
    const file = paths[i]!;
    try {
      read.push({ file, value: readNodeFile(file, buf, maxBytes, reduce) });
    } catch (e) {
      if (!(e instanceof NodeFileError)) throw e;
      bad.push({ file, message: e.message });
    }
    opts.onProgress?.(i + 1, paths.length);
  }
  const dups = duplicateHostnames(read);
  pushAll(bad, dups);
  bad.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const badFiles = new Set(dups.map((b) => b.file));
  return { good: badFiles.size === 0 ? read : read.filter((r) => !badFiles.has(r.file)), bad };
}

/** Every file whose hostname another file also has, with a message naming the others. */
function duplicateHostnames(read: readonly ReadNodeFile<{ hostname: string }>[]): BadNodeFile[] {
  // Grouped by hostname in one pass: callers sort the nodes themselves, later.
  const files = new Map<string, string[]>();
  for (const r of read) {
    const group = files.get(r.value.hostname);
    if (group) group.push(r.file);
    else files.set(r.value.hostname, [r.file]);
  }
  const out: BadNodeFile[] = [];
  for (const [hostname, group] of files) {
    if (group.length < 2) continue;
    group.sort();
    for (const f of group) {
      const others = group.filter((g) => g !== f).join(", ");
      out.push({ file: f, message: `hostname ${JSON.stringify(hostname)} is also the hostname in ${others}` });
    }
  }
  return out;
}

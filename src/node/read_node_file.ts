/**
 * Read one node file from disk into a {@linkcode NodeRecord}, defensively: the
 * size is bounded before anything is read (a 1 GB file is rejected from its
 * `fstat`), FIFOs and directories are refused without blocking, and the raw text
 * is dropped as soon as the record is made.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import * as v from "valibot";
import { nodeRecord, type NodeRecord, NodeRecordError } from "./record.ts";
import { plainNodeFile } from "./plain_node_file.ts";
import { AnyNodeFileSchema, type NodeFile } from "./schema.ts";
import { JsonSyntaxError, parseJsonText } from "../util/json_text.ts";
import { ReadBuffer, readBoundedInto, SmallFileError } from "../util/read_small_file.ts";
import { namedError } from "../util/named_error.ts";
import { systemErrorText } from "../util/errors.ts";

export { ReadBuffer } from "../util/read_small_file.ts";

/**
 * What a reader keeps of a validated node file: `create nodes` keeps a
 * {@linkcode NodeRecord}; other commands keep what they need. `fallbackName` is
 * the file name without `.json`, for files that carry no hostname. Throws
 * {@linkcode NodeRecordError} on content that cannot be used.
 */
export type NodeFileReducer<T> = (file: NodeFile, fallbackName: string) => T;

/** The largest node file accepted (a real one is tens of KiB). */
export const MAX_NODE_FILE_BYTES = 16 * 1024 * 1024;

/** A node file that cannot be used; `message` says why (without the path, which `path` holds). */
export class NodeFileError extends namedError("NodeFileError") {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** A read failure in the words `create nodes` has always used for node files. */
function readError(path: string, e: SmallFileError): NodeFileError {
  const p = e.problem;
  switch (p.kind) {
    case "open":
      switch (p.code) {
        case "ENOENT": {
          let link = false;
          try {
            link = fs.lstatSync(path).isSymbolicLink();
          } catch { /* gone entirely */ }
          return new NodeFileError(path, link ? "dangling symbolic link (its target does not exist)" : systemErrorText(p));
        }
        case "ELOOP":
          return new NodeFileError(path, "symbolic link loop");
        case "EACCES":
        case "EPERM":
          return new NodeFileError(path, "permission denied");
        case "EISDIR":
          return new NodeFileError(path, "is a directory, not a node file");
        default:
          return new NodeFileError(path, `cannot open: ${p.message}`);
      }
    case "directory":
      return new NodeFileError(path, "is a directory, not a node file");
    case "not-regular":
      return new NodeFileError(path, "is not a regular file");
    case "too-large":
      return new NodeFileError(
        path,
        p.size === undefined
          ? `is more than ${p.maxBytes} bytes; a node file may be at most that`
          : `is ${p.size} bytes; a node file may be at most ${p.maxBytes} bytes`,
      );
    case "read":
      return new NodeFileError(path, `cannot read: ${p.message}`);
  }
}

/** Read a node file's bytes (at most `maxBytes`) into `buf`; returns the byte count. */
function readBounded(path: string, maxBytes: number, buf: ReadBuffer): number {
  try {
    return readBoundedInto(path, maxBytes, buf);
  } catch (e) {
    if (e instanceof SmallFileError) throw readError(path, e);
    throw e;
  }
}

/** Where in the document a valibot issue is, as `results.system.sections.cpu.cores`. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  return v.getDotPath(issue) ?? "(top level)";
}

/** `json` checked against the node-file schema by valibot; throws {@linkcode NodeFileError} naming the deepest problem. */
function validated(path: string, json: unknown): NodeFile {
  const parsed = v.safeParse(AnyNodeFileSchema, json);
  if (!parsed.success) {
    // A union reports its branches' issues; the deepest one is the most telling.
    const issues = parsed.issues.flatMap((i) => i.issues ?? [i]);
    const best = issues.reduce((a, b) => ((b.path?.length ?? 0) > (a.path?.length ?? 0) ? b : a));
    throw new NodeFileError(path, `not a node file: at ${issuePath(best)}: ${best.message}`);
  }
  return parsed.output;
}

/**
 * Parse node-file text into a record (or what `reduce` makes of the file).
 * `fallbackName` names a node whose file has no hostname. Throws
 * {@linkcode NodeFileError} naming what is wrong.
 */
export function parseNodeFile(path: string, text: string, fallbackName: string): NodeRecord;
export function parseNodeFile<T>(path: string, text: string, fallbackName: string, reduce: NodeFileReducer<T>): T;
export function parseNodeFile<T>(
  path: string,
  text: string,
  fallbackName: string,
  reduce: NodeFileReducer<T | NodeRecord> = nodeRecord,
): T | NodeRecord {
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new NodeFileError(path, `not JSON: ${e.message}`);
    throw e;
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new NodeFileError(path, "not a node file: expected a JSON object with a \"results\" (or \"extractors\") key");
  }
  if (!("results" in json) && !("extractors" in json)) {
    if ("graph" in json) {
      throw new NodeFileError(path, "is a JGF cluster graph (the output of 'compspec create nodes'), not a node file");
    }
    throw new NodeFileError(path, "not a node file: no \"results\" (or \"extractors\") key");
  }
  const file = plainNodeFile(json) ?? validated(path, json);
  try {
    return reduce(file, fallbackName);
  } catch (e) {
    if (e instanceof NodeRecordError) throw new NodeFileError(path, e.message);
    throw e;
  }
}

/**
 * Read, validate and reduce the node file at `path` (to a {@linkcode NodeRecord},
 * or with `reduce`). The node is named by the file's hostname, else by the file
 * name without `.json`. Throws {@linkcode NodeFileError}.
 */
export function readNodeFile(path: string, buf?: ReadBuffer, maxBytes?: number): NodeRecord;
export function readNodeFile<T>(path: string, buf: ReadBuffer, maxBytes: number, reduce: NodeFileReducer<T>): T;
export function readNodeFile<T>(
  path: string,
  buf = new ReadBuffer(),
  maxBytes = MAX_NODE_FILE_BYTES,
  reduce: NodeFileReducer<T | NodeRecord> = nodeRecord,
): T | NodeRecord {
  const n = readBounded(path, maxBytes, buf);
  let text: string;
  try {
    text = decoder.decode(buf.bytes.subarray(0, n));
  } catch {
    throw new NodeFileError(path, "not UTF-8 text");
  }
  const base = nodePath.basename(path);
  return parseNodeFile(path, text, base.endsWith(".json") ? base.slice(0, -5) : base, reduce);
}

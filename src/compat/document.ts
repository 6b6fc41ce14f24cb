/**
 * A compatibility document (artifact or request) as text → plain data, with
 * the place of every value kept for error messages. YAML and JSON alike (JSON
 * is YAML), through the `yaml` library with YAML 1.1 scalars, which is what
 * the Go tools (sigs.k8s.io/yaml → yaml.v2) read: an unquoted `yes` or `0300`
 * is not a string there either, and is refused with a hint to quote it.
 *
 * The text is untrusted: its size, its nesting and its aliases are bounded, so
 * a 100 MB file or an alias bomb is refused quickly and in little memory.
 *
 * Plain JSON is read by the engine's own parser, and the YAML library (costly
 * to load in a cold process) is loaded only for YAML text, or to find the
 * place of a problem in JSON: the readers of a document run under
 * `withLazyModules` (util/lazy_module.ts), as {@linkcode parseDocumentText} does.
 *
 * @module
 */
import type { Node as YamlNode } from "yaml";
import { flowDepth, MAX_DOCUMENT_BYTES, MAX_NESTING, shapeOf } from "../util/document_limits.ts";
import { LazyModule, withLazyModules } from "../util/lazy_module.ts";
import { errorMessage } from "../util/errors.ts";
import { namedError } from "../util/named_error.ts";

/** The YAML library, loaded for YAML text (and for places in JSON). */
const yamlLibrary = new LazyModule("yaml", () => import("yaml"));

export { MAX_DOCUMENT_BYTES, MAX_NESTING };

/** Most alias expansions accepted (yaml's default; an alias bomb needs billions). */
const MAX_ALIAS_COUNT = 100;

/** A path into a document: mapping keys and list indexes. */
export type DocPath = readonly (string | number)[];

/** A line and column in the text, both from 1. */
export interface Place {
  line: number;
  col: number;
}

/** A document that cannot be used: `source` (file name) and `place` say where, the message what. */
export class DocumentError extends namedError("DocumentError") {
  constructor(readonly source: string, readonly place: Place | undefined, readonly problem: string) {
    super(`${source}${place ? `:${place.line}:${place.col}` : ""}: ${problem}`);
  }
}

/** A parsed document: its data, and where each part of it was written. */
export interface ParsedDocument {
  /** The file name or reference the text came from (for messages). */
  readonly source: string;
  /** The data: mappings as plain objects, lists as arrays, scalars as JS values. */
  readonly value: unknown;
  /** Where the value at `path` was written (the nearest written ancestor when it was not). */
  placeOf(path: DocPath, at?: "key"): Place | undefined;
  /** The scalar text at `path` as written (`0300`, `yes`), when it is a scalar. */
  scalarSource(path: DocPath): string | undefined;
  /** A {@linkcode DocumentError} at `path`. */
  /** A {@linkcode DocumentError} at `path`; `at: "key"` places it at the last key as written rather than its value. */
  error(path: DocPath, problem: string, at?: "key"): DocumentError;
}

/** `path` as people read it: `compatibilities[0].rules[1].name`. */
export function formatPath(path: DocPath): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : /^[A-Za-z_][\w-]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  }
  return out === "" ? "(top level)" : out;
}

/** The YAML node at `path` (with `at: "key"`, the last key's own node); keys match exactly, else case-insensitively (as Go's JSON decoder does). */
function nodeAt(root: unknown, path: DocPath, at?: "key"): { node: YamlNode | undefined; depth: number } {
  const { isMap, isScalar, isSeq } = yamlLibrary.get();
  let node = root as YamlNode | undefined;
  let depth = 0;
  for (const [i, key] of path.entries()) {
    let next: unknown;
    if (isSeq(node) && typeof key === "number") {
      next = node.items[key];
    } else if (isMap(node) && typeof key === "string") {
      const keyText = (k: unknown) => (isScalar(k) ? String(k.value) : String(k));
      const pair = node.items.find((p) => keyText(p.key) === key) ??
        node.items.find((p) => keyText(p.key).toLowerCase() === key.toLowerCase());
      next = at === "key" && i === path.length - 1 ? pair?.key : pair?.value ?? pair?.key;
    }
    if (next === undefined || next === null || typeof next !== "object") break;
    node = next as YamlNode;
    depth++;
  }
  return { node, depth };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A document's bytes (from a file, a registry, a cache) as text: more than
 * {@linkcode MAX_DOCUMENT_BYTES} is refused before decoding, bytes that are not
 * UTF-8 are refused, a byte-order mark is dropped. Throws {@linkcode DocumentError}.
 */
export function documentText(bytes: Uint8Array, source: string): string {
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DocumentError(source, undefined, `is ${bytes.length} bytes; a compatibility document may be at most ${MAX_DOCUMENT_BYTES}`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new DocumentError(source, undefined, "is not UTF-8 text");
  }
  return text.startsWith("\ufeff") ? text.slice(1) : text;
}

/**
 * Parse `text` (YAML or JSON) read from `source`. Throws {@linkcode DocumentError}
 * naming the place: malformed text, duplicate keys, several documents, more
 * than {@linkcode MAX_DOCUMENT_BYTES}, nesting deeper than {@linkcode MAX_NESTING},
 * too many aliases.
 */
export function parseDocumentText(text: string, source: string): Promise<ParsedDocument> {
  return withLazyModules(() => parseDocumentNow(text, source));
}

/**
 * {@linkcode parseDocumentText} without loading: throws `ModuleNotLoaded` when
 * the text is YAML and the library is not loaded. So does the document's
 * `placeOf`, `scalarSource` and `error` for JSON text: run what reads it under
 * `withLazyModules`.
 */
export function parseDocumentNow(text: string, source: string): ParsedDocument {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new DocumentError(source, undefined, `is ${bytes} bytes; a compatibility document may be at most ${MAX_DOCUMENT_BYTES}`);
  }
  if (text.trim() === "") throw new DocumentError(source, undefined, "is empty");
  const fast = text.trimStart().startsWith("{") ? parseJsonFast(text, source) : undefined;
  if (fast !== undefined) {
    // Places are needed only to report a problem: parse for them then.
    let slow: ParsedDocument | undefined;
    const located = () => slow ??= parseYaml(text, source);
    return {
      source,
      value: fast,
      placeOf: (path, at) => located().placeOf(path, at),
      scalarSource: (path) => located().scalarSource(path),
      error: (path, problem, at) => located().error(path, problem, at),
    };
  }
  if (flowDepth(text) > MAX_NESTING) {
    throw new DocumentError(source, undefined, `is nested more than ${MAX_NESTING} levels deep`);
  }
  return parseYaml(text, source);
}

/**
 * JSON text (the usual form of attribute artifacts) with the engine's own
 * JSON parser: the YAML library costs milliseconds to load and run in a cold
 * process. `undefined` when the text is not plain JSON or repeats a key in an
 * object, which the YAML path then reports with its place. Throws
 * {@linkcode DocumentError} when it nests too deeply.
 */
function parseJsonFast(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // JSON.parse keeps the last of repeated keys silently: every key written is a key kept only
  // when the text has as many keys as the value. (Counted with the engine's regular expressions,
  // and one walk of the value: a character loop in the interpreter costs a cold process more.)
  const shape = shapeOf(value);
  if (shape.depth > MAX_NESTING) throw new DocumentError(source, undefined, `is nested more than ${MAX_NESTING} levels deep`);
  return keysWritten(text) === shape.keys ? value : undefined;
}

/** JSON string literals, each with whether a `:` follows (then it is a key). Valid JSON has no quote outside them. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/** The number of keys written in valid JSON `text`. */
function keysWritten(text: string): number {
  let keys = 0;
  for (const m of text.matchAll(JSON_STRING)) if (m[1] !== undefined) keys++;
  return keys;
}

/** The YAML path: every document, with places. */
function parseYaml(text: string, source: string): ParsedDocument {
  const { isScalar, LineCounter, parseDocument } = yamlLibrary.get();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, version: "1.1", prettyErrors: false, logLevel: "error" });
  const place = (offset: number | undefined): Place | undefined => {
    if (offset === undefined) return undefined;
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const first = doc.errors[0];
  if (first) {
    const why = first.code === "DUPLICATE_KEY" ? "duplicate key" : first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/: .*$/, ""); // never the text after a colon
    throw new DocumentError(source, place(first.pos[0]), `not valid YAML or JSON: ${why}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof RangeError) throw new DocumentError(source, undefined, "is nested too deeply");
    const msg = errorMessage(e);
    throw new DocumentError(
      source,
      undefined,
      /alias/i.test(msg) ? `uses aliases more than ${MAX_ALIAS_COUNT} times (refused: this is how alias bombs work)` : msg,
    );
  }
  if (shapeOf(value).depth > MAX_NESTING) throw new DocumentError(source, undefined, `is nested more than ${MAX_NESTING} levels deep`);
  const placeOf = (path: DocPath, at?: "key"): Place | undefined => {
    const { node } = nodeAt(doc.contents, path, at);
    return place(node?.range?.[0]);
  };
  return {
    source,
    value,
    placeOf,
    scalarSource(path) {
      const { node, depth } = nodeAt(doc.contents, path);
      return depth === path.length && isScalar(node) ? (node as { source?: string }).source : undefined;
    },
    error(path, problem, at) {
      return new DocumentError(source, placeOf(path, at), path.length === 0 ? problem : `${formatPath(path)}: ${problem}`);
    },
  };
}

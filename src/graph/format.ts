/**
 * Small helpers the JGF views share: placing one element's compact JSON into a
 * compact or indented document (indented exactly like `JSON.stringify(…, null, 2)`
 * of the whole), and writing a section of vertices or edges.
 *
 * @module
 */
import { BlockImages } from "./block_images.ts";
import { ByteOut } from "./byte_out.ts";
import { blockVertices, isBlock, type TreePart, type Vertex } from "./tree.ts";

/**
 * One element of an array (or, with `key`, a member of an object) whose compact
 * JSON text is `json`, `depth` levels deep: preceded by a comma unless `first`.
 * Elements are built as compact text (the fast path); `--pretty` re-indents them.
 */
export function element(json: string, first: boolean, depth: number, pretty: boolean, key?: string): string {
  const comma = first ? "" : ",";
  if (!pretty) return key === undefined ? `${comma}${json}` : `${comma}${JSON.stringify(key)}:${json}`;
  const pad = "  ".repeat(depth);
  const member = key === undefined ? "" : `${JSON.stringify(key)}: `;
  return `${comma}\n${pad}${member}${JSON.stringify(JSON.parse(json), null, 2).replaceAll("\n", `\n${pad}`)}`;
}

/** Line break and indentation for `depth` when pretty, else nothing. */
export function newline(depth: number, pretty: boolean): string {
  return pretty ? `\n${"  ".repeat(depth)}` : "";
}

/** `"key":` (or `"key": ` when pretty). */
export function keyText(key: string, pretty: boolean): string {
  return `${JSON.stringify(key)}:${pretty ? " " : ""}`;
}

/** Compact JSON text of what `write` writes (for --pretty, which re-indents it with {@linkcode element}). */
export function compactText(write: (w: ByteOut) => void): string {
  write(scratch);
  return decoder.decode(scratch.take());
}

const scratch = new ByteOut(undefined, 4096);
const decoder = new TextDecoder();

/**
 * Write one section (vertices, or edges) of a JGF view: for each vertex of the
 * walk, `compact` writes its compact text, or with `pretty`, `indented` gives its
 * indented text. Compact blocks are copies of their first rendering (see
 * block_images.ts).
 */
export function writeSection(
  out: ByteOut,
  parts: Iterable<TreePart>,
  pretty: boolean,
  compact: (w: ByteOut, v: Vertex) => void,
  indented: (v: Vertex) => string,
): void {
  if (pretty) {
    for (const part of parts) {
      if (isBlock(part)) for (const v of blockVertices(part)) out.text(indented(v));
      else out.text(indented(part));
    }
    return;
  }
  const images = new BlockImages((w, b) => {
    for (const v of blockVertices(b)) compact(w, v);
  });
  for (const part of parts) {
    if (isBlock(part)) images.write(out, part);
    else compact(out, part);
  }
}

/** `{"source":"<source>","target":"<target>"` — the start of every containment edge (the caller writes the rest). */
export function writeEdgeEnds(w: ByteOut, source: number, target: number): void {
  w.ascii('{"source":"');
  w.uniq(source);
  w.ascii('","target":"');
  w.uniq(target);
  w.ascii('"');
}

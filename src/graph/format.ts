/**
 * Small helpers the JGF views share: placing one element's compact JSON into a
 * compact or indented document (indented exactly like `JSON.stringify(…, null, 2)`
 * of the whole), and a growable list of parent ids for the edges written after
 * the vertices.
 *
 * @module
 */

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

/** Parent of each vertex by `uniq`, growing as vertices are walked. */
export class ParentList {
  #data = new Int32Array(1024);
  #length = 0;

  /** Record the parent of the next vertex. */
  push(parent: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new Int32Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#length++] = parent;
  }

  /** Number of vertices recorded. */
  get length(): number {
    return this.#length;
  }

  /** Parent of vertex `i` (-1 for the root). */
  at(i: number): number {
    return this.#data[i]!;
  }
}

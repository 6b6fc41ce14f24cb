/**
 * Small helpers the JGF views share: JSON text for one element at a given depth
 * (compact, or indented like `JSON.stringify(…, null, 2)` of the whole
 * document), and a growable list of parent ids for the edges written after the
 * vertices.
 *
 * @module
 */

/** JSON text of `value` as it appears `depth` levels deep in an indented (or compact) document. */
export function jsonAt(value: unknown, depth: number, pretty: boolean): string {
  if (!pretty) return JSON.stringify(value);
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${"  ".repeat(depth)}`);
}

/** Separator before an element of an array or object: a comma unless it is the first, plus indentation. */
export function sep(first: boolean, depth: number, pretty: boolean): string {
  const comma = first ? "" : ",";
  return pretty ? `${comma}\n${"  ".repeat(depth)}` : comma;
}

/** Closing bracket of a container whose elements were at `depth` (and had at least one element). */
export function close(bracket: string, depth: number, pretty: boolean): string {
  return pretty ? `\n${"  ".repeat(depth - 1)}${bracket}` : bracket;
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

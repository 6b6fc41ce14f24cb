/**
 * Field names as Go's JSON decoder matches them: a key equal to a struct
 * field's name is that field, else a key equal ignoring case. The Go tools that
 * read compatibility documents (NFD, compspec-go) accept `MatchExpressions` for
 * `matchExpressions`; so does compspec. Keys of free-form mappings (element
 * names, attributes, vars) keep their case.
 *
 * Go ignores a key that is no field; compspec refuses it, naming the nearest
 * field (`matchExpression` → `matchExpressions`): a misspelt requirement that
 * is silently dropped turns "cannot run" into "can run". Fields the format
 * defines but compspec has no use for are kept, with a note saying so.
 *
 * @module
 */
import { closestName } from "../util/closest_name.ts";
import type { DocPath, ParsedDocument } from "./document.ts";

/** How a document is laid out: for each struct, its fields and what each holds. */
export type Shape =
  | { struct: Readonly<Record<string, Shape>> }
  | { list: Shape }
  | { map: Shape }
  /** A field the format defines that has no effect in compspec: accepted, with this note. */
  | { unused: string }
  | "leaf";

/**
 * A copy of `value` with struct field names in their canonical spelling.
 * Throws the document's error when two keys name the same field (`op` and `Op`),
 * or a key names no field. Each field present that has no effect adds a note
 * (`file:line:col: path: …`) to `notes`. Values that are not the shape's type
 * are left for validation to report.
 */
export function canonicalFieldNames(doc: ParsedDocument, value: unknown, shape: Shape, notes: string[] = [], path: DocPath = []): unknown {
  if (typeof shape === "object" && "unused" in shape) {
    if (value !== undefined && value !== null) notes.push(doc.error(path, shape.unused, "key").message);
    return value;
  }
  if (shape === "leaf" || value === null || typeof value !== "object") return value;
  if ("list" in shape) {
    return Array.isArray(value) ? value.map((v, i) => canonicalFieldNames(doc, v, shape.list, notes, [...path, i])) : value;
  }
  if (Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  // defineProperty: a key "__proto__" must stay a key, not become the copy's prototype.
  const set = (out: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  if ("map" in shape) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      // Validation drops such a key from a mapping: refuse it rather than lose a requirement.
      if (k === "__proto__") throw doc.error([...path, k], `"__proto__" cannot be used as a name`);
      set(out, k, canonicalFieldNames(doc, v, shape.map, notes, [...path, k]));
    }
    return out;
  }
  const fields = Object.keys(shape.struct);
  const out: Record<string, unknown> = {};
  const from = new Map<string, string>();
  for (const [k, v] of entries) {
    const name = fields.includes(k) ? k : fields.find((f) => f.toLowerCase() === k.toLowerCase());
    if (name === undefined) throw doc.error([...path, k], unknownFieldText(k, fields), "key");
    const earlier = from.get(name);
    if (earlier !== undefined) throw doc.error([...path, k], `${JSON.stringify(earlier)} and ${JSON.stringify(k)} are the same field`);
    from.set(name, k);
    set(out, name, canonicalFieldNames(doc, v, shape.struct[name]!, notes, [...path, k]));
  }
  return out;
}

/** `unknown field "weigth"; did you mean weight?`, or the fields there are when none is near. */
function unknownFieldText(key: string, fields: readonly string[]): string {
  const guess = closestName(key, fields);
  return `unknown field ${JSON.stringify(key)}; ${guess !== undefined ? `did you mean ${guess}?` : `the fields here are ${fields.join(", ")}`}`;
}

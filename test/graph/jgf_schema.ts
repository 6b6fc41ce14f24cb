/**
 * A small JSON Schema (draft-07) checker for the keywords the JGF v2 schema uses:
 * type, properties, additionalProperties, required, items, oneOf, enum, $ref.
 * Enough to check our output against fixtures/jgf/json-graph-schema_v2.json
 * itself rather than a hand-copied idea of it.
 */
type Schema = Record<string, unknown>;

function typeOf(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  if (typeof x === "number") return Number.isInteger(x) ? "integer" : "number";
  return typeof x;
}

function typeMatches(x: unknown, t: string): boolean {
  const actual = typeOf(x);
  return actual === t || (t === "number" && actual === "integer");
}

/** Errors of `value` against `schema` (empty when valid). */
export function validate(value: unknown, schema: Schema, root: Schema = schema, at = "$"): string[] {
  if (typeof schema.$ref === "string") {
    const path = (schema.$ref as string).replace(/^#\//, "").split("/");
    let target: unknown = root;
    for (const p of path) target = (target as Schema)[p];
    return validate(value, target as Schema, root, at);
  }
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(value, t))) return [`${at}: expected ${types.join("|")}, got ${typeOf(value)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${at}: not one of ${JSON.stringify(schema.enum)}`);
  }
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as Schema[]).filter((s) => validate(value, s, root, at).length === 0).length;
    if (passing !== 1) errors.push(`${at}: matches ${passing} of oneOf's ${schema.oneOf.length} schemas, not exactly 1`);
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) errors.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (k in props) errors.push(...validate(v, props[k]!, root, `${at}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected key ${k}`);
      else if (typeof schema.additionalProperties === "object") {
        errors.push(...validate(v, schema.additionalProperties as Schema, root, `${at}.${k}`));
      }
    }
  }
  if (Array.isArray(value) && typeof schema.items === "object") {
    value.forEach((v, i) => errors.push(...validate(v, schema.items as Schema, root, `${at}[${i}]`)));
  }
  return errors;
}

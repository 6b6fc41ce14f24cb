/**
 * `compspec create artifact`, the pure part: compspec-go's compatibility
 * request (attribute → extractor path `extractor.section.field`) filled in
 * from extracted values, written exactly as compspec-go writes it (Go's
 * `MarshalIndent`, keys `version, kind, metadata{name, schemas},
 * compatibilities[{name, version, attributes}]`, maps sorted, `<>&` escaped).
 *
 * Fixed against compspec-go: a path that names nothing is reported (the
 * caller decides: error, or `""` and a warning); the processor keys of
 * compspec-go's own examples (`system.processor.0.model`) still work with
 * today's names (`0.normalized.model`).
 *
 * @module
 */
import type { NodeFile } from "../node/schema.ts";
import { type AttributeDocument, readAttributeDocument } from "./attribute_artifact.ts";
import type { ParsedDocument } from "./document.ts";
import { compareGoStrings, goMarshalIndent } from "./go_text.ts";

/** A request's attribute path, split as compspec-go's `plugin.ParseField` does. */
export interface FieldPath {
  extractor: string;
  section: string;
  /** Everything after the section, dots kept (`0.normalized.model`). */
  field: string;
}

/** `extractor.section.field` → its parts, or `undefined` with fewer than three parts. */
export function parseFieldPath(path: string): FieldPath | undefined {
  const parts = path.split(".");
  if (parts.length < 3 || parts.some((p, i) => i < 2 && p === "")) return undefined;
  return { extractor: parts[0]!, section: parts[1]!, field: parts.slice(2).join(".") };
}

/**
 * Read a request; throws the document's error when `metadata.schemas` is
 * empty or a namespace has no (or an empty) schema URL, as compspec-go does.
 */
export function readRequest(doc: ParsedDocument): AttributeDocument {
  const req = readAttributeDocument(doc);
  const schemas = req.metadata?.schemas ?? {};
  if (Object.keys(schemas).length === 0) throw doc.error(["metadata"], "the request must have one or more schemas (metadata.schemas)");
  req.compatibilities.forEach((c, i) => {
    if (!Object.hasOwn(schemas, c.name)) throw doc.error(["compatibilities", i, "name"], `${c.name} is missing a schema in metadata.schemas`);
    if (schemas[c.name] === "") throw doc.error(["metadata", "schemas", c.name], `${c.name} has an empty schema`);
  });
  return req;
}

/** The `extractor.section` pairs a request's paths name, by extractor, in first-seen order. */
export function requestedSections(req: AttributeDocument): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of req.compatibilities) {
    for (const path of Object.values(c.attributes ?? {})) {
      const f = parseFieldPath(path);
      if (!f) continue;
      const list = out.get(f.extractor) ?? [];
      if (!list.includes(f.section)) list.push(f.section);
      out.set(f.extractor, list);
    }
  }
  return out;
}

/** An attribute whose path names nothing. */
export interface UnresolvedAttribute {
  /** `org.supercontainers` … */
  namespace: string;
  /** The attribute key (`hardware.gpu.available`). */
  attribute: string;
  /** The path it maps from. */
  path: string;
  /** Why it names nothing. */
  why: string;
}

const LEGACY_PROCESSOR_KEY = /^(\d+)\.(model|vendor|family|features|botomips)$/;

/** The value `path` names in `results`, or why it names nothing. */
export function lookupField(results: NodeFile["results"], path: string): { value: string } | { why: string } {
  const f = parseFieldPath(path);
  if (!f) return { why: "is not extractor.section.field" };
  const extractor = results[f.extractor];
  if (!extractor) return { why: `there is no extractor ${JSON.stringify(f.extractor)} (set custom values with -a ${path}=VALUE)` };
  const section = extractor.sections[f.section];
  if (!section) return { why: `extractor ${f.extractor} has no section ${JSON.stringify(f.section)}` };
  let value = section[f.field];
  // compspec-go's examples predate its 0.normalized.* processor keys.
  const legacy = value === undefined ? LEGACY_PROCESSOR_KEY.exec(f.field) : null;
  if (legacy) value = section[`${legacy[1]}.normalized.${legacy[2]}`];
  if (value === undefined) return { why: `section ${f.extractor}.${f.section} has no field ${JSON.stringify(f.field)}` };
  return { value };
}

/** Add `-a extractor.section.field=value` to `results` (after extraction: it may overwrite). */
export function appendField(results: NodeFile["results"], path: FieldPath, value: string): void {
  const extractor = results[path.extractor] ??= { sections: {} };
  const section = extractor.sections[path.section] ??= {};
  section[path.field] = value;
}

function sortedMap(record: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(record).sort((a, b) => compareGoStrings(a[0], b[0])));
}

/**
 * The artifact: the request with each path replaced by its value, `""` for
 * those in `unresolved` (every path that names nothing is listed there).
 */
export function populateRequest(
  req: AttributeDocument,
  results: NodeFile["results"],
): { artifact: Map<string, unknown>; unresolved: UnresolvedAttribute[] } {
  const unresolved: UnresolvedAttribute[] = [];
  const out = new Map<string, unknown>();
  if (req.version) out.set("version", req.version);
  if (req.kind) out.set("kind", req.kind);
  const metadata = new Map<string, unknown>();
  if (req.metadata?.name) metadata.set("name", req.metadata.name);
  if (req.metadata?.schemas && Object.keys(req.metadata.schemas).length > 0) metadata.set("schemas", sortedMap(req.metadata.schemas));
  out.set("metadata", metadata);
  const compatibilities = req.compatibilities.map((c) => {
    const entry = new Map<string, unknown>();
    if (c.name) entry.set("name", c.name);
    if (c.version) entry.set("version", c.version);
    const values: Record<string, string> = {};
    for (const [attribute, path] of Object.entries(c.attributes ?? {})) {
      const r = lookupField(results, path);
      if ("value" in r) values[attribute] = r.value;
      else {
        values[attribute] = "";
        unresolved.push({ namespace: c.name, attribute, path, why: r.why });
      }
    }
    if (Object.keys(values).length > 0) entry.set("attributes", sortedMap(values));
    return entry;
  });
  if (compatibilities.length > 0) out.set("compatibilities", compatibilities);
  return { artifact: out, unresolved };
}

/** The artifact's bytes as compspec-go writes them to a file (no trailing newline). */
export function artifactText(artifact: Map<string, unknown>): string {
  return goMarshalIndent(artifact);
}

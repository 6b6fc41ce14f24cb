/**
 * compspec attribute artifacts (compspec-go's `create artifact` output, also
 * written by the Python compspec): facts about the image's build environment,
 * each a requirement that a node's attribute of the same name has the same
 * value.
 *
 * ```json
 * {"version": "0.0.0", "kind": "CompatibilitySpec",
 *  "metadata": {"name": "lammps-prototype", "schemas": {"io.archspec": "https://…"}},
 *  "compatibilities": [{"name": "io.archspec", "version": "0.0.0",
 *                       "attributes": {"cpu.target": "haswell"}}]}
 * ```
 *
 * The same layout, with extractor paths as the attribute values, is the
 * *request* `create artifact` reads.
 *
 * @module
 */
import * as v from "valibot";
import type { ParsedDocument } from "./document.ts";
import { canonicalFieldNames, type Shape } from "./field_names.ts";
import { goOptional, validateDocument } from "./validate.ts";

/** `kind` of a compspec attribute artifact or request. */
export const COMPSPEC_KIND = "CompatibilitySpec";

/** The artifact versions this compspec reads (compspec-go and Python compspec write `0.0.0`). */
export const COMPSPEC_VERSIONS: readonly string[] = ["0.0.0"];

/** One namespace of attributes. */
export const AttributeGroupSchema = v.looseObject({
  name: v.string(),
  version: goOptional(v.string()),
  attributes: goOptional(v.record(v.string(), v.string())),
});

/** An attribute artifact (or request). */
export const AttributeDocumentSchema = v.looseObject({
  version: goOptional(v.string()),
  kind: goOptional(v.string()),
  metadata: goOptional(v.looseObject({
    name: goOptional(v.string()),
    schemas: goOptional(v.record(v.string(), v.string())),
  })),
  compatibilities: v.array(AttributeGroupSchema),
});

/** An attribute artifact (or request) as read. */
export type AttributeDocument = v.InferOutput<typeof AttributeDocumentSchema>;

const SHAPE: Shape = {
  struct: {
    version: "leaf",
    kind: "leaf",
    metadata: { struct: { name: "leaf", schemas: { map: "leaf" } } },
    compatibilities: {
      list: {
        struct: {
          name: "leaf",
          version: "leaf",
          attributes: { map: "leaf" },
          // The spec schema's per-namespace URL (compspec-go moved it to metadata.schemas).
          schema: { unused: "schema: a schema URL is not used by check (metadata.schemas is, by match)" },
        },
      },
    },
  },
};

/**
 * Read the layout shared by attribute artifacts and `create artifact` requests;
 * throws the document's error (a key that is no field among them). Notes on
 * fields with no effect go to `notes`.
 */
export function readAttributeDocument(doc: ParsedDocument, notes: string[] = []): AttributeDocument {
  return validateDocument(doc, AttributeDocumentSchema, canonicalFieldNames(doc, doc.value, SHAPE, notes));
}

/** One requirement: the node's attribute `key` must be `value`. */
export interface AttributeRequirement {
  /** The namespace (`org.supercontainers`). */
  readonly namespace: string;
  /** Full attribute name (`org.supercontainers.mpi.implementation`). */
  readonly key: string;
  readonly value: string;
}

/** A compiled attribute artifact. */
export interface AttributeArtifact {
  readonly kind: "compspec";
  readonly source: string;
  /** `metadata.name`, if any. */
  readonly name?: string;
  /** `metadata.schemas`: namespace → schema URL, as written (compspec-go's `match` needs a graph for each namespace). */
  readonly schemas: Readonly<Record<string, string>>;
  /** `compatibilities[].name` in order, also of groups without attributes. */
  readonly namespaces: readonly string[];
  readonly requirements: readonly AttributeRequirement[];
  /** What the reader noticed that does not stop it (`file:line:col: path: …`), for warnings. */
  readonly notes: readonly string[];
}

/**
 * Read an attribute artifact. Throws the document's error: a version it does
 * not know, an attribute whose value is not a string.
 */
export function readAttributeArtifact(doc: ParsedDocument): AttributeArtifact {
  const notes: string[] = [];
  const raw = readAttributeDocument(doc, notes);
  if (raw.version !== undefined && !COMPSPEC_VERSIONS.includes(raw.version)) {
    throw doc.error(["version"], `compspec artifact version ${JSON.stringify(raw.version)} is not known; this compspec reads ${COMPSPEC_VERSIONS.join(", ")}`);
  }
  const requirements: AttributeRequirement[] = [];
  for (const group of raw.compatibilities) {
    const keys = Object.keys(group.attributes ?? {}).sort();
    for (const k of keys) requirements.push({ namespace: group.name, key: `${group.name}.${k}`, value: group.attributes![k]! });
  }
  return {
    kind: "compspec",
    source: doc.source,
    ...(raw.metadata?.name ? { name: raw.metadata.name } : {}),
    schemas: raw.metadata?.schemas ?? {},
    namespaces: raw.compatibilities.map((g) => g.name),
    requirements,
    notes,
  };
}

/**
 * Compatibility artifacts of either kind, told apart by their content:
 *
 * - **NFD rule artifacts**: `version: v1alpha1`, `compatibilities[].rules`;
 * - **compspec attribute artifacts**: `kind: CompatibilitySpec`,
 *   `compatibilities[].attributes`.
 *
 * Text in (YAML or JSON, from a file or a registry), a compiled artifact out;
 * every problem is a {@linkcode DocumentError} naming the source and the place.
 *
 * @module
 */
import { type AttributeArtifact, COMPSPEC_KIND, readAttributeArtifact } from "./attribute_artifact.ts";
import { withLazyModules } from "../util/lazy_module.ts";
import { DocumentError, documentText, type ParsedDocument, parseDocumentNow } from "./document.ts";
import { NFD_VERSION, type NfdArtifact, readNfdArtifact } from "./nfd_artifact.ts";

/** A compiled artifact of either kind. */
export type Artifact = NfdArtifact | AttributeArtifact;

/** `nfd` (rule artifact) or `compspec` (attribute artifact). */
export type ArtifactKind = Artifact["kind"];

function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

/**
 * The kind of artifact a parsed document is, from its content, or `undefined`
 * when it is neither. The version is not checked here.
 */
export function detectArtifactKind(value: unknown): ArtifactKind | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (field(obj, "version") === NFD_VERSION) return "nfd";
  if (field(obj, "kind") === COMPSPEC_KIND) return "compspec";
  const sets = field(obj, "compatibilities");
  if (!Array.isArray(sets)) return undefined;
  const has = (name: string) => sets.some((s) => s !== null && typeof s === "object" && field(s as Record<string, unknown>, name) !== undefined);
  if (has("rules")) return "nfd";
  if (has("attributes")) return "compspec";
  return undefined;
}

/**
 * Compile a parsed document as the artifact kind its content says. Throws
 * {@linkcode DocumentError}; run it under `withLazyModules` (it may need the
 * YAML library for a place, or the RE2 engine for a pattern).
 */
export function readArtifact(doc: ParsedDocument): Artifact {
  switch (detectArtifactKind(doc.value)) {
    case "nfd":
      return readNfdArtifact(doc);
    case "compspec":
      return readAttributeArtifact(doc);
    default:
      throw new DocumentError(
        doc.source,
        doc.placeOf([]),
        `not a compatibility artifact: expected NFD's (version: ${NFD_VERSION}, compatibilities[].rules) ` +
          `or compspec's (kind: ${COMPSPEC_KIND}, compatibilities[].attributes)`,
      );
  }
}

/**
 * Parse and compile artifact `text` read from `source` (a file name, an
 * image reference). Throws {@linkcode DocumentError} naming `source` and the
 * place of the problem.
 */
export function parseArtifact(text: string, source: string): Promise<Artifact> {
  return withLazyModules(() => readArtifact(parseDocumentNow(text, source)));
}

/**
 * Parse and compile an artifact's bytes (a file's, a registry layer's, a
 * cached copy's): bounded, UTF-8, then {@linkcode parseArtifact}. Throws
 * {@linkcode DocumentError} naming `source`.
 */
export async function parseArtifactBytes(bytes: Uint8Array, source: string): Promise<Artifact> {
  return await parseArtifact(documentText(bytes, source), source);
}

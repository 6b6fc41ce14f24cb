/**
 * Which kind of compatibility artifact a file or a fetched layer is: an NFD
 * `v1alpha1` rule artifact or a compspec attribute artifact. Deliberately
 * minimal (media type first, then the top-level shape), and isolated here so
 * it can be replaced by src/compat's detection (issue 9) when that lands.
 *
 * @module
 */
import { parseYamlOrJson } from "../util/structured_text.ts";
import { RegistryError } from "./errors.ts";
import { COMPSPEC_LAYERS, MAX_ARTIFACT_BYTES, NFD_ARTIFACT_TYPE, NFD_SPEC_LAYER } from "./media_types.ts";

/** The two artifact kinds. */
export type ArtifactKind = "nfd" | "compspec";

/** The kind a layer media type or artifact type names, if it names one. */
export function kindOfMediaType(mediaType: string | undefined): ArtifactKind | undefined {
  if (mediaType === NFD_SPEC_LAYER || mediaType === NFD_ARTIFACT_TYPE) return "nfd";
  if (mediaType !== undefined && COMPSPEC_LAYERS.includes(mediaType)) return "compspec";
  return undefined;
}

/**
 * Decode an artifact's text (YAML or JSON; YAML is a superset) with bounded
 * aliases and unique keys. `what` names it in errors.
 */
export async function decodeArtifactText(bytes: Uint8Array, what: string): Promise<unknown> {
  if (bytes.length > MAX_ARTIFACT_BYTES) {
    throw new RegistryError("too-large", `${what}: ${bytes.length} bytes is over the ${MAX_ARTIFACT_BYTES}-byte artifact limit`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RegistryError("malformed", `${what}: not UTF-8 text`);
  }
  try {
    return await parseYamlOrJson(text);
  } catch (e) {
    throw new RegistryError("malformed", `${what}: not valid YAML or JSON (${(e as Error).message})`);
  }
}

/** The kind of a decoded artifact, from its shape; `undefined` when it is neither. */
export function kindOfDocument(doc: unknown): ArtifactKind | undefined {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return undefined;
  const o = doc as Record<string, unknown>;
  const sets = Array.isArray(o.compatibilities) ? (o.compatibilities as unknown[]) : [];
  const has = (key: string) => sets.some((s) => s !== null && typeof s === "object" && key in (s as object));
  if (o.kind === "CompatibilitySpec" || has("attributes")) return "compspec";
  if ((typeof o.version === "string" && o.version.startsWith("v1alpha")) || has("rules")) return "nfd";
  return undefined;
}

/** The kind of an artifact file's bytes; a `usage` error naming `file` when it is neither. */
export async function detectArtifactKind(bytes: Uint8Array, file: string): Promise<ArtifactKind> {
  const kind = kindOfDocument(await decodeArtifactText(bytes, file));
  if (kind === undefined) {
    throw new RegistryError(
      "usage",
      `${file}: not a compatibility artifact (neither an NFD v1alpha1 spec with compatibilities[].rules ` +
        `nor a compspec CompatibilitySpec with compatibilities[].attributes)`,
    );
  }
  return kind;
}

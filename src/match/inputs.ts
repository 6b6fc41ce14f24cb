/**
 * `match`'s inputs, validated: the manifest (images paired with artifact
 * references) and compspec attribute artifacts (compspec-go's
 * `CompatibilitySpec`: every attribute value a string). Pure: text in, data
 * or an error naming the file out.
 *
 * The attribute-artifact schema is the minimum `match` needs; issue 9's
 * src/compat owns artifact parsing and may replace it.
 *
 * @module
 */
import * as v from "valibot";
import { parseYamlOrJson } from "../util/structured_text.ts";
import { issueText } from "../util/valibot_issue.ts";

/** One manifest entry: an image and (optionally) where its artifact is. */
export const ManifestImageSchema = v.looseObject({
  name: v.pipe(v.string(), v.minLength(1, "image name is empty")),
  artifact: v.optional(v.pipe(v.string(), v.minLength(1, "artifact reference is empty"))),
});

/** compspec-go's match manifest: `images: [{name, artifact}]`. */
export const MatchManifestSchema = v.looseObject({
  images: v.array(ManifestImageSchema),
});

/** compspec-go's attribute artifact. */
export const AttributeArtifactSchema = v.looseObject({
  version: v.optional(v.string()),
  kind: v.optional(v.string()),
  metadata: v.optional(v.looseObject({
    name: v.optional(v.string()),
    schemas: v.optional(v.record(v.string(), v.string())),
  })),
  compatibilities: v.optional(v.array(v.looseObject({
    name: v.string(),
    version: v.optional(v.string()),
    attributes: v.optional(v.record(v.string(), v.string())),
  }))),
});

/** A manifest entry. */
export type ManifestImage = v.InferOutput<typeof ManifestImageSchema>;
/** A match manifest. */
export type MatchManifest = v.InferOutput<typeof MatchManifestSchema>;
/** An attribute artifact. */
export type AttributeArtifact = v.InferOutput<typeof AttributeArtifactSchema>;

/** A bad input: `where` (file or image) and what is wrong. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** YAML (or JSON) text → data, with bounded aliases and no duplicate keys. */
async function decode(text: string, where: string): Promise<unknown> {
  try {
    return await parseYamlOrJson(text);
  } catch (e) {
    throw new InputError(`${where}: not valid YAML or JSON (${(e as Error).message})`);
  }
}

/** Parse a match manifest's text; `file` names it in errors. */
export async function parseMatchManifest(text: string, file: string): Promise<MatchManifest> {
  const r = v.safeParse(MatchManifestSchema, await decode(text, file));
  if (!r.success) throw new InputError(`${file}: not a match manifest (${issueText(r.issues)}); expected images: [{name, artifact}]`);
  return r.output;
}

/** Parse an attribute artifact's text; `where` names it (the artifact reference or cache file). */
export async function parseAttributeArtifact(text: string, where: string): Promise<AttributeArtifact> {
  const r = v.safeParse(AttributeArtifactSchema, await decode(text, where));
  if (!r.success) throw new InputError(`${where}: not a compspec attribute artifact (${issueText(r.issues)})`);
  return r.output;
}

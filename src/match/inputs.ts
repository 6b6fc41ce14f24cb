/**
 * `match`'s own input, validated: compspec-go's manifest (images paired with
 * artifact references). Pure: text in, data or an error naming the file out.
 * The attribute artifacts it names are read by src/compat, the one parser of
 * both artifact formats.
 *
 * @module
 */
import * as v from "valibot";
import { parseYamlOrJson, TextLimitError } from "../util/structured_text.ts";
import { issueText } from "../util/valibot_issue.ts";
import { errorMessage } from "../util/errors.ts";
import { namedError } from "../util/named_error.ts";

/** One manifest entry: an image and (optionally) where its artifact is. */
export const ManifestImageSchema = v.looseObject({
  name: v.pipe(v.string(), v.minLength(1, "image name is empty")),
  artifact: v.optional(v.pipe(v.string(), v.minLength(1, "artifact reference is empty"))),
});

/** compspec-go's match manifest: `images: [{name, artifact}]`. */
export const MatchManifestSchema = v.looseObject({
  images: v.array(ManifestImageSchema),
});

/** A manifest entry. */
export type ManifestImage = v.InferOutput<typeof ManifestImageSchema>;
/** A match manifest. */
export type MatchManifest = v.InferOutput<typeof MatchManifestSchema>;

/** A bad manifest: the file and what is wrong. */
export class InputError extends namedError("InputError") {}

/** Parse a match manifest's text; `file` names it in errors. */
export async function parseMatchManifest(text: string, file: string): Promise<MatchManifest> {
  let data: unknown;
  try {
    data = await parseYamlOrJson(text);
  } catch (e) {
    if (e instanceof TextLimitError) throw new InputError(`${file}: ${e.message}`);
    throw new InputError(`${file}: not valid YAML or JSON (${errorMessage(e)})`);
  }
  const r = v.safeParse(MatchManifestSchema, data);
  if (!r.success) throw new InputError(`${file}: not a match manifest (${issueText(r.issues)}); expected images: [{name, artifact}]`);
  return r.output;
}

/**
 * YAML-or-JSON text → data, for inputs that are not compatibility artifacts
 * (`match`'s manifest; artifacts go through src/compat/document.ts, which keeps
 * every value's place). JSON takes `JSON.parse`: the YAML library costs tens of
 * milliseconds to load and is far slower on JSON, so it is loaded only for text
 * that is not JSON. YAML is read with bounded aliases and unique keys.
 *
 * @module
 */
import { errorMessage } from "./errors.ts";

/** Parse `text` as JSON when it is JSON, else as YAML; throws an `Error` whose message is one line. */
export async function parseYamlOrJson(text: string): Promise<unknown> {
  const first = /\S/.exec(text)?.[0];
  if (first === "{" || first === "[") {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON after all (YAML flow style): the YAML parser decides, and words the error.
    }
  }
  const { parse } = await import("yaml");
  try {
    return parse(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    throw new Error(errorMessage(e).split("\n")[0]);
  }
}

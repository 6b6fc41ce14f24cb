/**
 * YAML-or-JSON text → data, for inputs that are not compatibility artifacts
 * (`match`'s manifest; artifacts go through src/compat/document.ts, which keeps
 * every value's place). JSON takes `JSON.parse`: the YAML library costs tens of
 * milliseconds to load and is far slower on JSON, so it is loaded only for text
 * that is not JSON. YAML is read with bounded aliases and unique keys.
 *
 * The text is untrusted: it gets the bounds artifacts get (document_limits.ts),
 * nesting checked before any parser runs, and YAML (which costs the library
 * about half a second and 60 MB a megabyte) refused above the artifact size.
 *
 * @module
 */
import { flowDepth, MAX_DOCUMENT_BYTES, MAX_NESTING, shapeOf } from "./document_limits.ts";

/**
 * A YAML error as `line L, column C: what`, without the text: the library's
 * message may end by quoting it (`…before the alias): NAME`), and a file named
 * like an input may be a link to a secret.
 */
function yamlProblem(e: Error & { linePos?: { line: number; col: number }[] }): string {
  const what = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/: .*$/, "");
  const at = e.linePos?.[0];
  return at ? `line ${at.line}, column ${at.col}: ${what}` : what;
}

/** Text refused for its size or nesting, before or after parsing. */
export class TextLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TextLimitError";
  }
}

const tooDeep = () => new TextLimitError(`is nested more than ${MAX_NESTING} levels deep`);

/**
 * Parse `text` as JSON when it is JSON, else as YAML; throws a
 * {@linkcode TextLimitError} for text nested more than {@linkcode MAX_NESTING}
 * levels or YAML over {@linkcode MAX_DOCUMENT_BYTES} bytes, and an `Error`
 * whose message is one line for text that is neither.
 */
export async function parseYamlOrJson(text: string): Promise<unknown> {
  if (flowDepth(text) > MAX_NESTING) throw tooDeep();
  const first = /\S/.exec(text)?.[0];
  if (first === "{" || first === "[") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON after all (YAML flow style): the YAML parser decides, and words the error.
    }
    if (value !== undefined) {
      if (shapeOf(value).depth > MAX_NESTING) throw tooDeep();
      return value;
    }
  }
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new TextLimitError(`is ${bytes} bytes of YAML; YAML text may be at most ${MAX_DOCUMENT_BYTES} bytes (JSON may be larger)`);
  }
  const { parse } = await import("yaml");
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: true, logLevel: "error" }); // pretty: with linePos
  } catch (e) {
    throw new Error(yamlProblem(e as Error & { linePos?: { line: number; col: number }[] }));
  }
  // Block-style nesting has no brackets for the scan to count.
  if (shapeOf(value).depth > MAX_NESTING) throw tooDeep();
  return value;
}

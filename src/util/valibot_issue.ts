/**
 * A valibot failure as one short line for an error message: the first issue,
 * with its path (`config.mediaType: Invalid type …`).
 *
 * @module
 */
import type * as v from "valibot";

/**
 * The first issue of a failed parse, prefixed by its dotted path when it has one.
 * A text at the top level is the whole input (a file that is one YAML scalar,
 * perhaps a link to a secret): it is described, never quoted.
 */
export function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0]!;
  const path = first.path?.map((p) => String(p.key)).join(".");
  if (path) return `${path}: ${first.message}`;
  if (typeof first.input === "string") return first.message.replace(first.received, `a text of ${first.input.length} characters`);
  return first.message;
}

/**
 * A valibot failure as one short line for an error message: the first issue,
 * with its path (`config.mediaType: Invalid type …`).
 *
 * @module
 */
import type * as v from "valibot";

/** The first issue of a failed parse, prefixed by its dotted path when it has one. */
export function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0]!;
  const path = first.path?.map((p) => String(p.key)).join(".");
  return path ? `${path}: ${first.message}` : first.message;
}

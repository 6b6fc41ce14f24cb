/**
 * NFD's `nfd compat validate-node --output-json` format, byte for byte: a
 * compact JSON array (no trailing newline) of compatibility sets
 * `{"rules", "description"?, "weight"? (0 left out), "tag"?}`, each rule
 * `{"name", "isMatch", "matchedExpressions"?, "matchedAny"?}`, each
 * expression `{"feature", "name", "expression": {"op", "value"?, "type"?},
 * "matcherType", "isMatch"}`, with Go's JSON escaping.
 *
 * @module
 */
import { goJson } from "./go_text.ts";
import type { SetStatus } from "./nfd_eval.ts";

/** The `--output-json` text for NFD's results of one node. */
export function nfdOutputJson(status: readonly SetStatus[]): string {
  return goJson(status.map(({ set, rules }) => ({
    // A set without rules has a nil slice in Go, which encodes as null.
    rules: rules.length > 0 ? rules : null,
    ...(set.description ? { description: set.description } : {}),
    ...(set.weight !== 0 ? { weight: set.weight } : {}),
    ...(set.tag ? { tag: set.tag } : {}),
  })));
}

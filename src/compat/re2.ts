/**
 * Regular expressions from artifacts, with Go's RE2 meaning and linear-time
 * matching (re2js, a port of RE2/J, itself a port of Go's `regexp`). An
 * artifact is untrusted: a pattern built to make backtracking engines explode
 * costs microseconds here, and what RE2 cannot do in linear time
 * (back-references, look-around) is refused when the artifact is read.
 *
 * Patterns that are only literal text and alternatives need no engine
 * (literal_pattern.ts); re2js is loaded for the first pattern that does, so
 * {@linkcode compileRe2} runs under `withLazyModules` (util/lazy_module.ts).
 *
 * @module
 */
import { LazyModule } from "../util/lazy_module.ts";
import { literalPattern } from "./literal_pattern.ts";
import { errorMessage } from "../util/errors.ts";
import { namedError } from "../util/named_error.ts";

/** The RE2 engine, loaded when a pattern needs it. */
const engine = new LazyModule("re2js", () => import("re2js"));

/**
 * The longest pattern accepted, in characters: real rules' patterns are tens
 * of characters, and compiling one of a megabyte costs seconds and half a
 * gigabyte.
 */
export const MAX_PATTERN_LENGTH = 4096;

/** A compiled pattern: `test(text)` is Go's `MatchString` (unanchored). */
export interface Re2Pattern {
  readonly source: string;
  test(text: string): boolean;
}

/** A pattern RE2 rejects; the message says why, in RE2's words plus a hint for the usual cases. */
export class Re2Error extends namedError("Re2Error") {}

/** Why `pattern` is not RE2 in words people recognise, for the constructs other engines have. */
function hint(pattern: string): string {
  if (/\\[1-9]/.test(pattern)) return " (back-references such as \\1 are not RE2: they cannot run in linear time)";
  if (/\(\?<?[=!]/.test(pattern)) return " (look-ahead and look-behind are not RE2: they cannot run in linear time)";
  if (/\(\?>/.test(pattern)) return " (atomic groups are not RE2)";
  if (/[*+?}][+]/.test(pattern)) return " (possessive quantifiers are not RE2)";
  return "";
}

/**
 * Compile `pattern` with RE2 syntax (Go's `regexp.Compile`). Throws
 * {@linkcode Re2Error} (also for a pattern over {@linkcode MAX_PATTERN_LENGTH}), and `ModuleNotLoaded` when the pattern needs the RE2
 * engine and it is not loaded yet.
 */
export function compileRe2(pattern: string): Re2Pattern {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new Re2Error(`a pattern of ${pattern.length} characters is longer than the ${MAX_PATTERN_LENGTH} accepted`);
  }
  const literal = literalPattern(pattern);
  if (literal !== undefined) return { source: pattern, test: literal };
  const { RE2JS } = engine.get();
  let re: InstanceType<typeof RE2JS>;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    const why = errorMessage(e).replace(/^error parsing regexp: /, "");
    throw new Re2Error(`${JSON.stringify(pattern)} is not an RE2 regular expression: ${why}${hint(pattern)}`);
  }
  return { source: pattern, test: (text) => re.test(text) };
}

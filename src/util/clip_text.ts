/**
 * Values from untrusted inputs (an artifact's pattern, a rule name, a value a
 * node reports) shown in a text report: a long one is cut, with its length,
 * so a megabyte-long value costs the report a line, not a megabyte.
 *
 * @module
 */

/** The most characters of one value a text report shows. */
export const MAX_SHOWN_CHARACTERS = 256;

/** `text`, or its first `max` characters and `…(N characters)` when it is longer. */
export function clipText(text: string, max = MAX_SHOWN_CHARACTERS): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} characters)`;
}

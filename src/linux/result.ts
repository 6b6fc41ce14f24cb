/**
 * The result type of the Linux text parsers: they never throw on
 * bad input, they say what was wrong.
 *
 * @module
 */

/** Parsed data, or why the text could not be parsed. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** A successful {@linkcode ParseResult}. */
export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

/** A failed {@linkcode ParseResult} with its reason. */
export function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}

/**
 * How every system parser trims a value read from /proc or /sys.
 *
 * @module
 */

/**
 * `text` without surrounding whitespace and NUL characters: some kernels and
 * dump tools leave a trailing `\0` in sysfs files (`0-31\n\0`), which is not
 * part of the value.
 */
export function trimValue(text: string): string {
  // deno-lint-ignore no-control-regex -- NUL is the point
  return text.replace(/^[\s\0]+|[\s\0]+$/g, "");
}

/**
 * Text exactly as Go writes it, for output that must equal a Go tool's byte
 * for byte (compspec-go's artifacts, NFD's `--output-json`): `encoding/json`
 * string escaping, `%q` quoting, and Go's byte-wise string order.
 *
 * @module
 */

/**
 * `JSON.stringify` output made Go's: `encoding/json` also escapes `<`, `>`,
 * `&`, U+2028 and U+2029 (HTML safety), and writes a lone surrogate, which is
 * not UTF-8, as U+FFFD.
 */
export function goJson(value: unknown, indent?: number): string {
  const wellFormed = (_: string, x: unknown) => (typeof x === "string" ? x.replace(LONE_SURROGATE, "\ufffd") : x);
  // `<`, `>`, `&` and the two separators occur only inside strings in JSON text.
  return JSON.stringify(value, wellFormed, indent)
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Go's `json.MarshalIndent(value, "", "  ")`. A `Map` keeps its insertion
 * order (plain objects would put integer-like keys first), so a caller that
 * needs Go's sorted map keys sorts the `Map` itself.
 */
export function goMarshalIndent(value: unknown, level = 0): string {
  const pad = (n: number) => "  ".repeat(n);
  if (value instanceof Map || (value !== null && typeof value === "object" && !Array.isArray(value))) {
    const entries: [string, unknown][] = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${pad(level + 1)}${goJson(k)}: ${goMarshalIndent(v, level + 1)}`).join(",\n")}\n${pad(level)}}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${pad(level + 1)}${goMarshalIndent(v, level + 1)}`).join(",\n")}\n${pad(level)}]`;
  }
  return goJson(value);
}

/** Go's `strconv.Quote` (what `%q` prints for a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x07) out += "\\a";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0b) out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += "\ufffd"; // a lone surrogate is not UTF-8: Go prints U+FFFD
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch) || ch === " ") out += ch;
    else out += c > 0xffff ? `\\U${c.toString(16).padStart(8, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}

/** Go's `<` on strings: byte-wise UTF-8 order, which is code point order. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

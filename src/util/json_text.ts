/**
 * JSON text → data for every JSON input compspec reads (node files, graphs,
 * snapshots, OCI layout files, docker configs), with an error that says where
 * the text stops being JSON (line and column) and what was expected there,
 * but never quotes the text: the engines' own messages do (`Unexpected
 * identifier "ghp_…"`), and a file named like an input may be a link to a
 * secret.
 *
 * @module
 */

/** Text that is not JSON: `line`/`col` (from 1) say where, `problem` what, without quoting it. */
export class JsonSyntaxError extends Error {
  constructor(readonly line: number | undefined, readonly col: number | undefined, readonly problem: string) {
    super(line === undefined ? problem : `line ${line}, column ${col}: ${problem}`);
    this.name = "JsonSyntaxError";
  }
}

/** `JSON.parse(text)`, or a {@linkcode JsonSyntaxError} that quotes nothing of the text. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const found = firstJsonError(text);
    if (found === undefined) throw new JsonSyntaxError(undefined, undefined, `cannot be parsed (${(e as Error).name})`);
    const { line, col } = lineCol(text, found.offset);
    throw new JsonSyntaxError(line, col, found.problem);
  }
}

/** Line and column (from 1) of the UTF-16 `offset` in `text`. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * Where and why `text` first stops being JSON (RFC 8259), found by one
 * iterative scan (no recursion: nesting depth costs no stack); `undefined`
 * when it is JSON.
 */
export function firstJsonError(text: string): { offset: number; problem: string } | undefined {
  const n = text.length;
  let i = 0;
  const open: number[] = []; // 0x5b [ or 0x7b {
  const bad = (problem: string) => ({ offset: i, problem: i >= n ? "unexpected end of text" : problem });
  const ws = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    }
  };
  /** A string at `i` (its opening quote); a problem, or undefined when it is one. */
  const string = (): { offset: number; problem: string } | undefined => {
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return bad("control character in a string");
      if (c === 0x5c) {
        i++;
        if (i < n && text[i] === "u") {
          HEX4.lastIndex = i + 1;
          if (!HEX4.test(text)) return bad("bad \\u escape in a string");
          i += 4;
        } else if (i >= n || !ESCAPES.has(text[i]!)) return bad("bad escape in a string");
      }
    }
    return { offset: n, problem: "unterminated string" };
  };
  /** A `"key":` at `i`. */
  const key = () => {
    ws();
    if (text.charCodeAt(i) !== 0x22) return bad("expected a string key");
    const e = string();
    if (e) return e;
    ws();
    if (text.charCodeAt(i) !== 0x3a) return bad("expected ':' after a key");
    i++;
    return undefined;
  };
  for (;;) {
    // A value.
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      i++;
      ws();
      if (text.charCodeAt(i) === c + 2) i++; // {} or []
      else {
        open.push(c);
        if (c === 0x7b) {
          const e = key();
          if (e) return e;
        }
        continue;
      }
    } else if (c === 0x22) {
      const e = string();
      if (e) return e;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return bad("bad number");
      i = NUMBER.lastIndex;
    } else if (text.startsWith("true", i)) i += 4;
    else if (text.startsWith("false", i)) i += 5;
    else if (text.startsWith("null", i)) i += 4;
    else return bad("expected a value");
    // What may follow a value.
    for (;;) {
      ws();
      if (open.length === 0) return i < n ? bad("unexpected text after the value") : undefined;
      const top = open[open.length - 1]!;
      const d = text.charCodeAt(i);
      if (d === 0x2c) {
        i++;
        if (top === 0x7b) {
          const e = key();
          if (e) return e;
        }
        break;
      }
      if (d !== top + 2) return bad(top === 0x7b ? "expected ',' or '}'" : "expected ',' or ']'");
      i++;
      open.pop();
    }
  }
}

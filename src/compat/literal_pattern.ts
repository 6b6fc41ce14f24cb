/**
 * Regular expressions that name a small, finite set of strings, answered
 * without a regular-expression engine. Most patterns in compatibility rules
 * are of this kind (`^AVX512(VNNI|BF16|FP16)$`, `^(nvme|sd|vd)`, `^mlx5_`):
 * literal text, groups of alternatives, `^` and `$` at the ends. For them,
 * Go's `MatchString` is a string comparison per alternative, and loading and
 * compiling RE2 would cost a cold `check` more than the whole evaluation.
 *
 * The subset is recognised strictly; anything else (`.`, classes, repetition,
 * flags, escapes of letters, non-ASCII, anchors inside groups, more than
 * {@linkcode MAX_ALTERNATIVES} strings) returns `undefined`, and the caller
 * compiles the pattern with RE2. Its meaning is RE2's (Go's Perl syntax, the
 * one-line default): `^` is the start of the text, `$` its end.
 *
 * @module
 */

/** The most strings a pattern may expand to before RE2 is used instead. */
export const MAX_ALTERNATIVES = 64;

/** ASCII punctuation RE2 treats as syntax; written with a backslash, it is literal. */
const SYNTAX = new Set("\\.+*?()|[]{}^$");

/** One top-level alternative: its strings and whether `^` / `$` anchor them. */
interface Branch {
  start: boolean;
  end: boolean;
  strings: string[];
}

/** Thrown inside the parser: the pattern is outside the subset. */
const OUTSIDE = Symbol("outside");

/**
 * The alternatives of a group body (`a|b(c|d)`), from `text[at]` up to the
 * closing `)` (or the end at top level), with where it stopped.
 */
function alternatives(text: string, at: number, topLevel: boolean): { branches: Branch[]; next: number } {
  const branches: Branch[] = [];
  let i = at;
  for (;;) {
    let strings = [""];
    let start = false;
    let end = false;
    let first = true;
    while (i < text.length) {
      const c = text[i]!;
      if (c === "|" || c === ")") break;
      if (end) throw OUTSIDE; // something after `$`
      if (c === "^") {
        if (!topLevel || !first) throw OUTSIDE;
        start = true;
        i++;
      } else if (c === "$") {
        if (!topLevel) throw OUTSIDE;
        end = true;
        i++;
      } else if (c === "(") {
        i++;
        if (text[i] === "?") {
          if (text.slice(i, i + 2) !== "?:") throw OUTSIDE; // flags, named groups, look-around
          i += 2;
        }
        const inner = alternatives(text, i, false);
        if (text[inner.next] !== ")") throw OUTSIDE; // unbalanced: RE2 says what is wrong
        i = inner.next + 1;
        const product: string[] = [];
        for (const s of strings) for (const b of inner.branches) for (const t of b.strings) product.push(s + t);
        if (product.length > MAX_ALTERNATIVES) throw OUTSIDE;
        strings = product;
      } else {
        let literal = c;
        if (c === "\\") {
          literal = text[i + 1] ?? "";
          if (!SYNTAX.has(literal)) throw OUTSIDE; // \d, \b, \Q … and a trailing backslash
          i++;
        } else {
          const code = c.charCodeAt(0);
          if (code < 0x20 || code > 0x7e || SYNTAX.has(c)) throw OUTSIDE;
        }
        i++;
        strings = strings.map((s) => s + literal);
      }
      first = false;
    }
    branches.push({ start, end, strings });
    if (branches.reduce((n, b) => n + b.strings.length, 0) > MAX_ALTERNATIVES) throw OUTSIDE;
    if (text[i] !== "|") break;
    i++;
  }
  if (topLevel && i < text.length) throw OUTSIDE; // a stray `)`
  return { branches, next: i };
}

/**
 * A matcher for `pattern` with Go's `regexp.MatchString` meaning (unanchored
 * search), when `pattern` is literal text with groups of alternatives and `^`
 * / `$` at the ends; `undefined` when it is anything else.
 */
export function literalPattern(pattern: string): ((text: string) => boolean) | undefined {
  let branches: Branch[];
  try {
    branches = alternatives(pattern, 0, true).branches;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
  const tests = branches.map(({ start, end, strings }) => {
    const unique = [...new Set(strings)];
    if (start && end) {
      const set = new Set(unique);
      return (text: string) => set.has(text);
    }
    if (start) return (text: string) => unique.some((s) => text.startsWith(s));
    if (end) return (text: string) => unique.some((s) => text.endsWith(s));
    return (text: string) => unique.some((s) => text.includes(s));
  });
  return tests.length === 1 ? tests[0]! : (text) => tests.some((t) => t(text));
}

/**
 * Text from outside (registries, node files, artifacts) shown to people with
 * its control characters escaped, so that it cannot drive the terminal (ESC
 * sequences that clear the screen or recolour text), overwrite a line (`\r`)
 * or add lines of its own (`\n` in a one-line field: a registry once made
 * `check --image` print a fake "artifact verified OK" line). JSON output needs
 * none of this: JSON escapes control characters itself.
 *
 * @module
 */

// C0 controls, DEL, C1 controls, and the Unicode bidirectional overrides that reorder what is shown.
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same, but newlines and tabs are text (multi-line messages, whole views).
// deno-lint-ignore no-control-regex
const CONTROL_BUT_LINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// deno-lint-ignore no-control-regex
const CONTROL_TEST = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const escapeOne = (c: string): string => {
  const code = c.charCodeAt(0);
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
};

/** A one-line field with every control character escaped (`\x1b`, `\r`, `\n`, `\x7f`, `\x9b` …). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** Multi-line text (a message, a whole view) with every control character but newline and tab escaped. */
export function escapeControlLines(text: string): string {
  return text.replace(CONTROL_BUT_LINES, escapeOne);
}

/**
 * `value` with {@linkcode escapeControl} applied to every string in it (object
 * keys and values, array items, Map and Set members), for views that take
 * records: each string is one field, so a newline in it is escaped too. Parts
 * without control characters are returned as they are, and an object reached
 * twice is copied once (views that compare parts by identity keep working).
 */
export function escapeControlDeep<T>(value: T): T {
  const seen = new Map<object, unknown>();
  // Records share long strings (a CPU layout interned across thousands of nodes): scan each once.
  const long = new Map<string, string>();
  const text = (x: string): string => {
    if (x.length < 64) return CONTROL_TEST.test(x) ? escapeControl(x) : x;
    let done = long.get(x);
    if (done === undefined) long.set(x, done = CONTROL_TEST.test(x) ? escapeControl(x) : x);
    return done;
  };
  const walk = (x: unknown): unknown => {
    if (typeof x === "string") return text(x);
    if (x === null || typeof x !== "object") return x;
    const known = seen.get(x);
    if (known !== undefined) return known;
    seen.set(x, x); // a cycle back to x keeps the original
    let out: unknown = x;
    if (Array.isArray(x)) {
      // Copied only from the first item that changes: clean data allocates nothing.
      let copy: unknown[] | undefined;
      for (let i = 0; i < x.length; i++) {
        const item: unknown = x[i];
        if (typeof item === "number") continue;
        const v = walk(item);
        if (v !== item) (copy ??= x.slice())[i] = v;
      }
      if (copy) out = copy;
    } else if (x instanceof Map) {
      let changed = false;
      const entries: [unknown, unknown][] = [];
      for (const [k, v] of x) {
        const k2 = walk(k);
        const v2 = walk(v);
        if (k2 !== k || v2 !== v) changed = true;
        entries.push([k2, v2]);
      }
      if (changed) out = new Map(entries);
    } else if (x instanceof Set) {
      const items = [...x].map(walk);
      if (items.some((v) => !x.has(v))) out = new Set(items);
    } else if (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null) {
      let copy: Record<string, unknown> | undefined;
      for (const k in x) {
        const v = (x as Record<string, unknown>)[k];
        if (typeof v === "number" || typeof v === "boolean") continue;
        const k2 = text(k);
        const v2 = walk(v);
        if (k2 !== k || v2 !== v) {
          copy ??= { ...(x as Record<string, unknown>) };
          if (k2 !== k) delete copy[k];
          copy[k2] = v2;
        }
      }
      if (copy) out = copy;
    }
    seen.set(x, out);
    return out;
  };
  return walk(value) as T;
}

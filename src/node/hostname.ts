/**
 * Hostnames become file names (`extract --out DIR/`), graph labels, and words in
 * Slurm and Flux configuration (`NodeName=…`, hostlists), so they are checked,
 * never trusted: only RFC 1123 host names are accepted, whose letters, digits,
 * `-` and `.` mean nothing to those formats (a `,`, `[`, space or `#` would add
 * nodes, ranges, settings or comments there).
 *
 * @module
 */

/** Why `name` cannot be used as a host name (a node file name, a vertex, a config word), or `undefined` when it can. */
export function hostnameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return `${JSON.stringify(name)} is not a name`;
  if (name.includes("/")) return "it contains '/'";
  if (name.includes("\\")) return "it contains '\\'";
  if (name.startsWith(".")) return "it starts with '.' (hidden files are ignored by create nodes)";
  // Control characters (NUL, newline …) make file names and labels unusable.
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f-\x9f]/.test(name)) return "it contains control characters";
  if (name.length > 253) return "it is longer than 253 characters";
  const bad = /[^A-Za-z0-9._-]/.exec(name);
  if (bad) return `it contains ${JSON.stringify(bad[0])} (a host name has only letters, digits, '-', '_' and '.', RFC 1123)`;
  for (const label of name.split(".")) {
    if (label === "") return "it has an empty part between dots";
    if (label.length > 63) return `its part ${JSON.stringify(label.slice(0, 20))}… is longer than 63 characters`;
    if (label.startsWith("-") || label.endsWith("-")) return `its part ${JSON.stringify(label)} starts or ends with '-'`;
  }
  return undefined;
}

/** Compare hostnames in natural order: `n2` < `n10`, then plain code-unit order as tie-break. */
export function compareHostnames(a: string, b: string): number {
  return compareHostnameKeys(hostnameSortKey(a), hostnameSortKey(b));
}

/** A hostname split for {@linkcode compareHostnameKeys}: its runs of digits and of other characters. */
export interface HostnameSortKey {
  name: string;
  parts: string[];
}

/** The sort key of `name` (made once per name when sorting many: splitting is most of a comparison). */
export function hostnameSortKey(name: string): HostnameSortKey {
  return { name, parts: name.match(/(\d+)|(\D+)/g) ?? [] };
}

/** {@linkcode compareHostnames} of two names' sort keys. */
export function compareHostnameKeys(ka: HostnameSortKey, kb: HostnameSortKey): number {
  const pa = ka.parts;
  const pb = kb.parts;
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      // Compare digit runs by numeric value without overflow: strip zeros, then length, then text.
      const sx = x.replace(/^0+/, "");
      const sy = y.replace(/^0+/, "");
      if (sx.length !== sy.length) return sx.length - sy.length;
      if (sx !== sy) return sx < sy ? -1 : 1;
      if (x.length !== y.length) return x.length - y.length;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  const a = ka.name;
  const b = kb.name;
  return a < b ? -1 : a > b ? 1 : 0;
}

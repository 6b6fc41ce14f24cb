/**
 * `WWW-Authenticate` challenges (RFC 7235) as registries send them: `Basic
 * realm="…"` for htpasswd, `Bearer realm="…",service="…",scope="…"` for token
 * auth (distribution's token spec). Pure parsing.
 *
 * @module
 */

/** One challenge: scheme (lower-case) and its parameters (keys lower-case). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parse a `WWW-Authenticate` header into its challenges. Tolerant: unknown
 * schemes and bare tokens are kept as they come; quoted strings may hold commas.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === " " || header[i] === "\t")) i++;
  };
  const token = () => {
    const start = i;
    while (i < n && !/[\s,=]/.test(header[i]!)) i++;
    return header.slice(start, i);
  };
  let current: Challenge | undefined;
  while (i < n) {
    skipSpace();
    if (header[i] === ",") {
      i++;
      continue;
    }
    const word = token();
    if (word === "") {
      i++;
      continue;
    }
    skipSpace();
    if (header[i] === "=" && current) {
      i++;
      skipSpace();
      let value: string;
      if (header[i] === '"') {
        i++;
        let buf = "";
        while (i < n && header[i] !== '"') {
          if (header[i] === "\\" && i + 1 < n) i++;
          buf += header[i];
          i++;
        }
        i++; // closing quote
        value = buf;
      } else {
        value = token();
      }
      current.params[word.toLowerCase()] = value;
    } else {
      current = { scheme: word.toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}

/** The first Bearer or Basic challenge of a header, Bearer preferred (it carries the scope). */
export function pickChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const all = parseChallenges(header);
  return all.find((c) => c.scheme === "bearer") ?? all.find((c) => c.scheme === "basic");
}

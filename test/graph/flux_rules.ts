/**
 * Flux's own rules, written out independently of src/ so that the tests check
 * our output against them rather than against our code.
 */

/**
 * flux-core's check of a property name in R (librlist `property_string_invalid`:
 * `strpbrk (s, "^&'\"`|()")`), plus RFC 20's list, which adds `!`.
 */
export function fluxCoreRejectsProperty(name: string): boolean {
  return name === "" || /[\^&'"`|()!]/.test(name);
}

/** The characters this project allows in a property name (issue 15): letters, digits and `._-+:`. */
export function withinAllowedCharacters(name: string): boolean {
  return /^[A-Za-z0-9._+:-]+$/.test(name);
}

/**
 * Whether `--requires=NAME` reads NAME as one property term (RFC 35, flux-core's
 * constraint lexer): no `:` (that is `operator:operand`), no leading `-`
 * (negation), not starting with the words and/or/not.
 */
export function oneRequiresTerm(name: string): boolean {
  return !name.includes(":") && !name.startsWith("-") && !/^(and|or|not)\b/.test(name) && /^[^()|&\s"']+$/.test(name);
}

/** RFC 22 idset syntax as flux writes it: ascending, disjoint, non-adjacent ranges `a` or `a-b`. */
export function isCanonicalIdset(text: string): boolean {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) return false;
  let last = -2;
  for (const part of text.split(",")) {
    const [a, b] = part.split("-").map(Number) as [number, number | undefined];
    if (a <= last + 1) return false;
    if (b !== undefined && b <= a) return false;
    last = b ?? a;
  }
  return true;
}

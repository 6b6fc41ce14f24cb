/**
 * The words compspec may write into a rainbow jobspec or subsystem field a
 * jobspec compares. rainbow's client re-serialises the jobspec as YAML (Go)
 * and its server stores it inside an SQL string between double quotes,
 * unescaped: a value YAML would quote (`yes`, `12`, `24.04`, `a: b` …) or a
 * quote character fails `rainbow submit` after matching. So every scalar is a
 * *safe plain scalar*: a conservative subset that YAML 1.1 and 1.2 read back as
 * the same string, with no quote, `:` or `#` in it.
 *
 * Versions are written as clean `MAJOR.MINOR.PATCH`: rainbow compares them
 * with Masterminds semver, whose `>=`/`<=` constraints never match a version
 * with a prerelease part (`5.15.0-91-generic`).
 *
 * @module
 */

/** A whole-number semantic version without leading zeros: the only digit-led safe scalar. */
const SEMVER = /^(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})$/;

/**
 * Letters, digits and `._/+=@%,()-` (single inner spaces allowed), starting
 * with a letter, with one or two `-` and then a letter (command options such
 * as `-w`, `--size=4`), or with `/`, `./` or `../` (paths).
 */
const SAFE = /^(?:--?[A-Za-z]|[A-Za-z]|\.{0,2}\/)(?: ?[A-Za-z0-9._/+=@%,()-])*$/;

/** Words YAML 1.1 reads as booleans, null or (in some readers) a float without digits before the exponent (`e0`). */
const YAML11_WORDS = /^(y|n|yes|no|true|false|on|off|null|[eE][-+]?\d+)$/;

/**
 * A word that starts with a digit and holds a letter no YAML number has
 * (`4m`, `16gb`; not `1e3`, `0x1f`, `0o17`, `0b1`, `2001-12-14`, `1_000`).
 */
const DIGIT_WORD = /^\d[0-9A-Za-z._/+=@%,()-]*$/;
const NON_NUMBER_LETTER = /[g-npqrstuvwyzG-NPQRSTUVWYZ]/;

/** Whether `text` is a safe plain scalar (see the module's comment). */
export function isPlainScalar(text: string): boolean {
  if (SEMVER.test(text)) return true;
  if (DIGIT_WORD.test(text)) return NON_NUMBER_LETTER.test(text);
  return SAFE.test(text) && !YAML11_WORDS.test(text.toLowerCase());
}

/** Prefix that makes a value which is no safe scalar by itself (`12`, `true`, `24.04`) one. */
export const VALUE_PREFIX = "value-";

/**
 * A fact's value as a subsystem field (and a jobspec `match`) holds it: the
 * value itself when it is a safe plain scalar that does not start with
 * {@linkcode VALUE_PREFIX}, else that prefix and the value (`family` `6` →
 * `value-6`, `true` → `value-true`); `undefined` when even that is not safe
 * (a value with `: `, `#`, quotes …): such a fact cannot be asked for.
 */
export function plainValue(value: string): string | undefined {
  if (isPlainScalar(value) && !value.startsWith(VALUE_PREFIX)) return value;
  const prefixed = VALUE_PREFIX + value;
  return isPlainScalar(prefixed) ? prefixed : undefined;
}

/** A version parsed to its three whole-number parts. */
export type Semver = readonly [number, number, number];

/**
 * The leading `MAJOR[.MINOR[.PATCH]]` of a version text, missing parts 0
 * (`24.04` → 24.4.0, `5.14.0-427.13.1.el9_4.x86_64` → 5.14.0, `v4.1` →
 * 4.1.0); `undefined` when it does not start with a number.
 */
export function parseSemver(text: string): Semver | undefined {
  const m = /^\s*v?(\d{1,15})(?:\.(\d{1,15}))?(?:\.(\d{1,15}))?(?![\d])/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** `MAJOR.MINOR.PATCH` text of a version. */
export function semverText(v: Semver): string {
  return `${v[0]}.${v[1]}.${v[2]}`;
}

/** The clean `MAJOR.MINOR.PATCH` of a version text (see {@linkcode parseSemver}), or `undefined`. */
export function normalVersion(text: string): string | undefined {
  const v = parseSemver(text);
  return v === undefined ? undefined : semverText(v);
}

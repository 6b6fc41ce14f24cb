/**
 * /etc/os-release (and the distribution release files compspec-go reads) into
 * compspec-go's `system.os` keys.
 *
 * @module
 */
import { ok, type ParseResult } from "../../linux/result.ts";
import type { Section } from "../types.ts";
import { OS_KEY } from "../../node/vocabulary.ts";

/**
 * Parse os-release text (`KEY=value`, values optionally in single or double
 * quotes, with backslash escapes inside double quotes). Comments, blank lines
 * and lines that are not assignments are skipped, as os-release(5) asks.
 * Never throws; always returns the assignments it could read.
 */
export function parseOsRelease(text: string): ParseResult<Map<string, string>> {
  const out = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    out.set(m[1]!, unquote(m[2]!));
  }
  return ok(out);
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  return v;
}

/** Release files compspec-go reads for `release`, by os-release `ID`. */
export const RELEASE_FILES: Readonly<Record<string, string>> = {
  debian: "/etc/debian_version",
  centos: "/etc/centos-release",
  rocky: "/etc/rocky-release",
  rhel: "/etc/redhat-release",
};

/**
 * compspec-go's `system.os` keys: `name` (PRETTY_NAME, else NAME), `version`
 * (VERSION_ID), `vendor` (ID) and `release`: Debian's /etc/debian_version,
 * the version in Ubuntu's PRETTY_NAME, the number in CentOS/Rocky/RHEL's
 * release file; where compspec-go would fail (any other distribution, or the
 * release file missing) we fall back to VERSION_ID instead.
 *
 * @param releaseFile the text of {@linkcode RELEASE_FILES}[ID], when there is one
 */
export function osSection(fields: ReadonlyMap<string, string>, releaseFile?: string): Section {
  const name = fields.get("PRETTY_NAME") ?? fields.get("NAME") ?? "";
  const version = fields.get("VERSION_ID") ?? "";
  const vendor = fields.get("ID") ?? "";
  let release: string | undefined;
  const file = releaseFile?.trim();
  if (vendor === "debian" && file) release = file;
  else if (vendor === "ubuntu") release = /[( ]([\d.]+)/.exec(name)?.[1];
  else if ((vendor === "centos" || vendor === "rocky") && file) {
    release = /^(?:CentOS|Rocky)(?: Linux)? release ([\d.]+)/.exec(file)?.[1];
  } else if (vendor === "rhel") release = /[( ]([\d.]+)/.exec(file ?? "")?.[1] ?? /[( ]([\d.]+)/.exec(name)?.[1];
  return { [OS_KEY.name]: name, [OS_KEY.version]: version, [OS_KEY.vendor]: vendor, [OS_KEY.release]: release ?? version };
}

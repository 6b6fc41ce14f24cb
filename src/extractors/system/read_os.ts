/**
 * The `system.os` section: /etc/os-release (else /usr/lib/os-release) and the
 * distribution's own release file.
 *
 * @module
 */
import { ExtractError, type Section } from "../types.ts";
import { osSection, parseOsRelease, RELEASE_FILES } from "./os_release.ts";
import { parsedOrThrow, type ReadContext } from "./read_common.ts";

/** The `system.os` section; neither os-release file existing is an error. */
export function readOsSection(ctx: ReadContext): Section {
  let path = "/etc/os-release";
  let text = ctx.host.tryReadText(path);
  if (text === undefined) {
    path = "/usr/lib/os-release";
    text = ctx.host.tryReadText(path);
  }
  if (text === undefined) {
    throw new ExtractError("neither /etc/os-release nor /usr/lib/os-release exists", "/etc/os-release");
  }
  const fields = parsedOrThrow(parseOsRelease(text), path);
  const id = fields.get("ID") ?? "";
  const releasePath = Object.hasOwn(RELEASE_FILES, id) ? RELEASE_FILES[id] : undefined;
  return osSection(fields, releasePath ? ctx.host.tryReadText(releasePath) : undefined);
}

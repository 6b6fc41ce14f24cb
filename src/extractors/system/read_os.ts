/**
 * The `system.os` section: /etc/os-release (else /usr/lib/os-release) and the
 * distribution's own release file.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { ExtractError, type Section } from "../types.ts";
import { osSection, parseOsRelease, RELEASE_FILES } from "./os_release.ts";
import { parsedOrThrow } from "./read_common.ts";

/** The `system.os` section; neither os-release file existing is an error. */
export function osOf(host: Host): Section {
  let path = "/etc/os-release";
  let text = host.tryReadText(path);
  if (text === undefined) {
    path = "/usr/lib/os-release";
    text = host.tryReadText(path);
  }
  if (text === undefined) {
    throw new ExtractError("neither /etc/os-release nor /usr/lib/os-release exists", "/etc/os-release");
  }
  const fields = parsedOrThrow(parseOsRelease(text), path);
  const id = fields.get("ID") ?? "";
  const releasePath = Object.hasOwn(RELEASE_FILES, id) ? RELEASE_FILES[id] : undefined;
  return osSection(fields, releasePath ? host.tryReadText(releasePath) : undefined);
}

/**
 * The kernel's build configuration: /boot/config-<release>, or the kernel's own
 * copy in /proc/config.gz (CONFIG_IKCONFIG_PROC).
 *
 * @module
 */
import { zlib } from "../../util/lazy_builtins.ts";
import type { Host } from "../../host/host.ts";
import { ExtractError, type Section } from "../types.ts";

/** Where the running kernel's release string lives (what `uname -r` prints). */
export const OSRELEASE_PATH = "/proc/sys/kernel/osrelease";
/** The kernel's embedded configuration, when built with CONFIG_IKCONFIG_PROC. */
export const PROC_CONFIG_GZ = "/proc/config.gz";

/**
 * Parse kernel config text (`CONFIG_X=y` lines). As compspec-go does: lines
 * starting with `#` (including `# CONFIG_X is not set`) and lines without `=`
 * are skipped, so an option that is not set is absent; the value is the raw
 * text after the first `=`, quotes included (`CONFIG_LOCALVERSION=""` gives `""`).
 */
export function parseKernelConfig(text: string): Section {
  const out: Section = {};
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** The running kernel's release (`uname -r`) from the host, or `undefined` when the host has none. */
export function kernelRelease(host: Host): string | undefined {
  const text = host.tryReadText(OSRELEASE_PATH)?.trim();
  return text ? text : undefined;
}

/**
 * Read and parse the kernel configuration: /boot/config-<release> first (what
 * compspec-go reads), then /proc/config.gz. Throws {@linkcode ExtractError}
 * naming every path tried when there is neither, or when the gzip is corrupt.
 */
export function readKernelConfig(host: Host): Section {
  const release = kernelRelease(host);
  const tried: string[] = [];
  if (release !== undefined && !release.includes("/")) {
    const bootConfig = `/boot/config-${release}`;
    tried.push(bootConfig);
    const text = host.tryReadText(bootConfig);
    if (text !== undefined) return parseKernelConfig(text);
  } else {
    tried.push(`/boot/config-<release> (${OSRELEASE_PATH} is missing)`);
  }
  tried.push(PROC_CONFIG_GZ);
  if (host.exists(PROC_CONFIG_GZ)) {
    const bytes = host.readBytes(PROC_CONFIG_GZ);
    let text: string;
    try {
      text = new TextDecoder().decode(zlib().gunzipSync(bytes));
    } catch (e) {
      throw new ExtractError(`${PROC_CONFIG_GZ} is not valid gzip data (${(e as Error).message})`, PROC_CONFIG_GZ);
    }
    return parseKernelConfig(text);
  }
  throw new ExtractError(`no kernel configuration found; tried ${tried.join(", ")}`, tried[0]);
}

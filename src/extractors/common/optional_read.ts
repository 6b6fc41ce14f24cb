/**
 * Read helpers for files that may be absent or unreadable: most sysfs
 * attributes are optional, and any failure to read one (missing, permission,
 * EINVAL on `speed` of a down link …) just drops that value. Shared by the
 * `nfd` sources, `kernel[modules]` and `library[mpi]`.
 *
 * @module
 */
import { type Host, HostError } from "../../host/host.ts";

/** File text, or `undefined` on any read failure (missing, unreadable, a directory). */
export function readOptional(host: Host, path: string): string | undefined {
  // A host that can tell a missing file cheaply (the usual case for a probe) does.
  if (host.probeText) return host.probeText(path);
  try {
    return host.readText(path);
  } catch (e) {
    if (e instanceof HostError) return undefined;
    throw e;
  }
}

/** Trimmed file text (Go's `strings.TrimSpace`), or `undefined` on any read failure. */
export function readTrimmed(host: Host, path: string): string | undefined {
  return readOptional(host, path)?.trim();
}

/** Directory entries (sorted byte-wise), or `undefined` on any failure. */
export function listOptional(host: Host, path: string): string[] | undefined {
  try {
    return host.listDir(path);
  } catch (e) {
    if (e instanceof HostError) return undefined;
    throw e;
  }
}

/**
 * Directory entries (sorted byte-wise), for the directories whose absence makes
 * NFD's `Discover()` fail (`/sys/class/net`, `/sys/bus/pci/devices`, `/sys/block`).
 * Throws {@linkcode HostError} naming the path.
 */
export function listRequired(host: Host, path: string, what: string): string[] {
  const entries = host.listDir(path);
  if (entries === undefined) throw new HostError(path, "missing", `cannot list ${what}`);
  return entries;
}

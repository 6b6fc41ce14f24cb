/**
 * NFD's `kernel` source: `version` from /proc/sys/kernel/osrelease, `config`
 * from the first readable kconfig, `loadedmodule` / `enabledmodule` from
 * /proc/modules and modules.builtin, `selinux.enabled` from /sys/fs/selinux.
 *
 * @module
 */
import { zlib } from "../../util/lazy_builtins.ts";
import { type Host, HostError } from "../../host/host.ts";
import { readOptional } from "../common/optional_read.ts";
import { type Features, newFeatures } from "./flatten.ts";

/** Discover the `kernel` source. Never throws for missing files: each set is simply absent. */
export function discoverKernel(host: Host): Features {
  const features = newFeatures();
  const release = readOptional(host, "/proc/sys/kernel/osrelease")?.trim();
  if (release !== undefined) features.attributes.version = parseKernelVersion(release);
  const config = readKconfig(host, release);
  if (config !== undefined) features.attributes.config = parseKconfig(config);
  const modules = readOptional(host, "/proc/modules");
  const loaded = modules === undefined ? undefined : parseLoadedModules(modules);
  if (loaded !== undefined) features.flags.loadedmodule = loaded;
  const builtin = release === undefined
    ? undefined
    : readOptional(host, `/lib/modules/${release}/modules.builtin`);
  if (builtin !== undefined) {
    features.flags.enabledmodule = [...new Set([...(loaded ?? []), ...parseBuiltinModules(builtin)])];
  }
  const selinux = selinuxEnabled(host);
  if (selinux !== undefined) features.attributes.selinux = { enabled: String(selinux) };
  return features;
}

/**
 * `full`, `major`, `minor`, `revision` from a kernel release string: `full` is
 * the release with characters outside `[-A-Za-z0-9_.]` replaced by `_` and
 * `-_.` trimmed from both ends; the parts are set (possibly empty) only when
 * `full` looks like `N[.N[.N]][-…]`.
 */
export function parseKernelVersion(release: string): Record<string, string> {
  const full = release.replace(/[^-A-Za-z0-9_.]/g, "_").replace(/^[-_.]+|[-_.]+$/g, "");
  const out: Record<string, string> = { full };
  const m = /^(\d+)(\.(\d+))?(\.(\d+))?(-.*)?$/.exec(full);
  if (m) {
    out.major = m[1]!;
    out.minor = m[3] ?? "";
    out.revision = m[5] ?? "";
  }
  return out;
}

/** Kconfig candidates in NFD's search order for a kernel release. */
export function kconfigPaths(release: string | undefined): string[] {
  if (release === undefined) return ["/proc/config.gz", "/usr/src/linux/.config"];
  return [
    "/proc/config.gz",
    `/usr/src/linux-${release}/.config`,
    "/usr/src/linux/.config",
    `/usr/lib/modules/${release}/config`,
    `/usr/lib/ostree-boot/config-${release}`,
    `/usr/lib/kernel/config-${release}`,
    `/usr/src/linux-headers-${release}/.config`,
    `/lib/modules/${release}/build/.config`,
    `/boot/config-${release}`,
  ];
}

/** Text of the first readable kconfig (gunzipped when it ends in `.gz`), or `undefined`. */
function readKconfig(host: Host, release: string | undefined): string | undefined {
  for (const path of kconfigPaths(release)) {
    let bytes: Uint8Array;
    try {
      bytes = host.readBytes(path);
    } catch (e) {
      if (e instanceof HostError) continue; // NFD moves on to the next candidate
      throw e;
    }
    if (!path.endsWith(".gz")) return new TextDecoder().decode(bytes);
    try {
      return new TextDecoder().decode(zlib().gunzipSync(bytes));
    } catch {
      continue; // a corrupt archive is as good as none
    }
  }
  return undefined;
}

/** `CONFIG_<NAME>=<value>` lines to `NAME` → value with surrounding `"` trimmed; `# … is not set` is skipped. */
export function parseKconfig(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  // A plain scan rather than a regex per line: a distribution kconfig has ~10,000 lines.
  for (const line of text.split("\n")) {
    if (!line.startsWith("CONFIG_")) continue;
    const eq = line.indexOf("=", 7);
    if (eq <= 7 || eq === line.length - 1) continue; // NFD's `^CONFIG_(\w+)=(.+)`
    const name = line.slice(7, eq);
    if (!WORD.test(name)) continue;
    let value = line.slice(eq + 1);
    if (value.startsWith('"') || value.endsWith('"')) value = value.replace(/^"+|"+$/g, "");
    out[name] = value;
  }
  return out;
}

const WORD = /^\w+$/;

/** First field of each non-empty /proc/modules line. */
export function parseLoadedModules(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const name = line.trim().split(/\s+/)[0];
    if (name) out.push(name);
  }
  return out;
}

/** Module names from modules.builtin: basename of each `.ko` line, names kept as written. */
export function parseBuiltinModules(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line.endsWith(".ko")) continue;
    out.push(line.slice(line.lastIndexOf("/") + 1, -".ko".length));
  }
  return out;
}

/** SELinux enforcing? `undefined` when /sys/fs is missing or `enforce` unreadable; false without /sys/fs/selinux. */
export function selinuxEnabled(host: Host): boolean | undefined {
  if (!host.exists("/sys/fs")) return undefined;
  if (!host.exists("/sys/fs/selinux")) return false;
  const enforce = readOptional(host, "/sys/fs/selinux/enforce");
  if (enforce === undefined || enforce.length === 0) return undefined;
  return enforce[0] === "1";
}

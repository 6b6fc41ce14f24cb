/**
 * `--platform os/arch[/variant]`: which manifest of a multi-arch index an
 * artifact is attached to or looked up on. Pure.
 *
 * @module
 */
import { RegistryError } from "./errors.ts";
import type { Descriptor, Index } from "./oci.ts";

/** A wanted platform. */
export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

/** Parse `os/arch[/variant]` (e.g. `linux/arm64/v8`). */
export function parsePlatform(text: string): PlatformSpec {
  const parts = text.split("/");
  const ok = /^[a-z0-9_.-]+$/;
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => ok.test(p))) {
    throw new RegistryError("usage", `--platform ${JSON.stringify(text)}: expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8`);
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** `os/arch[/variant]` */
export function formatPlatform(p: PlatformSpec): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** This machine's platform in OCI's words (Node's `x64` is OCI's `amd64`). */
export function hostPlatform(platform: string, arch: string): PlatformSpec {
  const map: Record<string, string> = { x64: "amd64", ia32: "386", ppc64: "ppc64le", arm: "arm", arm64: "arm64" };
  return { os: platform === "win32" ? "windows" : platform, architecture: map[arch] ?? arch };
}

/** Default variants, as containerd normalises them (`arm64` means `v8`). */
function normalVariant(arch: string, variant: string | undefined): string | undefined {
  if (arch === "arm64" && (variant === undefined || variant === "v8")) return undefined;
  return variant;
}

/**
 * The index entry for `want`: same os and architecture, and same variant when
 * one is asked for. `undefined` when the index has none.
 */
export function selectPlatform(index: Index, want: PlatformSpec): Descriptor | undefined {
  const matches = index.manifests.filter((d) => {
    const p = d.platform;
    if (!p || p.os !== want.os || p.architecture !== want.architecture) return false;
    if (want.variant === undefined) return true;
    return normalVariant(p.architecture, p.variant) === normalVariant(want.architecture, want.variant);
  });
  // Without a variant, prefer the entry that has none (or the default one).
  return matches.find((d) => normalVariant(d.platform!.architecture, d.platform!.variant) === normalVariant(want.architecture, want.variant)) ??
    matches[0];
}

/** The platforms an index offers, for messages. */
export function listPlatforms(index: Index): string {
  const names = index.manifests.flatMap((d) =>
    d.platform ? [formatPlatform({ os: d.platform.os, architecture: d.platform.architecture, variant: d.platform.variant })] : []
  );
  return names.length ? names.join(", ") : "none";
}

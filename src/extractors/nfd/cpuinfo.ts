/**
 * Parsing /proc/cpuinfo for the `cpu` source: the first value of each field
 * (the first processor's, or the global `Features` line of old 32-bit ARM
 * kernels) and the machine family it describes.
 *
 * @module
 */
import { scanCpuinfoLines } from "../../linux/cpuinfo_lines.ts";

/** Machine families whose `cpuid` NFD derives differently. */
export type CpuArch = "x86" | "arm64" | "arm" | "ppc" | "s390x" | "other";

/** Field name → first value in the file (both trimmed). */
export type CpuinfoFields = ReadonlyMap<string, string>;

/** First value of each `key : value` field in /proc/cpuinfo (in any block; empty values too). */
export function parseCpuinfoFields(text: string): CpuinfoFields {
  const out = new Map<string, string>();
  scanCpuinfoLines(text, {
    field(key, value) {
      if (key !== "" && !out.has(key)) out.set(key, value);
    },
  });
  return out;
}

/** Whitespace-separated tokens of a field (`flags`, `Features` …); empty when absent. */
export function tokens(fields: CpuinfoFields, key: string): string[] {
  return (fields.get(key) ?? "").split(/\s+/).filter((t) => t !== "");
}

/** Which machine family a cpuinfo describes, from the fields only that family prints. */
export function detectArch(fields: CpuinfoFields): CpuArch {
  if ((fields.get("vendor_id") ?? "").startsWith("IBM/S390") || fields.has("features")) return "s390x";
  if (fields.has("flags") && fields.has("vendor_id")) return "x86";
  if (fields.has("Features") || fields.has("CPU implementer")) {
    // arm64 kernels print `fp`/`asimd`; 32-bit ones `vfp`, `half`, `thumb` …
    const f = tokens(fields, "Features");
    return f.includes("fp") || f.includes("asimd") ? "arm64" : "arm";
  }
  if (/\bpvr\b/.test(fields.get("revision") ?? "") || fields.has("platform")) return "ppc";
  return "other";
}

/** An integer field (decimal, or hex with `0x`), or `undefined`. */
export function intField(fields: CpuinfoFields, key: string): number | undefined {
  const raw = fields.get(key);
  if (raw === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(raw) ? parseInt(raw.slice(2), 16) : /^\d+$/.test(raw) ? parseInt(raw, 10) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

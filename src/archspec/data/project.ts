/**
 * The part of archspec-json's `microarchitectures.json` that host detection
 * reads, as compact JSON: what the binary embeds (see scripts/archspec_embed.ts).
 *
 * @module
 */

/** One target: name, parents (space-separated), vendor, features (space-separated), generation, CPU part. */
export type CompactTarget = [string, string, string, string, number, string];

/** The projection: targets in JSON key order, and `conversions.arm_vendors`. */
export interface CompactData {
  targets: CompactTarget[];
  armVendors: Record<string, string>;
}

interface RawTarget {
  from?: string | string[] | null;
  vendor: string;
  features?: string[];
  generation?: number;
  cpupart?: string;
}

/**
 * Project microarchitectures.json text onto {@linkcode CompactData}, as a JSON
 * string. Drops only what Linux detection never reads (compilers, feature
 * aliases, Darwin flags); names and lists are kept verbatim and in order.
 */
export function projectMicroarchitectures(jsonText: string): string {
  const raw = JSON.parse(jsonText) as {
    microarchitectures: Record<string, RawTarget>;
    conversions: { arm_vendors: Record<string, string> };
  };
  const targets = Object.entries(raw.microarchitectures).map(([name, t]): CompactTarget => {
    const from = t.from == null ? [] : typeof t.from === "string" ? [t.from] : t.from;
    for (const word of [name, ...from, ...(t.features ?? [])]) {
      if (word === "" || /\s/.test(word)) throw new Error(`microarchitectures.json: "${word}" (in ${name}) is empty or has whitespace`);
    }
    return [name, from.join(" "), t.vendor, (t.features ?? []).join(" "), t.generation ?? 0, t.cpupart ?? ""];
  });
  const data: CompactData = { targets, armVendors: raw.conversions.arm_vendors };
  return JSON.stringify(data);
}

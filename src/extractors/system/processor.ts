/**
 * compspec-go's `system.processor` keys, kept small: one representative CPU
 * per CPU type instead of every CPU.
 *
 * @module
 */
import { armImplementerName } from "./arm.ts";
import { type Cpuinfo, cpuFields, rawKey } from "./cpuinfo.ts";
import type { Section } from "../types.ts";

/**
 * For each representative CPU `N`: `N.raw.<field>` for every cpuinfo field it
 * has (its own lines and the global ones, keys as compspec-go writes them:
 * lower case, spaces to `_`) and `N.normalized.vendor` (`vendor_id`, or the
 * ARM implementer's name), `.family` (`cpu family` / `CPU architecture`),
 * `.model` (`model name` / `CPU variant`), `.features` (`flags` / `Features`)
 * and `.botomips` (sic, compspec-go's spelling; `bogomips`), where present;
 * then `count`, the number of CPUs described.
 */
export function processorSection(info: Cpuinfo, representatives: readonly number[], count: number): Section {
  const out: Section = {};
  for (const cpu of representatives) {
    const raw = new Map<string, string>();
    for (const [k, v] of cpuFields(info, cpu)) raw.set(rawKey(k), v);
    for (const [k, v] of [...raw].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[`${cpu}.raw.${k}`] = v;
    const pick = (...keys: string[]) => keys.map((k) => raw.get(k)).find((v) => v !== undefined);
    const norm: [string, string | undefined][] = [
      ["botomips", pick("bogomips")],
      ["family", pick("cpu_family", "cpu_architecture")],
      ["features", pick("flags", "features")],
      ["model", pick("model_name", "cpu_variant")],
      ["vendor", raw.has("vendor_id") ? raw.get("vendor_id") : mapVendor(raw.get("cpu_implementer"))],
    ];
    for (const [k, v] of norm) if (v !== undefined) out[`${cpu}.normalized.${k}`] = v;
  }
  out["count"] = String(count);
  return out;
}

function mapVendor(code: string | undefined): string | undefined {
  return code === undefined ? undefined : armImplementerName(code);
}

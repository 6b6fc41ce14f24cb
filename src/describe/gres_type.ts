/**
 * A GPU model as a Slurm GRES type: Slurm's own GPU autodetection (NVML) names
 * a type by the device name in lower case with spaces as underscores
 * (`NVIDIA H100 80GB HBM3` → `nvidia_h100_80gb_hbm3`); other characters that
 * Slurm's `Gres=name:type:count` syntax cannot hold (`:`, `,`, `=` …) become `_` too.
 *
 * @module
 */

/** `name` lower-cased, every run of characters other than `a-z 0-9 . _ -` one `_`, no leading or trailing `_`/`-`. */
export function gresType(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, "_").replace(/^[_-]+|_+$/g, "") || "unknown";
}

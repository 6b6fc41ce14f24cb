/**
 * One spelling of a model name for schedulers: Slurm GRES types and Flux
 * properties. Slurm's own GPU autodetection (NVML) names a type by the device
 * name in lower case with spaces as underscores (`NVIDIA H100 80GB HBM3` →
 * `nvidia_h100_80gb_hbm3`); the same word serves as a Flux property, which may
 * not contain `!^&'"`|()`, spaces or `:` (RFC 20 / RFC 35 constraint syntax).
 *
 * @module
 */

/** `name` lower-cased, every run of characters other than `a-z 0-9 . _ -` one `_`, no leading or trailing `_`/`-`. */
export function schedulerName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, "_").replace(/^[_-]+|_+$/g, "") || "unknown";
}

/**
 * Node properties a Flux user selects on (`flux run --requires=NAME`): Fluxion
 * matches property *names*, and flux-core refuses a job's R whose properties
 * hold any of ``! & ' " ^ ` | ( )`` (RFC 20; `rlist_from_json: invalid
 * character`). So a node's facts become value-free names made only of
 * lowercase letters, digits and `._+-`, beginning with a letter or digit:
 *
 * - the archspec target and every ancestor (`sapphirerapids`, …, `haswell`,
 *   `x86_64_v3`): `--requires=haswell` selects every node that runs haswell code;
 * - the GPU vendor (`nvidia`, `amd`, `intel`) and a short GPU model name (`h100`,
 *   see {@linkcode gpuModelName});
 * - the OS id and version (`ubuntu24.04`, `rocky9.3`);
 * - the MPI flavour (`openmpi`, `mpich`, `intel-mpi`).
 *
 * Key=value facts stay attributes (rainbow's graph, and `attributes` in
 * Fluxion's). Pure functions.
 *
 * @module
 */
import { ATTR } from "../node/vocabulary.ts";
import type { NodeRecord } from "../node/record.ts";
import { IdentityCache } from "../util/caches.ts";

/** Characters RFC 20 forbids in a property name (flux-core checks all but `!` when it reads R). */
export const FORBIDDEN_PROPERTY_CHARACTERS = "!&'\"^`|()";

/** What every name this module makes looks like. */
const PROPERTY_NAME = /^[a-z0-9][a-z0-9._+-]*$/;

/**
 * Words that Flux's constraint parser (RFC 35) reads as operators when a
 * term starts with them (`or-x` is `or` then `-x`).
 */
const OPERATOR_WORD = /^(and|or|not)(?![a-z0-9_])/;

/** Why `name` cannot be a property name Flux can select on, or `undefined`. */
export function propertyNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (!PROPERTY_NAME.test(name)) return "only lowercase letters, digits and ._+- are used, starting with a letter or digit";
  if (OPERATOR_WORD.test(name)) return "Flux's --requires would read its first word as an operator";
  return undefined;
}

/**
 * `text` as a property name: lowercase, accents dropped, every run of other
 * characters one `-`, nothing but letters and digits at either end; `undefined`
 * when nothing usable is left.
 */
export function propertyName(text: string): string | undefined {
  const name = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9._+-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  return propertyNameProblem(name) === undefined ? name : undefined;
}

/** Words of a GPU model that name the vendor or a product family, not the model. */
const GPU_NOISE = new Set([
  "nvidia", "amd", "ati", "intel", "r", "tm", "corporation", "inc", "tesla", "geforce", "quadro", "radeon", "instinct",
  "data", "center", "datacenter", "gpu", "graphics", "accelerator",
]);

/** A memory size written into a model name (`80gb`). */
const SIZE_WORD = /^\d+(gb|gib|g|mb|mib)$/;

/**
 * A short name for a GPU model, as admins call it: the first word that mixes
 * letters and digits and is not a size (`NVIDIA H100 80GB HBM3` → `h100`,
 * `Tesla V100-SXM2-16GB` → `v100`, `AMD Instinct MI250X` → `mi250x`); else a
 * word of letters joined to the number after it (`GeForce RTX 4090` →
 * `rtx4090`, `Intel Data Center GPU Max 1550` → `max1550`); else the first
 * word left. Vendor and family words (NVIDIA, Tesla, Instinct, Data Center …)
 * are skipped. A bare PCI device id (`0x2330`, what the node file holds when
 * no driver named the model) gives no name.
 */
export function gpuModelName(model: string): string | undefined {
  const text = model.trim().toLowerCase();
  if (text === "" || /^0x[0-9a-f]+$/.test(text)) return undefined;
  const words = text.split(/[^a-z0-9]+/).filter((w) => w !== "" && !GPU_NOISE.has(w));
  const mixed = words.find((w) => /[a-z]/.test(w) && /\d/.test(w) && !SIZE_WORD.test(w));
  if (mixed !== undefined) return propertyName(mixed);
  for (let i = 0; i + 1 < words.length; i++) {
    if (/^[a-z]+$/.test(words[i]!) && /^\d+$/.test(words[i + 1]!)) return propertyName(words[i]! + words[i + 1]!);
  }
  return words[0] === undefined ? undefined : propertyName(words[0]);
}

/** Names already made, by the (shared: see `nodeRecord`) attributes and GPUs they were made from. */
const made = new IdentityCache<object, WeakMap<object, string[]>>("graph.fluxProperties");

/** The Flux property names of a node, sorted, each once (shared between nodes of equal facts: do not change them). */
export function fluxPropertyNames(record: NodeRecord): string[] {
  let byGpus = made.get(record.attributes);
  if (!byGpus) made.set(record.attributes, byGpus = new WeakMap());
  let names = byGpus.get(record.gpus);
  if (!names) byGpus.set(record.gpus, names = propertyNamesOf(record));
  return names;
}

function propertyNamesOf(record: NodeRecord): string[] {
  const a = record.attributes;
  const names = new Set<string>();
  const add = (name: string | undefined) => {
    if (name !== undefined) names.add(name);
  };
  const list = (text: string | undefined) => (text ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const target of [...list(a[ATTR.cpuTarget]), ...list(a[ATTR.cpuTargetAncestors])]) add(propertyName(target));
  // Per GPU, and the node's own summary (a record read back from a graph may have only that).
  const vendors = [...record.gpus.map((g) => g.attributes[ATTR.gpuVendor]), ...list(a[ATTR.gpuVendor])];
  const models = [...record.gpus.map((g) => g.attributes[ATTR.gpuModel]), ...list(a[ATTR.gpuModel])];
  for (const v of vendors) if (v !== undefined) add(propertyName(v));
  for (const m of models) if (m !== undefined) add(gpuModelName(m));
  const os = a[ATTR.osVendor]?.trim();
  if (os) add(propertyName(`${os}${a[ATTR.osVersion]?.trim() ?? ""}`));
  const mpi = a[ATTR.mpiImplementation];
  if (mpi !== undefined) add(propertyName(mpi));
  return [...names].sort();
}

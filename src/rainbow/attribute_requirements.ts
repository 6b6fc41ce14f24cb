/**
 * A compspec attribute artifact's requirements as rainbow `requires` entries
 * over the family subsystems (subsystem_facts.ts). `check` matches each
 * attribute to the node attribute of the same name (exact strings;
 * `io.archspec.cpu.target` in archspec's order); here:
 *
 * - `io.archspec.cpu.target: T` → compat-arch `io.archspec.cpu.target.T = present`
 *   (T among the node's target and ancestors: archspec's order);
 * - `os.vendor` and `os.version` → one entry, compat-os
 *   `org.supercontainers.os.version.<vendor>` from the version to the same
 *   version (`MAJOR.MINOR.PATCH`); `mpi.implementation` and `mpi.version` alike;
 * - GPU model → compat-gpu model (the short model, `h100`, when the model
 *   is no plain scalar); `gpu.available: yes` → count ≥ 1 (implied, so not
 *   asked again, beside a model);
 * - CPU vendor or model → compat-cpu.
 *
 * Versions compare as `MAJOR.MINOR.PATCH` (`22.04` equals `22.4.0`), where
 * `check` compares the texts. Any other attribute, and a second one on a
 * subsystem already asked, is returned as unchecked, with why.
 *
 * @module
 */
import type { AttributeArtifact } from "../compat/attribute_artifact.ts";
import { gpuModelName, propertyName } from "../graph/flux_properties.ts";
import { normalVersion, plainValue } from "./plain_scalar.ts";
import { RequirementSet, type Translation } from "./requirement.ts";
import { FIELD, PRESENT } from "./subsystem_facts.ts";
import { ATTR } from "../node/vocabulary.ts";

const GO_ARCH: Readonly<Record<string, string>> = { amd64: "x86_64", arm64: "aarch64" };

/** A vendor-and-version pair: one entry on the vendor-keyed version field, or on either alone. */
function pair(
  out: RequirementSet,
  name: string,
  vendorKey: string,
  versionKey: string,
  vendor: string | undefined,
  version: string | undefined,
  vendorName: (v: string) => string | undefined,
): void {
  const id = vendor === undefined ? undefined : vendorName(vendor);
  const v = version === undefined ? undefined : normalVersion(version);
  if (version !== undefined && v === undefined) out.skip(`${versionKey}: ${version}`, "not a version rainbow can compare");
  if (vendor !== undefined && id === undefined) out.skip(`${vendorKey}: ${vendor}`, "cannot be written as a plain YAML scalar");
  if (id !== undefined && v !== undefined) {
    out.add({ name, field: `${versionKey}.${id}`, min: v, max: v }, `${vendorKey}: ${vendor}, ${versionKey}: ${version}`);
  } else if (id !== undefined) {
    out.add({ name, field: vendorKey, match: id }, `${vendorKey}: ${vendor}`);
  } else if (v !== undefined) {
    out.add({ name, field: versionKey, min: v, max: v }, `${versionKey}: ${version}`);
  }
}

/** The requirements of a compspec attribute artifact. */
export function attributeRequirements(artifact: AttributeArtifact): Translation {
  const out = new RequirementSet();
  const want = new Map<string, string>();
  // An empty value is what compspec-go writes when it could not extract one: no requirement (as check).
  for (const r of artifact.requirements) if (r.value !== "") want.set(r.key, r.value);
  const take = (key: string) => {
    const v = want.get(key);
    want.delete(key);
    return v;
  };

  const target = take(FIELD.target);
  if (target !== undefined) {
    const name = GO_ARCH[target] ?? target;
    const field = `${FIELD.target}.${name}`;
    if (plainValue(field) === field) out.add({ name: "compat-arch", field, match: PRESENT }, `${FIELD.target}: ${target}`);
    else out.skip(`${FIELD.target}: ${target}`, "cannot be written as a plain YAML scalar");
  }
  pair(out, "compat-os", FIELD.osVendor, FIELD.osVersion, take(FIELD.osVendor), take(FIELD.osVersion), (v) => plainValue(v) === v ? v : undefined);
  pair(out, "compat-mpi", FIELD.mpi, FIELD.mpiVersion, take(FIELD.mpi), take(FIELD.mpiVersion), propertyName);

  const model = take(FIELD.gpuModel);
  const available = take(ATTR.gpuAvailable);
  if (model !== undefined) {
    // The exact model, as check compares it; a model no plain scalar can spell by its short name (h100).
    const exact = plainValue(model);
    const short = gpuModelName(model);
    if (exact !== undefined) out.add({ name: "compat-gpu", field: FIELD.gpuModel, match: exact }, `${FIELD.gpuModel}: ${model}`);
    else if (short !== undefined) out.add({ name: "compat-gpu", field: FIELD.gpuShortModel, match: short }, `${FIELD.gpuModel}: ${model} (as ${short})`);
    else out.skip(`${FIELD.gpuModel}: ${model}`, "cannot be written as a plain YAML scalar");
  }
  // A node with a GPU of the model asked has a GPU: `available: yes` beside a model adds nothing to ask.
  if (available === "yes" && model !== undefined) { /* implied by the model */ }
  else if (available === "yes") out.add({ name: "compat-gpu", field: FIELD.gpuCount, min: "1.0.0" }, `${ATTR.gpuAvailable}: yes`);
  else if (available === "no") out.add({ name: "compat-gpu", field: FIELD.gpuCount, max: "0.0.0" }, `${ATTR.gpuAvailable}: no`);
  else if (available !== undefined) out.skip(`${ATTR.gpuAvailable}: ${available}`, "neither yes nor no");
  const gpuVendor = take(FIELD.gpuVendor);
  if (gpuVendor !== undefined) {
    const v = plainValue(gpuVendor);
    if (v === undefined) out.skip(`${FIELD.gpuVendor}: ${gpuVendor}`, "cannot be written as a plain YAML scalar");
    else out.add({ name: "compat-gpu", field: FIELD.gpuVendor, match: v }, `${FIELD.gpuVendor}: ${gpuVendor}`);
  }
  for (const key of [FIELD.cpuVendor, FIELD.cpuModel]) {
    const value = take(key);
    if (value === undefined) continue;
    const v = plainValue(value);
    if (v === undefined) out.skip(`${key}: ${value}`, "cannot be written as a plain YAML scalar");
    else out.add({ name: "compat-cpu", field: key, match: v }, `${key}: ${value}`);
  }
  for (const [key, value] of want) out.skip(`${key}: ${value}`, "compspec's subsystems do not carry this attribute");
  return { requires: out.requirements(), unchecked: out.unchecked, chosen: artifact.name ? `artifact ${artifact.name}` : undefined };
}

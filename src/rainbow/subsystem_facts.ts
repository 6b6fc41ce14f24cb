/**
 * A node's compatibility facts as rainbow subsystems hold them: for each
 * subsystem, the fields of the one vertex that node has in it. rainbow keeps
 * one `requires` entry per subsystem, and checks a node's needs on one vertex
 * per subsystem, so the facts are grouped so that one requirement of an
 * artifact is one field of one subsystem:
 *
 * - families over compspec's node vocabulary (docs/graph.md):
 *   `compat-arch` (the archspec target, and `io.archspec.cpu.target.<name>` =
 *   `present` for the target and every ancestor), `compat-cpu` (vendor,
 *   model), `compat-gpu` (vendor, model, short model, count, count per short model),
 *   `compat-os` (vendor = NFD's osrelease ID, version, version per vendor),
 *   `compat-kernel` (version), `compat-mpi` (implementation, version,
 *   version per implementation);
 * - for devices (`pci.device`, `usb.device` instances), one subsystem per
 *   combination of class, device and vendor values some device of a node has
 *   (`compat-nfd-pci-device-class.0302-vendor.10de`), field
 *   `nfd.pci.device.class.0302.vendor.10de` = `present`;
 * - one subsystem per NFD feature element that `--labels` carries and that
 *   is no instance (`compat-nfd-cpu-cpuid-AVX512F`, `compat-nfd-kernel-version-full`):
 *   field `nfd.<source>.<set>.<element>` = `present`, `….value` = the value
 *   (see `plainValue`), `….version` = the value as `MAJOR.MINOR.PATCH` when it
 *   is a version, `….number` = `n.0.0` when it is a whole number `n` (what
 *   NFD's integer comparisons read).
 *
 * Every value is a safe plain scalar (plain_scalar.ts); a fact whose value
 * cannot be one is left out. Pure: attributes in, fields out.
 *
 * @module
 */
import { targets } from "../archspec/targets.ts";
import { featureKind } from "../compat/features.ts";
import { gpuModelName, propertyName } from "../graph/flux_properties.ts";
import { ATTR, LABEL_PREFIX, LABEL_SECTIONS_KEY, SUBSYSTEM_ATTR } from "../node/vocabulary.ts";
import type { NodeRecord } from "../node/record.ts";
import { parseLooseVersion } from "../compat/loose_version.ts";
import { isPlainScalar, normalVersion, plainValue } from "./plain_scalar.ts";

/** The family subsystems, always written (every node has a vertex in each). */
export const FAMILIES = ["compat-arch", "compat-cpu", "compat-gpu", "compat-kernel", "compat-mpi", "compat-os"] as const;

/** Prefix of the subsystems of single NFD feature elements. */
export const NFD_SUBSYSTEM_PREFIX = "compat-nfd-";

/** The value of a presence field. */
export const PRESENT = "present";

/** Field names of the families: the node vocabulary's names (node/vocabulary.ts), so a fact has one name everywhere. */
export const FIELD = {
  target: ATTR.cpuTarget,
  cpuVendor: ATTR.cpuVendor,
  cpuModel: ATTR.cpuModel,
  gpuVendor: ATTR.gpuVendor,
  gpuModel: ATTR.gpuModel,
  gpuShortModel: SUBSYSTEM_ATTR.gpuShortModel,
  gpuCount: ATTR.gpuCount,
  osVendor: ATTR.osVendor,
  osVersion: ATTR.osVersion,
  kernelVersion: SUBSYSTEM_ATTR.kernelVersion,
  mpi: ATTR.mpiImplementation,
  mpiVersion: ATTR.mpiVersion,
} as const;

/** Go architecture names compspec-go writes for a target, and the archspec family each stands for. */
const GO_ARCH: Readonly<Record<string, string>> = { amd64: "x86_64", arm64: "aarch64" };

/** A node's facts: subsystem name → the fields of its vertex there (subsystems without fields left out). */
export type SubsystemFacts = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** The subsystem of NFD feature element `<source>.<set>` `element`, or `undefined` when it cannot be named safely. */
export function nfdSubsystem(feature: string, element: string): string | undefined {
  const name = `${NFD_SUBSYSTEM_PREFIX}${feature.replace(".", "-")}-${element}`;
  return isPlainScalar(name) && !name.includes("/") && name.length <= 200 ? name : undefined;
}

/** Instance attributes that name a device, by feature: facts are which combinations of their values a node has. */
export const INSTANCE_IDENTITY: Readonly<Record<string, readonly string[]>> = {
  "pci.device": ["class", "device", "vendor"],
  "usb.device": ["class", "device", "vendor"],
};

/** Subsystem and field for "some instance of `feature` has these attribute values" (`pairs` sorted by name), or `undefined`. */
export function instanceFact(feature: string, pairs: readonly (readonly [string, string])[]): { name: string; field: string } | undefined {
  if (pairs.some(([, v]) => !/^[A-Za-z0-9_]{1,64}$/.test(v))) return undefined;
  const words = pairs.map(([a, v]) => `${a}.${v}`);
  // A file is named after its subsystem: keep the name well within a file name's 255 bytes.
  if (words.join("-").length > 150) return undefined;
  return { name: `${NFD_SUBSYSTEM_PREFIX}${feature.replace(".", "-")}-${words.join("-")}`, field: `${LABEL_PREFIX}${feature}.${words.join(".")}` };
}

/** The label field of NFD feature element `element` of `feature` (`nfd.cpu.cpuid.AVX2`). */
export function nfdField(feature: string, element: string): string {
  return `${LABEL_PREFIX}${feature}.${element}`;
}

/**
 * The `.version` field of an NFD attribute value: the value as NFD's `type:
 * version` comparisons read it (a loose semantic version; not RHEL's
 * `5.14.0-427.13.1.el9_4.x86_64`, which has `_`), as `MAJOR.MINOR.PATCH`.
 */
export function versionField(value: string): string | undefined {
  const v = parseLooseVersion(value);
  return v === undefined ? undefined : `${v[0]}.${v[1]}.${v[2]}`;
}

/** The `.number` field: a whole number (what NFD's integer comparisons read) as the version `n.0.0`. */
export function numberField(value: string): string | undefined {
  return /^\+?\d{1,15}$/.test(value) ? `${Number(value)}.0.0` : undefined;
}

/** The archspec target and its ancestors (names as archspec spells them). */
function targetNames(target: string, ancestors: string | undefined): string[] {
  const family = GO_ARCH[target];
  if (family !== undefined) return [family];
  const known = targets().byName.get(target);
  const names = [target, ...(known ? known.ancestors.map((a) => a.name) : [])];
  if (ancestors) for (const a of ancestors.split(",")) if (a !== "" && !names.includes(a)) names.push(a);
  return names;
}

/** Fields from entries whose value is set and safe (values through `plainValue` unless `raw`). */
function fields(entries: [string, string | undefined][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (v === undefined || !isPlainScalar(k)) continue;
    const value = plainValue(v);
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** The family facts of a node. */
function familyFacts(rec: NodeRecord, out: Map<string, Record<string, string>>): void {
  const a = rec.attributes;
  const put = (name: string, f: Record<string, string>) => {
    if (Object.keys(f).length > 0) out.set(name, f);
  };
  const target = a[FIELD.target];
  if (target !== undefined && target !== "") {
    const f = fields([[FIELD.target, target]]);
    for (const n of targetNames(target, a[ATTR.cpuTargetAncestors])) {
      if (isPlainScalar(`${FIELD.target}.${n}`)) f[`${FIELD.target}.${n}`] = PRESENT;
    }
    put("compat-arch", f);
  }
  put("compat-cpu", fields([[FIELD.cpuVendor, a[FIELD.cpuVendor]], [FIELD.cpuModel, a[FIELD.cpuModel]]]));

  // GPUs: the count is compared as a range (semver, lenient: "4" is 4.0.0), so it is written as a number.
  // The model as check compares it (the node attribute: every model, comma-separated), and the short name.
  const gpuEntries: [string, string | undefined][] = [[FIELD.gpuVendor, a[FIELD.gpuVendor]?.split(",")[0]], [FIELD.gpuModel, a[FIELD.gpuModel]]];
  const perModel = new Map<string, number>();
  for (const g of rec.gpus) {
    const m = gpuModelName(g.attributes[FIELD.gpuModel] ?? "");
    if (m !== undefined) perModel.set(m, (perModel.get(m) ?? 0) + 1);
  }
  if (perModel.size === 1) gpuEntries.push([FIELD.gpuShortModel, [...perModel.keys()][0]]);
  const gpu = fields(gpuEntries);
  if (a[FIELD.gpuCount] !== undefined || rec.gpus.length > 0) gpu[FIELD.gpuCount] = String(rec.gpus.length);
  for (const [m, n] of perModel) if (isPlainScalar(`${FIELD.gpuCount}.${m}`)) gpu[`${FIELD.gpuCount}.${m}`] = String(n);
  put("compat-gpu", gpu);

  const osVendor = a[FIELD.osVendor];
  const osVersion = a[FIELD.osVersion] === undefined ? undefined : normalVersion(a[FIELD.osVersion]!);
  put("compat-os", fields([
    [FIELD.osVendor, osVendor],
    [FIELD.osVersion, osVersion],
    ...(osVendor !== undefined && osVersion !== undefined ? [[`${FIELD.osVersion}.${osVendor}`, osVersion] as [string, string]] : []),
  ]));

  const kernel = a[nfdField("kernel.version", "full")];
  put("compat-kernel", fields([[FIELD.kernelVersion, kernel === undefined ? undefined : normalVersion(kernel)]]));

  const impl = a[FIELD.mpi] === undefined ? undefined : propertyName(a[FIELD.mpi]!);
  const mpiVersion = a[FIELD.mpiVersion] === undefined ? undefined : normalVersion(a[FIELD.mpiVersion]!);
  put("compat-mpi", fields([
    [FIELD.mpi, impl],
    [FIELD.mpiVersion, mpiVersion],
    ...(impl !== undefined && mpiVersion !== undefined ? [[`${FIELD.mpiVersion}.${impl}`, mpiVersion] as [string, string]] : []),
  ]));
}

/** The NFD element facts of a node from its label attributes (`create nodes --labels`' vocabulary). */
function nfdFacts(attributes: Readonly<Record<string, string>>, out: Map<string, Record<string, string>>): void {
  const instances = new Map<string, Map<string, Record<string, string>>>();
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(LABEL_PREFIX) || key === LABEL_SECTIONS_KEY) continue;
    // nfd.<source>.<set>.<element>: instances (`pci.device.3.vendor`) are not single facts.
    const parts = key.slice(LABEL_PREFIX.length).split(".");
    if (parts.length < 3) continue;
    const feature = `${parts[0]}.${parts[1]}`;
    const kind = featureKind(feature);
    if (kind === "instances") {
      collectInstance(feature, parts, value, instances);
      continue;
    }
    const element = parts.slice(2).join(".");
    const name = nfdSubsystem(feature, element);
    const field = nfdField(feature, element);
    if (name === undefined || !isPlainScalar(field)) continue;
    const f: Record<string, string> = { [field]: PRESENT };
    if (kind === "attributes") {
      const v = plainValue(value);
      if (v !== undefined) f[`${field}.value`] = v;
      const version = versionField(value);
      if (version !== undefined) f[`${field}.version`] = version;
      const number = numberField(value);
      if (number !== undefined) f[`${field}.number`] = number;
    }
    out.set(name, f);
  }
  // Each device: every combination of its identity attributes' values is one presence fact.
  for (const [feature, byIndex] of instances) {
    const names = INSTANCE_IDENTITY[feature]!;
    for (const inst of byIndex.values()) {
      for (let mask = 1; mask < 1 << names.length; mask++) {
        const pairs = names.filter((_, i) => mask & (1 << i)).map((a) => [a, inst[a]] as const);
        if (pairs.some(([, v]) => v === undefined)) continue;
        const fact = instanceFact(feature, pairs as [string, string][]);
        if (fact !== undefined) out.set(fact.name, { [fact.field]: PRESENT });
      }
    }
  }
}

/** Add label `nfd.<source>.<set>.<i>.<attr>` of an identity attribute to `instances` (feature → index → attributes). */
function collectInstance(feature: string, parts: string[], value: string, instances: Map<string, Map<string, Record<string, string>>>): void {
  const names = INSTANCE_IDENTITY[feature];
  if (names === undefined || parts.length !== 4 || !names.includes(parts[3]!)) return;
  let byIndex = instances.get(feature);
  if (byIndex === undefined) instances.set(feature, byIndex = new Map());
  let inst = byIndex.get(parts[2]!);
  if (inst === undefined) byIndex.set(parts[2]!, inst = {});
  inst[parts[3]!] = value;
}

/** The facts of one node (see the module's comment). */
export function subsystemFacts(rec: NodeRecord): SubsystemFacts {
  const out = new Map<string, Record<string, string>>();
  familyFacts(rec, out);
  nfdFacts(rec.attributes, out);
  return out;
}

/** Every subsystem a cluster of nodes with these facts gets: the families, then the NFD elements any node has, sorted. */
export function subsystemNames(facts: Iterable<SubsystemFacts>): string[] {
  const nfd = new Set<string>();
  for (const f of facts) for (const name of f.keys()) if (name.startsWith(NFD_SUBSYSTEM_PREFIX)) nfd.add(name);
  return [...FAMILIES, ...[...nfd].sort()];
}

/**
 * The names an NFD rule may use: the features NFD's sources publish, and for
 * each the element names a machine could have (`cpu.cpuid` flags from CPUID
 * and HWCAP tables, `kernel.config` options, module names, os-release keys).
 *
 * NFD reads a misspelt name as "absent", so `cpu.cpuid` `avx512f` (lscpu's
 * spelling of `AVX512F`) or `kernel.loadedmodule` `nvidia-uvm` (the module is
 * `nvidia_uvm`) make a rule fail on every node. An unknown *feature* is a
 * mistake in the artifact; an unknown *element* is one too, unless the list
 * here is older than the machine (klauspost/cpuid grows): those are warned
 * about, with the nearest known name, and their verdict is "unknown name".
 *
 * @module
 */
import { CPUID_NAMES } from "../linux/cpuid_names.ts";
import { closestName } from "../util/closest_name.ts";

/** How to tell a possible element name of a feature. */
interface ElementNames {
  /** The names there are (all of them, unless `pattern` admits more). */
  readonly names?: readonly string[];
  /** Names that are well-formed for the feature (`kernel.config`: upper case). */
  readonly pattern?: RegExp;
  /** The well-formed name a malformed one most likely meant (`nvidia-uvm` → `nvidia_uvm`). */
  readonly fix?: (name: string) => string | undefined;
  /** The rule the pattern states, for the note. */
  readonly rule?: string;
}

/** Any name: features whose elements are free-form (`local.label`, `rule.matched`, NFD's `fake` source). */
const ANY: ElementNames = {};

/** kernel option names: `CONFIG_` dropped, upper case (`NO_HZ_FULL`). */
const KCONFIG: ElementNames = {
  pattern: /^[A-Z0-9_]+$/,
  fix: (n) => {
    const fixed = n.replace(/^config_/i, "").toUpperCase();
    return /^[A-Z0-9_]+$/.test(fixed) ? fixed : undefined;
  },
  rule: "kernel options are written without CONFIG_, in upper case",
};

/** os-release keys (upper case) and NFD's two derived ones. */
const OS_RELEASE: ElementNames = {
  names: [
    "NAME", "ID", "ID_LIKE", "PRETTY_NAME", "VERSION", "VERSION_ID", "VERSION_CODENAME", "BUILD_ID", "VARIANT",
    "VARIANT_ID", "PLATFORM_ID", "CPE_NAME", "HOME_URL", "SUPPORT_URL", "BUG_REPORT_URL", "VERSION_ID.major",
    "VERSION_ID.minor",
  ],
  pattern: /^[A-Z0-9_]+$/,
  fix: (n) => (/^\w+$/.test(n) ? n.toUpperCase() : undefined),
  rule: "os-release keys are upper case",
};

/** The features of NFD's sources (compspec's nine, newer NFD's, `rule.matched`, and NFD's `fake` source). */
const FEATURES: ReadonlyMap<string, ElementNames> = new Map<string, ElementNames>([
  ["cpu.cpuid", { names: CPUID_NAMES }],
  ["cpu.model", { names: ["vendor_id", "family", "id", "hypervisor"] }],
  ["cpu.cstate", { names: ["enabled"] }],
  ["cpu.pstate", { names: ["status", "turbo", "scaling_governor"] }],
  ["cpu.rdt", { names: ["RDTMON", "RDTCMT", "RDTMBM", "RDTL3CA", "RDTL2CA", "RDTMBA", "RDTL3CA_NUM_CLOSID"] }],
  ["cpu.security", {
    names: [
      "sgx.enabled", "sgx.epc", "tdx.enabled", "tdx.total_keys", "tdx.protected", "sev.enabled", "sev.asids",
      "sev.es.enabled", "sev.encrypted_state_ids", "sev.snp.enabled", "se.enabled",
    ],
  }],
  ["cpu.sst", { names: ["bf.enabled"] }],
  ["cpu.topology", { names: ["hardware_multithreading", "socket_count"] }],
  ["cpu.coprocessor", { names: ["nx_gzip"] }],
  ["kernel.config", KCONFIG],
  ["kernel.loadedmodule", {
    // /proc/modules spells every module with underscores.
    pattern: /^[A-Za-z0-9_]+$/,
    fix: (n) => (/^[A-Za-z0-9_-]+$/.test(n) ? n.replaceAll("-", "_") : undefined),
    rule: "loaded modules are named with underscores, as in /proc/modules",
  }],
  ["kernel.enabledmodule", { pattern: /^[A-Za-z0-9_-]+$/, rule: "module names are letters, digits, _ and -" }],
  ["kernel.selinux", { names: ["enabled"] }],
  ["kernel.version", { names: ["full", "major", "minor", "revision"] }],
  ["kernel.kvm", { names: ["enabled"] }],
  ["local.label", ANY],
  ["local.feature", ANY],
  ["memory.numa", { names: ["is_numa", "node_count"] }],
  ["memory.nv", { names: ["name", "devtype", "mode"] }],
  ["memory.swap", { names: ["enabled"] }],
  ["memory.hugepages", { names: ["enabled"], pattern: /^hugepages-\d+[KMGT]i$/, rule: "hugepages-<size>, as hugepages-2Mi" }],
  ["network.device", { names: ["name", "operstate", "speed", "sriov_numvfs", "sriov_totalvfs", "mtu"] }],
  ["network.virtual", { names: ["name", "operstate", "speed", "mtu"] }],
  ["pci.device", {
    names: ["class", "vendor", "device", "subsystem_vendor", "subsystem_device", "sriov_totalvfs", "iommu_group/type", "iommu/intel-iommu/version"],
  }],
  ["storage.block", { names: ["name", "dax", "rotational", "nr_zones", "zoned"] }],
  ["usb.device", { names: ["class", "vendor", "device", "serial"] }],
  ["system.name", { names: ["nodename"] }],
  ["system.osrelease", OS_RELEASE],
  ["system.dmiid", {
    names: [
      "sys_vendor", "bios_date", "bios_vendor", "bios_version", "board_asset_tag", "board_name", "board_vendor",
      "board_version", "chassis_asset_tag", "chassis_type", "chassis_vendor", "chassis_version", "product_family",
      "product_name", "product_sku", "product_version",
    ],
  }],
  ["rule.matched", ANY],
  ["fake.flag", ANY],
  ["fake.attribute", ANY],
  ["fake.instance", ANY],
]);

const SOURCES: ReadonlySet<string> = new Set([...FEATURES.keys()].map((f) => f.slice(0, f.indexOf("."))));

/**
 * What is wrong with feature `name` (as written), if anything. `error`: a
 * mistake — no `<source>.<set>` form, a set its source does not have, or near
 * a known feature (`cpu.cpuids`, `cpuid`). `unknown`: a source NFD does not
 * have and nothing near it (NFD's own tests use `unknown.unknown`, which it
 * reads as absent): only a warning, and its verdict is "unknown name".
 */
export function featureProblem(name: string): { error: string } | { unknown: string } | undefined {
  const lower = name.toLowerCase();
  if (FEATURES.has(lower)) return undefined;
  const names = [...FEATURES.keys()];
  const guess = closestName(lower, names) ?? names.find((f) => f.slice(f.indexOf(".") + 1) === lower);
  if (guess !== undefined) return { error: `unknown feature ${JSON.stringify(name)}; did you mean ${guess}?` };
  const dot = lower.indexOf(".");
  const form = "features are <source>.<set>, as cpu.cpuid, kernel.loadedmodule, system.osrelease (see docs/compat.md)";
  if (dot <= 0) return { error: `unknown feature ${JSON.stringify(name)}; ${form}` };
  const source = lower.slice(0, dot);
  if (SOURCES.has(source)) {
    const sets = names.filter((f) => f.startsWith(`${source}.`));
    return { error: `unknown feature ${JSON.stringify(name)}; source ${source} has ${sets.join(", ")}` };
  }
  return { unknown: `no machine has feature ${JSON.stringify(name)} (NFD has no source ${JSON.stringify(source)}; ${form})` };
}

/**
 * Why no machine could have element `name` of `feature` (`no machine has
 * cpu.cpuid element "avx512f" (did you mean AVX512F?)`), or `undefined` when
 * one could. Case matters, as in NFD.
 */
export function unknownElementText(feature: string, name: string): string | undefined {
  const known = FEATURES.get(feature);
  if (!known || (!known.names && !known.pattern)) return undefined;
  if (known.names?.includes(name) || known.pattern?.test(name)) return undefined;
  const guess = (known.names ? closestName(name, known.names) : undefined) ?? known.fix?.(name);
  const rule = known.rule && !known.names?.some((n) => n.toLowerCase() === name.toLowerCase()) ? known.rule : undefined;
  const hints = [...(rule ? [rule] : []), ...(guess !== undefined && guess !== name ? [`did you mean ${guess}?`] : [])];
  return `no machine has ${feature} element ${JSON.stringify(name)}${hints.length > 0 ? ` (${hints.join(": ")})` : ""}`;
}

/**
 * The `system.arch` section: the machine (`uname -m`), its Go name and the
 * archspec target.
 *
 * @module
 */
import { nodeOs } from "../../util/lazy_builtins.ts";
import { ARCHSPEC_DATA_COMMIT, detectTarget } from "../../archspec/mod.ts";
import type { Host } from "../../host/host.ts";
import { ExtractError, type Section } from "../types.ts";
import type { Cpuinfo } from "./cpuinfo.ts";
import { archName, machineFromParsedCpuinfo } from "./machine.ts";
import { cpuinfo, CPUINFO, cpuinfoText, type ReadContext, readValue } from "./read_common.ts";
import { ARCH_KEY } from "../../node/vocabulary.ts";

/**
 * `uname -m` without a command: /proc/sys/kernel/arch when the kernel has it;
 * else, on the running machine, node:os `machine()` (ppc64 on a little-endian
 * CPU is ppc64le); else, for a saved root, inferred from /proc/cpuinfo.
 */
export function machineOf(host: Host): string {
  const fromKernel = readValue(host, "/proc/sys/kernel/arch");
  if (fromKernel) return fromKernel;
  if (host.live) {
    const m = nodeOs().machine();
    return m === "ppc64" && nodeOs().endianness() === "LE" ? "ppc64le" : m;
  }
  const text = cpuinfoText(host);
  let info: Cpuinfo | undefined;
  try {
    info = cpuinfo(host);
  } catch {
    info = undefined; // malformed: no inference
  }
  const inferred = info === undefined ? undefined : machineFromParsedCpuinfo(info);
  if (inferred === undefined) {
    throw new ExtractError(
      text === undefined
        ? `cannot tell the architecture: neither /proc/sys/kernel/arch nor ${CPUINFO} exists`
        : `cannot tell the architecture: /proc/sys/kernel/arch does not exist and ${CPUINFO} names no known CPU family`,
      "/proc/sys/kernel/arch",
    );
  }
  return inferred;
}

/** The `system.arch` section: `name` (Go), `arch` (`uname -m`) and the archspec `target.*` keys. */
export function readArchSection(ctx: ReadContext): Section {
  const machine = machineOf(ctx.host);
  const out: Section = { [ARCH_KEY.name]: archName(machine), [ARCH_KEY.arch]: machine };
  const target = detectTarget(cpuinfoText(ctx.host) ?? "", machine);
  if (target) {
    out[ARCH_KEY.target] = target.name;
    out["target.vendor"] = target.vendor;
    out["target.generic"] = target.generic;
    out[ARCH_KEY.targetAncestors] = target.ancestors.join(",");
    out["target.data"] = ARCHSPEC_DATA_COMMIT;
  }
  return out;
}

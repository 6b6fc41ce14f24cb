/**
 * archspec's `host()` on Linux: per-family compatibility checks, the generic
 * floor, the `CPU part` filter and the ranking key.
 *
 * @module
 */
import type { HostInfo } from "./host_info.ts";
import { genericTarget, type Target, targets } from "./targets.ts";

type Check = (info: HostInfo, t: Target, machine: string) => boolean;

// "t is R or descends from R" is `t.family === R` for a root R: each target has one root.
const X86_64: Check = (info, t) =>
  t.family === "x86_64" && (t.vendor === info.vendor || t.vendor === "generic") && t.featuresIn(info.features);

const AARCH64: Check = (info, t) =>
  // armv8.xa / armv9.xa are never candidates on Linux: only the root is a generic candidate.
  (t.vendor !== "generic" || t.name === "aarch64") &&
  t.family === "aarch64" &&
  (t.vendor === info.vendor || t.vendor === "generic") &&
  t.featuresIn(info.features);

// No vendor or feature check: POWER targets have no features. `uname -m` alone picks BE/LE.
const POWER: Check = (info, t, machine) => t.family === machine && t.generation <= info.generation;

const RISCV64: Check = (info, t) => t.family === "riscv64" && (t.name === info.name || t.vendor === "generic");

/** `COMPATIBILITY_CHECKS`: families archspec knows how to match. */
const CHECKS: Readonly<Record<string, Check>> = {
  x86_64: X86_64,
  aarch64: AARCH64,
  ppc64: POWER,
  ppc64le: POWER,
  riscv64: RISCV64,
};

/** Whether archspec has a compatibility check for this `uname -m`. */
export function hasCheck(machine: string): boolean {
  return Object.hasOwn(CHECKS, machine);
}

/**
 * archspec's `host()` for a partial host uarch and `uname -m`. Families with no
 * check get `generic(machine)`, i.e. the machine name verbatim.
 */
export function selectTarget(info: HostInfo, machine: string): Target {
  const check = hasCheck(machine) ? CHECKS[machine]! : undefined;
  let candidates = check ? targets().list.filter((t) => check(info, t, machine)) : [];
  if (candidates.length === 0) candidates = [genericTarget(machine)];

  const bestGeneric = argmax(candidates.filter((c) => c.vendor === "generic"))!;

  // `CPU part` narrows only feature-compatible candidates, and only when one has that part.
  if (info.cpuPart !== "" && candidates.some((c) => c.cpuPart === info.cpuPart)) {
    candidates = candidates.filter((c) => c.cpuPart === info.cpuPart);
  }
  // Generic floor: only proper descendants of the best generic level survive.
  candidates = candidates.filter((c) => c.ancestorNames.has(bestGeneric.name));
  return argmax(candidates) ?? bestGeneric;
}

/**
 * archspec's `Microarchitecture.generic`: the generic target among `t` and its
 * ancestors with the most ancestors (first in list order on a tie).
 */
export function genericOf(t: Target): Target {
  let best = t.vendor === "generic" ? t : undefined;
  for (const a of t.ancestors) {
    if (a.vendor === "generic" && (best === undefined || a.ancestors.length > best.ancestors.length)) best = a;
  }
  return best ?? t; // unreachable with this data: every family root is generic
}

/** Python `max(xs, key=(len(ancestors), len(features)))`: ties go to the first. */
function argmax(xs: readonly Target[]): Target | undefined {
  let best: Target | undefined;
  for (const x of xs) {
    if (
      best === undefined || x.ancestors.length > best.ancestors.length ||
      (x.ancestors.length === best.ancestors.length && x.features.size > best.features.size)
    ) best = x;
  }
  return best;
}

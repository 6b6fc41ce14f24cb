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
  let candidates: Target[] = [];
  if (check) for (const t of targets().list) if (check(info, t, machine)) candidates.push(t);
  if (candidates.length === 0) candidates = [genericTarget(machine)];

  // The family root is always a generic candidate, so there is a best generic.
  let bestGeneric: Target | undefined;
  for (const c of candidates) {
    if (c.vendor === "generic" && (bestGeneric === undefined || ranksAbove(c, bestGeneric))) bestGeneric = c;
  }
  if (bestGeneric === undefined) throw new Error(`archspec: no generic target for ${machine}`);

  // `CPU part` narrows only feature-compatible candidates, and only when one has that part.
  if (info.cpuPart !== "") {
    const same = candidates.filter((c) => c.cpuPart === info.cpuPart);
    if (same.length > 0) candidates = same;
  }
  // Generic floor: only proper descendants of the best generic level survive;
  // the last step is argmax of the key, ties to the first.
  let best: Target | undefined;
  for (const c of candidates) {
    if (descendsFrom(c, bestGeneric) && (best === undefined || ranksAbove(c, best))) best = c;
  }
  return best ?? bestGeneric;
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

/** Python `max(key=(len(ancestors), len(features)))` keeps the first of equals: `x` wins only when strictly above. */
function ranksAbove(x: Target, y: Target): boolean {
  const dx = x.ancestors.length;
  const dy = y.ancestors.length;
  return dx > dy || (dx === dy && x.featureCount > y.featureCount);
}

/** Whether `ancestor` is a proper ancestor of `t` (archspec's `t > ancestor`). */
function descendsFrom(t: Target, ancestor: Target): boolean {
  for (const p of t.parents) if (p === ancestor || descendsFrom(p, ancestor)) return true;
  return false;
}

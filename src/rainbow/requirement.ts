/**
 * A jobspec requirement as rainbow reads it (`requires:` entries of a
 * resource: `name` a subsystem, `field`, and `match` or `min`/`max`), the
 * requirements of an artifact rainbow cannot evaluate, and the one rule that
 * binds them: rainbow keeps one entry per subsystem per resource (a later
 * entry replaces an earlier one), so a second requirement on a subsystem
 * is merged into the first when both are ranges on one field, and otherwise
 * cannot be checked.
 *
 * @module
 */
import { parseSemver, type Semver } from "./plain_scalar.ts";

/** One `requires` entry. */
export interface Requirement {
  /** The subsystem. */
  readonly name: string;
  readonly field: string;
  /** Exact string equality. */
  readonly match?: string;
  /** Inclusive lower bound, `MAJOR.MINOR.PATCH`. */
  readonly min?: string;
  /** Inclusive upper bound, `MAJOR.MINOR.PATCH`. */
  readonly max?: string;
}

/** A requirement of the artifact that the jobspec leaves out, and why. */
export interface Unchecked {
  /** The requirement, as the artifact words it. */
  readonly what: string;
  readonly why: string;
}

/** An artifact's requirements for rainbow. */
export interface Translation {
  readonly requires: readonly Requirement[];
  readonly unchecked: readonly Unchecked[];
  /** Which part of the artifact was translated (the compatibility set), for people. */
  readonly chosen?: string;
}

function cmp(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

/** The range both `a` and `b` allow, when both are ranges on one field. */
function intersect(a: Requirement, b: Requirement): Requirement | undefined {
  if (a.field !== b.field || a.match !== undefined || b.match !== undefined) return undefined;
  const pick = (x: string | undefined, y: string | undefined, lower: boolean): string | undefined => {
    if (x === undefined) return y;
    if (y === undefined) return x;
    const c = cmp(parseSemver(x)!, parseSemver(y)!);
    return (lower ? c >= 0 : c <= 0) ? x : y;
  };
  const min = pick(a.min, b.min, true);
  const max = pick(a.max, b.max, false);
  return { name: a.name, field: a.field, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

/** Whether the range of `r` is empty (min above max). */
export function emptyRange(r: Requirement): boolean {
  return r.min !== undefined && r.max !== undefined && cmp(parseSemver(r.min)!, parseSemver(r.max)!) > 0;
}

/** Collects requirements, at most one per subsystem. */
export class RequirementSet {
  readonly #bySubsystem = new Map<string, Requirement>();
  readonly unchecked: Unchecked[] = [];

  /** Add `r` (for the artifact's `what`): merged, or unchecked when its subsystem already has another. */
  add(r: Requirement, what: string): void {
    const had = this.#bySubsystem.get(r.name);
    if (had === undefined) {
      this.#bySubsystem.set(r.name, r);
      return;
    }
    if (had.field === r.field && had.match === r.match && had.min === r.min && had.max === r.max) return;
    const merged = intersect(had, r);
    if (merged !== undefined) {
      this.#bySubsystem.set(r.name, merged);
      return;
    }
    this.skip(what, `subsystem ${r.name} already carries a requirement, and rainbow keeps only one per subsystem`);
  }

  /** Note a requirement rainbow cannot evaluate. */
  skip(what: string, why: string): void {
    this.unchecked.push({ what, why });
  }

  /** The requirements, in the order their subsystems were first asked for. */
  requirements(): Requirement[] {
    return [...this.#bySubsystem.values()];
  }
}

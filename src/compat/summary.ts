/**
 * From per-node verdicts to the report: how many nodes of each target can run
 * the image, with which set, the nodes grouped by their reasons (hostlists),
 * and across several clusters the top choice — rainbow's "Level 1" selection
 * made local: most fitting nodes, then the highest weight.
 *
 * @module
 */
import { compareHostnames } from "../node/hostname.ts";
import { compressHostlist } from "../util/hostlist.ts";
import type { Artifact } from "./artifact.ts";
import { selectSets } from "./nfd_eval.ts";
import type { ArtifactSet, CheckReport, GroupReport, ReasonReport, TargetKind, TargetReport } from "./report.ts";
import type { NodeVerdict, Reason } from "./verdict.ts";

/** The most distinct found values a reason lists for a group (the rest are counted). */
const MAX_FOUND = 10;

/** Distinct found values in sorted order (so node order never shows), at most {@linkcode MAX_FOUND}. */
function foundList(values: ReadonlySet<string>): string[] {
  const sorted = [...values].sort(compareHostnames);
  return sorted.length <= MAX_FOUND ? sorted : [...sorted.slice(0, MAX_FOUND), `… ${sorted.length - MAX_FOUND} more`];
}

/** The sets a check evaluates (after `--tags`), as the report lists them. */
export function artifactSets(artifact: Artifact, tags?: readonly string[]): ArtifactSet[] {
  if (artifact.kind === "compspec") return [{ index: 0, weight: 0, ...(artifact.name ? { description: artifact.name } : {}) }];
  return selectSets(artifact, tags).map((s) => ({
    index: s.index,
    ...(s.tag !== undefined ? { tag: s.tag } : {}),
    weight: s.weight,
    ...(s.description !== undefined ? { description: s.description } : {}),
  }));
}

function hostlist(names: string[]): string {
  return compressHostlist([...names].sort(compareHostnames));
}

/** What makes two nodes' results the same, found values aside. */
function signature(v: NodeVerdict): string {
  const reason = (r: Reason) => [r.status, r.rule, r.feature, r.key, r.expression, r.note ?? ""];
  return JSON.stringify([v.status, v.best ?? null, v.error ?? "", v.sets.map((s) => [s.index, s.status, s.reasons.map(reason)])]);
}

/** A target's verdicts, before summarising. */
export interface TargetVerdicts {
  name: string;
  kind: TargetKind;
  source?: string;
  verdicts: readonly NodeVerdict[];
}

/** Summarise one target. `all`: it fits only when every node does. */
export function summarizeTarget(t: TargetVerdicts, sets: readonly ArtifactSet[], all: boolean): TargetReport {
  const groups = new Map<string, { first: NodeVerdict; hosts: string[]; found: Set<string>[][] }>();
  const passing = new Map<number, string[]>(sets.map((s) => [s.index, []]));
  const fitting: string[] = [];
  const other: string[] = [];
  for (const v of t.verdicts) {
    (v.status === "pass" ? fitting : other).push(v.hostname);
    for (const s of v.sets) if (s.status === "pass") passing.get(s.index)?.push(v.hostname);
    const key = signature(v);
    let g = groups.get(key);
    if (!g) groups.set(key, g = { first: v, hosts: [], found: v.sets.map((s) => s.reasons.map(() => new Set<string>())) });
    g.hosts.push(v.hostname);
    v.sets.forEach((s, i) => s.reasons.forEach((r, j) => {
      for (const x of r.found) g!.found[i]![j]!.add(x);
    }));
  }
  const weights = new Map(sets.map((s) => [s.index, s.weight]));
  const bestSet = (index: number | undefined) => index === undefined ? null : { index, weight: weights.get(index) ?? 0 };
  const report: GroupReport[] = [...groups.values()].map((g) => ({
    count: g.hosts.length,
    hosts: hostlist(g.hosts),
    status: g.first.status,
    best: bestSet(g.first.best),
    sets: g.first.sets.map((s, i) => ({
      index: s.index,
      status: s.status,
      reasons: s.reasons.map((r, j): ReasonReport => ({
        status: r.status,
        rule: r.rule,
        feature: r.feature,
        key: r.key,
        expression: r.expression,
        found: foundList(g.found[i]![j]!),
        ...(r.note !== undefined ? { note: r.note } : {}),
      })),
    })),
    ...(g.first.error !== undefined ? { error: g.first.error } : {}),
  }));
  const first = (g: GroupReport) => g.hosts;
  report.sort((a, b) =>
    Number(b.status === "pass") - Number(a.status === "pass") || b.count - a.count || compareHostnames(first(a), first(b))
  );
  let best: TargetReport["best"] = null;
  for (const s of sets) {
    if ((passing.get(s.index)?.length ?? 0) > 0 && (best === null || s.weight > best.weight)) best = { index: s.index, weight: s.weight };
  }
  const nodes = t.verdicts.length;
  return {
    name: t.name,
    kind: t.kind,
    ...(t.source !== undefined ? { source: t.source } : {}),
    nodes,
    fitting: fitting.length,
    fits: all ? nodes > 0 && fitting.length === nodes : fitting.length > 0,
    fittingHosts: hostlist(fitting),
    otherHosts: hostlist(other),
    best,
    sets: sets.map((s) => ({ index: s.index, passing: passing.get(s.index)!.length, hosts: hostlist(passing.get(s.index)!) })),
    groups: report,
  };
}

/** The target to choose: the fitting one with the most fitting nodes, then the highest best weight, then the first. */
export function topChoice(targets: readonly TargetReport[]): TargetReport | undefined {
  let top: TargetReport | undefined;
  for (const t of targets) {
    if (!t.fits) continue;
    if (!top || t.fitting > top.fitting || (t.fitting === top.fitting && (t.best?.weight ?? 0) > (top.best?.weight ?? 0))) top = t;
  }
  return top;
}

/** The whole report. */
export function checkReport(artifact: Artifact, sets: ArtifactSet[], targets: TargetReport[], all: boolean, found?: string): CheckReport {
  const top = topChoice(targets);
  return {
    version: 1,
    artifact: { source: artifact.source, ...(found === undefined ? {} : { found }), kind: artifact.kind, sets },
    all,
    fits: top !== undefined,
    topChoice: top?.name ?? null,
    targets,
  };
}

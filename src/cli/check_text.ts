/**
 * `compspec check`'s output for people: per target whether the image can
 * run, on how many nodes and with which set; the nodes as hostlists grouped
 * by their reasons; each set PASS/FAIL with the failing requirements (feature,
 * key, operator, wanted vs found); and across clusters the top choice.
 *
 * @module
 */
import type { CheckReport, GroupReport, TargetReport } from "../compat/report.ts";
import { escapeControlDeep } from "../util/escape_control.ts";
import { pushAll } from "../util/array_ops.ts";
import { clipText } from "../util/clip_text.ts";

type ArtifactSets = CheckReport["artifact"]["sets"];
type SetInfo = ArtifactSets[number];

const STATUS_WORD = { pass: "PASS", fail: "FAIL", unknown: "UNKNOWN", error: "ERROR" } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `set 2 [avx2] "AVX2 build" (weight 10)`; an attribute artifact's one set is "requirements". */
function setLabel(s: SetInfo, kind: CheckReport["artifact"]["kind"]): string {
  if (kind === "compspec") return "requirements";
  return `set ${s.index + 1}${s.tag ? ` [${clipText(s.tag)}]` : ""}${s.description ? ` ${clipText(JSON.stringify(s.description))}` : ""}${
    s.weight ? ` (weight ${s.weight})` : ""
  }`;
}

/** `set avx2, weight 10`: the short name of the set a node would use (nothing when there is no choice). */
function setShort(s: SetInfo | undefined, report: CheckReport): string {
  if (!s || report.artifact.kind === "compspec" || report.artifact.sets.length < 2) return "";
  return ` (set ${s.tag === undefined ? s.index + 1 : clipText(s.tag)}${s.weight ? `, weight ${s.weight}` : ""})`;
}

/** A target that is one node by nature (this machine, a root, a node file): no hostlists. */
function single(t: TargetReport): boolean {
  return t.kind === "host" || t.kind === "root" || t.kind === "node-file";
}

function verdictLine(t: TargetReport, report: CheckReport): string {
  const sets = report.artifact.sets;
  const best = t.best ? sets.find((s) => s.index === t.best!.index) : undefined;
  if (single(t)) {
    const g = t.groups[0]!;
    switch (g.status) {
      case "pass":
        return `can run it${setShort(sets.find((s) => s.index === g.best?.index), report)}`;
      case "fail":
        return "cannot run it";
      case "unknown":
        return "cannot tell: some requirements cannot be checked from this data";
      case "error":
        return "cannot be evaluated";
    }
  }
  const used = setsUsed(t, sets);
  const which = used.length > 1 && report.artifact.kind === "nfd"
    ? `: ${used.map(([s, n]) => `${plural(n, "node")}: set ${s.tag ?? s.index + 1}${s.weight ? ` (weight ${s.weight})` : ""}`).join("; ")}`
    : setShort(best, report);
  return `${t.fitting} of ${plural(t.nodes, "node")} can run it${which}${report.all && !t.fits && t.fitting > 0 ? " (not all, as --all asks)" : ""}`;
}

/**
 * The sets the fitting nodes would use (each group's best), with how many nodes
 * each: highest weight first. Several when nodes differ, e.g. one node passes
 * the GPU set and two only the CPU one: one best set for all would be untrue.
 */
function setsUsed(t: TargetReport, sets: ArtifactSets): [SetInfo, number][] {
  const counts = new Map<number, [SetInfo, number]>();
  for (const g of t.groups) {
    if (g.status !== "pass" || g.best === null) continue;
    const known = counts.get(g.best.index);
    if (known) known[1] += g.count;
    else counts.set(g.best.index, [sets.find((s) => s.index === g.best!.index) ?? { index: g.best.index, weight: g.best.weight }, g.count]);
  }
  return [...counts.values()].sort((a, b) => b[0].weight - a[0].weight || a[0].index - b[0].index);
}

function groupLines(g: GroupReport, report: CheckReport, indent: string): string[] {
  const lines: string[] = [];
  if (g.error !== undefined) lines.push(`${indent}error: ${g.error}`);
  for (const s of g.sets) {
    const info = report.artifact.sets.find((x) => x.index === s.index)!;
    lines.push(`${indent}${setLabel(info, report.artifact.kind)}: ${STATUS_WORD[s.status]}`);
    for (const r of s.reasons) {
      // Every part comes from the artifact or the node: each is cut when long.
      const what = `${clipText(r.feature)}${r.key ? ` ${clipText(r.key)}` : ""} ${clipText(r.expression)}`;
      const rule = report.artifact.kind === "nfd" ? `rule ${clipText(JSON.stringify(r.rule))}: ` : "";
      lines.push(`${indent}  ${rule}${what} — found ${clipText(r.found.join(", "))}${r.note ? ` (${clipText(r.note)})` : ""}`);
    }
  }
  return lines;
}

function targetLines(t: TargetReport, report: CheckReport): string[] {
  const lines = [`${t.name}${t.source && t.source !== t.name ? ` (${t.source})` : ""}: ${verdictLine(t, report)}`];
  if (single(t)) return [...lines, ...groupLines(t.groups[0]!, report, "  ")];
  lines.push(`  can run:    ${t.fittingHosts || "(none)"}`);
  const untold = t.groups.some((g) => g.status === "unknown" || g.status === "error");
  if (t.otherHosts) lines.push(`  ${untold ? "cannot run or cannot tell:" : "cannot run:"} ${t.otherHosts}`);
  if (report.artifact.sets.length > 1) {
    for (const s of t.sets) {
      const info = report.artifact.sets.find((x) => x.index === s.index)!;
      lines.push(`  ${setLabel(info, report.artifact.kind)} passes on ${s.passing} of ${t.nodes}${s.passing > 0 ? `: ${s.hosts}` : ""}`);
    }
  }
  for (const g of t.groups) {
    lines.push(`  ${g.hosts} (${plural(g.count, "node")}): ${g.status === "pass" ? "can run it" : g.status === "fail" ? "cannot run it" : g.status === "unknown" ? "cannot tell" : "cannot be evaluated"}`);
    pushAll(lines, groupLines(g, report, "    "));
  }
  return lines;
}

/** The whole report as text. */
export function formatCheckReport(raw: CheckReport): string {
  // Every string from registries, artifacts and node files shown with its control characters escaped (#21).
  const report = escapeControlDeep(raw);
  const a = report.artifact;
  const what = a.kind === "nfd" ? `NFD v1alpha1 artifact, ${plural(a.sets.length, "compatibility set")}` : "compspec attribute artifact";
  const lines = [`${a.source}: ${what}${report.all ? "; --all: every node must be able to run it" : ""}`];
  if (a.found !== undefined) lines.push(`  found as ${a.found}`);
  if (a.sets.length === 0) lines.push("no compatibility set to evaluate: nothing can pass");
  if (report.targets.length > 1) {
    lines.push("");
    for (const t of report.targets) lines.push(`${t.name}: ${verdictLine(t, report)}`);
    lines.push(report.topChoice === null ? "top choice: none (no cluster can run it)" : `top choice: ${report.topChoice}`);
  }
  for (const t of report.targets) {
    lines.push("");
    pushAll(lines, targetLines(t, report));
  }
  return lines.join("\n") + "\n";
}

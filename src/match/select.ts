/**
 * compspec-go's `match`, its defects fixed: each image's artifact becomes a
 * set of labels (`N.K.V` and every dot-prefix of `N.K`), each `--match k=v`
 * selects the images holding label `k.v` (exact, case-sensitive), results are
 * intersected, and the answer is sorted. Pure.
 *
 * @module
 */
import type { AttributeArtifact } from "../compat/attribute_artifact.ts";
import { graphFor, knownGraphIds } from "./schema_graphs.ts";
import { namedError } from "../util/named_error.ts";

/** A `match` failure with compspec-go's message. */
export class MatchError extends namedError("MatchError") {}

/** The labels of one artifact (sorted). */
export function artifactLabels(artifact: AttributeArtifact): string[] {
  const labels = new Set<string>();
  for (const { key, value } of artifact.requirements) {
    const parts = key.split(".");
    for (let i = 1; i <= parts.length; i++) labels.add(parts.slice(0, i).join("."));
    labels.add(`${key}.${value}`);
  }
  return [...labels].sort();
}

/** The schema graph ids the artifacts need, checked: every `compatibilities[].name` must have a graph. */
export function checkSchemas(artifacts: ReadonlyMap<string, AttributeArtifact>): string[] {
  const ids = new Set<string>();
  for (const [image, a] of artifacts) {
    const available = new Set<string>();
    for (const [ns, url] of Object.entries(a.schemas)) {
      const g = graphFor(ns, url);
      if (g) available.add(g.id);
    }
    for (const name of a.namespaces) {
      if (!available.has(name)) {
        throw new MatchError(
          `Schema root node ${name} is missing from the graph, missing from schemas. ` +
            `(artifact of ${image}; compspec knows the graphs ${knownGraphIds()}, named in metadata.schemas)`,
        );
      }
      ids.add(name);
    }
  }
  return [...ids].sort();
}

/** One `--match k=v`, split at the first `=`. */
export function parseCriterion(text: string): { key: string; value: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new MatchError(`--match ${JSON.stringify(text)}: expected key=value`);
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/**
 * The images whose labels satisfy every criterion, sorted. No criteria: every
 * image with at least one label. An unknown label or an empty intersection is
 * a {@linkcode MatchError} with compspec-go's message.
 */
export function selectImages(labels: ReadonlyMap<string, readonly string[]>, criteria: readonly string[]): string[] {
  const withLabels = [...labels].filter(([, l]) => l.length > 0).map(([image]) => image);
  if (criteria.length === 0) return withLabels.sort();
  const holders = new Map<string, Set<string>>();
  for (const [image, list] of labels) {
    for (const l of list) {
      let s = holders.get(l);
      if (!s) holders.set(l, (s = new Set()));
      s.add(image);
    }
  }
  let current: Set<string> | undefined;
  for (const text of criteria) {
    const { key, value } = parseCriterion(text);
    const have = holders.get(`${key}.${value}`);
    if (!have) throw new MatchError(`Field ${text} is not known and cannot be matched.`);
    const next: Set<string> = current === undefined ? new Set(have) : new Set([...current].filter((i) => have.has(i)));
    if (next.size === 0) throw new MatchError(`Adding field ${text} empties match set, no possible matches.`);
    current = next;
  }
  return [...current!].sort();
}

/** Fisher–Yates shuffle with `random` in [0, 1). */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * NFD image-compatibility artifacts (`version: v1alpha1`): schema, reading and
 * compiling. The format (NFD `pkg/client-nfd/compat` / `api/image-compatibility/v1alpha1`):
 *
 * ```yaml
 * version: v1alpha1
 * compatibilities:
 * - description: "my image requirements"
 *   tag: avx2          # optional, selects sets with --tags
 *   weight: 10         # optional, the preferred passing set has the highest
 *   rules:
 *   - name: "kernel and cpu"
 *     vars: {k: v}     # published to later rules as feature rule.matched
 *     matchFeatures:   # AND over terms
 *     - feature: cpu.cpuid
 *       matchExpressions: {AVX2: {op: Exists}}
 *     matchAny:        # OR over elements
 *     - matchFeatures: [...]
 * ```
 *
 * Field names match case-insensitively, as Go's decoder does; a key that is no
 * field (NFD would ignore it) is refused with the nearest field name, fields
 * that have no effect here (`annotations`, `taints`) get a note, and
 * everything NFD would stop on is refused here, when the artifact is read,
 * with the place.
 *
 * @module
 */
import * as v from "valibot";
import type { DocPath, ParsedDocument } from "./document.ts";
import { compileExpression, type Expression, ExpressionError } from "./expression.ts";
import { featureProblem } from "./feature_names.ts";
import { canonicalFieldNames, type Shape } from "./field_names.ts";
import { lintExpressions } from "./nfd_lint.ts";
import { goOptional, validateDocument } from "./validate.ts";
import { pushAll } from "../util/array_ops.ts";

/** The one NFD artifact version there is. */
export const NFD_VERSION = "v1alpha1";


const StringMap = v.record(v.string(), v.string());

/** `{op, value, type}`. */
export const MatchExpressionSchema = v.looseObject({
  op: goOptional(v.string()),
  value: goOptional(v.array(v.string())),
  type: goOptional(v.string()),
});

/** `{feature, matchExpressions?, matchName?}`. */
export const FeatureTermSchema = v.looseObject({
  feature: v.string(),
  matchExpressions: goOptional(v.record(v.string(), MatchExpressionSchema)),
  matchName: goOptional(MatchExpressionSchema),
});

const noTemplate = v.check(
  (x: unknown) => x === undefined || x === null || x === "",
  "Go templates are not supported by compspec: use vars (and labels) with fixed values",
);

/** One rule. */
export const RuleSchema = v.looseObject({
  name: goOptional(v.string()),
  labels: goOptional(StringMap),
  vars: goOptional(StringMap),
  labelsTemplate: v.optional(v.pipe(v.unknown(), noTemplate)),
  varsTemplate: v.optional(v.pipe(v.unknown(), noTemplate)),
  matchFeatures: goOptional(v.array(FeatureTermSchema)),
  matchAny: goOptional(v.array(v.looseObject({ matchFeatures: goOptional(v.array(FeatureTermSchema)) }))),
});

/** One compatibility set. */
export const CompatibilitySetSchema = v.looseObject({
  description: goOptional(v.string()),
  tag: goOptional(v.string()),
  weight: goOptional(v.pipe(v.number(), v.safeInteger("must be an integer"))),
  rules: goOptional(v.array(RuleSchema)),
});

/** The artifact. */
export const NfdArtifactSchema = v.looseObject({
  version: v.string(),
  compatibilities: v.array(CompatibilitySetSchema),
});

/** Why a field NFD applies to a cluster's nodes does nothing in `check`. */
function unused(field: string): Shape {
  return { unused: `NFD sets ${field} on a matching node; compspec only checks whether the image can run, so they have no effect here` };
}

const EXPRESSION: Shape = { struct: { op: "leaf", value: "leaf", type: "leaf" } };
const TERM: Shape = { struct: { feature: "leaf", matchExpressions: { map: EXPRESSION }, matchName: EXPRESSION } };
const SHAPE: Shape = {
  struct: {
    version: "leaf",
    compatibilities: {
      list: {
        struct: {
          description: "leaf",
          tag: "leaf",
          weight: "leaf",
          rules: {
            list: {
              struct: {
                name: "leaf",
                labels: { map: "leaf" },
                vars: { map: "leaf" },
                labelsTemplate: "leaf",
                varsTemplate: "leaf",
                annotations: unused("annotations"),
                taints: unused("taints"),
                extendedResources: unused("extendedResources"),
                matchFeatures: { list: TERM },
                matchAny: { list: { struct: { matchFeatures: { list: TERM } } } },
              },
            },
          },
        },
      },
    },
  },
};

/** One term of a compiled rule. */
export interface Term {
  /** The feature as written (NFD's output echoes it). */
  readonly feature: string;
  /** The feature as looked up: lower-cased, as NFD does. */
  readonly lookup: string;
  /** Element name → expression; `undefined` when the term has no `matchExpressions`. */
  readonly expressions?: readonly (readonly [string, Expression])[];
  /** The `matchName` expression, if any. */
  readonly matchName?: Expression;
  /** Element names no machine could have, each with why (`no machine has cpu.cpuid element "AVX512"; …`). */
  readonly unknownNames?: ReadonlyMap<string, string>;
  /** Why no machine has this feature, when none could (a source NFD does not have). */
  readonly unknownFeature?: string;
}

/** A compiled rule. */
export interface Rule {
  readonly name: string;
  /** `labels` then `vars`: what a matching rule adds to feature `rule.matched`. */
  readonly backrefs: readonly (readonly [string, string])[];
  /** `undefined` when absent (an empty list counts as absent, as in NFD). */
  readonly matchFeatures?: readonly Term[];
  /** `undefined` when absent or empty. */
  readonly matchAny?: readonly (readonly Term[])[];
}

/** A compiled compatibility set. */
export interface CompatibilitySet {
  /** Position in the artifact, from 0. */
  readonly index: number;
  readonly description?: string;
  readonly tag?: string;
  /** 0 when not given. */
  readonly weight: number;
  readonly rules: readonly Rule[];
}

/** A compiled NFD artifact. */
export interface NfdArtifact {
  readonly kind: "nfd";
  /** Where it was read from. */
  readonly source: string;
  readonly sets: readonly CompatibilitySet[];
  /** What the reader noticed that does not stop it (`file:line:col: path: …`), for warnings. */
  readonly notes: readonly string[];
}

type RawTerm = v.InferOutput<typeof FeatureTermSchema>;

function compileTerm(doc: ParsedDocument, raw: RawTerm, path: DocPath, notes: string[]): Term {
  const lookup = raw.feature.toLowerCase();
  const problem = featureProblem(raw.feature);
  if (problem && "error" in problem) throw doc.error([...path, "feature"], problem.error);
  if (problem) notes.push(doc.error([...path, "feature"], `${problem.unknown}; a set that needs it is reported as "unknown name"`).message);
  const at = (p: DocPath, f: () => Expression): Expression => {
    try {
      return f();
    } catch (e) {
      if (e instanceof ExpressionError) throw doc.error([...path, ...p], e.message);
      throw e;
    }
  };
  const toRaw = (x: v.InferOutput<typeof MatchExpressionSchema>) => ({
    op: x.op ?? "",
    ...(x.value !== undefined && x.value.length > 0 ? { value: x.value } : {}),
    ...(x.type ? { type: x.type } : {}),
  });
  const expressions = raw.matchExpressions === undefined ? undefined : Object.entries(raw.matchExpressions).map(
    ([name, x]) => [name, at(["matchExpressions", name], () => compileExpression(toRaw(x)))] as const,
  );
  const lint = lintExpressions(lookup, expressions ?? []);
  for (const [name, note] of lint.notes) notes.push(doc.error([...path, "matchExpressions", name], note, "key").message);
  return {
    feature: raw.feature,
    lookup,
    expressions,
    matchName: raw.matchName === undefined ? undefined : at(["matchName"], () => compileExpression(toRaw(raw.matchName!))),
    ...(lint.unknownNames.size > 0 ? { unknownNames: lint.unknownNames } : {}),
    ...(problem ? { unknownFeature: problem.unknown } : {}),
  };
}

/**
 * Read an NFD artifact from a parsed document. Throws the document's error
 * (naming the place) on anything NFD would stop on: a version other than
 * v1alpha1, a value of the wrong type, an unknown operator, a wrong number of
 * values, a non-integer operand, an unparsable version, a pattern RE2 rejects.
 */
export function readNfdArtifact(doc: ParsedDocument): NfdArtifact {
  const notes: string[] = [];
  const canonical = canonicalFieldNames(doc, doc.value, SHAPE, notes);
  const raw = validateDocument(doc, NfdArtifactSchema, canonical);
  if (raw.version !== NFD_VERSION) {
    throw doc.error(["version"], `NFD artifact version ${JSON.stringify(raw.version)} is not known; this compspec reads ${NFD_VERSION}`);
  }
  const sets = raw.compatibilities.map((set, i): CompatibilitySet => ({
    index: i,
    description: set.description,
    tag: set.tag,
    weight: set.weight ?? 0,
    rules: (set.rules ?? []).map((rule, j): Rule => {
      const path = ["compatibilities", i, "rules", j];
      const terms = (list: RawTerm[] | undefined, p: DocPath) => list?.map((t, k) => compileTerm(doc, t, [...p, k], notes));
      const any = rule.matchAny?.map((el, k) => terms(el.matchFeatures, [...path, "matchAny", k, "matchFeatures"]) ?? []);
      const features = terms(rule.matchFeatures, [...path, "matchFeatures"]);
      return {
        name: rule.name ?? "",
        backrefs: [...Object.entries(rule.labels ?? {}), ...Object.entries(rule.vars ?? {})],
        matchFeatures: features && features.length > 0 ? features : undefined,
        matchAny: any && any.length > 0 ? any : undefined,
      };
    }),
  }));
  pushAll(notes, backrefNotes(doc, raw.compatibilities, sets));
  return { kind: "nfd", source: doc.source, sets, notes };
}

/** Notes for `labels` and `vars` when no rule reads feature `rule.matched`, the only place they reach here. */
function backrefNotes(doc: ParsedDocument, raw: v.InferOutput<typeof NfdArtifactSchema>["compatibilities"], sets: readonly CompatibilitySet[]): string[] {
  const read = sets.some((s) => s.rules.some((r) => [...(r.matchFeatures ?? []), ...(r.matchAny ?? []).flat()].some((t) => t.lookup === "rule.matched")));
  if (read) return [];
  const notes: string[] = [];
  raw.forEach((set, i) =>
    (set.rules ?? []).forEach((rule, j) => {
      for (const field of ["labels", "vars"] as const) {
        if (rule[field] === undefined || Object.keys(rule[field]).length === 0) continue;
        notes.push(doc.error(["compatibilities", i, "rules", j, field], `NFD sets ${field} on a matching node; here they only reach later rules as feature rule.matched, which no rule reads, so they have no effect`, "key").message);
      }
    })
  );
  return notes;
}

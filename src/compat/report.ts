/**
 * `compspec check --json`: the report for programs. Types are inferred from
 * these valibot schemas; the published JSON Schema
 * (`schema/check-report.schema.json`) is generated from them.
 *
 * @module
 */
import * as v from "valibot";

const Int = v.pipe(v.number(), v.integer());
const Count = v.pipe(Int, v.minValue(0));

/** `pass`, `fail`, `unknown` (the data cannot say) or `error` (a value NFD cannot compare). */
export const StatusSchema = v.picklist(["pass", "fail", "unknown", "error"]);

/** One requirement that did not pass, over a group of nodes. */
export const ReasonReportSchema = v.object({
  /** `fail` or `unknown`. */
  status: v.picklist(["fail", "unknown"]),
  /** NFD rule name, or the namespace of an attribute artifact. */
  rule: v.string(),
  /** NFD feature as written (`cpu.cpuid`), or the full attribute name. */
  feature: v.string(),
  /** Element name (`AVX512F`), `(name)` for a matchName, "" for a whole term or attribute. */
  key: v.string(),
  /** The requirement in words (`Exists`, `In [Intel, AMD]`, `= mpich`, `>= haswell (archspec)`). */
  expression: v.string(),
  /** What the group's nodes have there: each distinct value once (an instance's, a flag's `present`, `absent`, `unknown`), at most 10. */
  found: v.array(v.string()),
  /** Why it is unknown, or more about the failure. */
  note: v.optional(v.string()),
});

/** A set chosen: its position in the artifact and its weight (the same shape for a group and a target). */
export const BestSetSchema = v.object({ index: Count, weight: Int });

/** One compatibility set's result for a group of nodes. */
export const GroupSetSchema = v.object({
  /** The set's position in the artifact, from 0. */
  index: Count,
  status: StatusSchema,
  reasons: v.array(ReasonReportSchema),
});

/** Nodes with the same result for every set, for the same reasons. */
export const GroupSchema = v.object({
  /** How many nodes. */
  count: v.pipe(Int, v.minValue(1)),
  /** Their names as a compressed hostlist (`node[001-036,040]`). */
  hosts: v.string(),
  /** `pass` when the image can run on them. */
  status: StatusSchema,
  /** The set they would use: the passing set of highest weight, first on a tie; null when none passes. */
  best: v.nullable(BestSetSchema),
  sets: v.array(GroupSetSchema),
  /** Why they could not be evaluated (status `error`). */
  error: v.optional(v.string()),
});

/** How many nodes of a target one set passes on. */
export const SetCountSchema = v.object({
  index: Count,
  passing: Count,
  /** The nodes it passes on, as a hostlist. */
  hosts: v.string(),
});

/** One target: this machine, a root, a node file, a node folder, or one cluster of a graph. */
export const TargetReportSchema = v.object({
  /** What it is called in the output: the hostname, the folder, the cluster's name. */
  name: v.string(),
  kind: v.picklist(["host", "root", "node-file", "node-dir", "graph"]),
  /** The path given (`--root`, `--node-file`, `--node-dir`, `--graph`); absent for this machine. */
  source: v.optional(v.string()),
  nodes: Count,
  /** Nodes the image can run on (some set passes). */
  fitting: Count,
  /** Whether the target can run it: some node fits (with `--all`: every node). */
  fits: v.boolean(),
  fittingHosts: v.string(),
  otherHosts: v.string(),
  /** The best set that passes on some node: highest weight, first on a tie; null when none. */
  best: v.nullable(BestSetSchema),
  sets: v.array(SetCountSchema),
  groups: v.array(GroupSchema),
});

/** A compatibility set of the artifact. */
export const ArtifactSetSchema = v.object({
  index: Count,
  tag: v.optional(v.string()),
  weight: Int,
  description: v.optional(v.string()),
});

/** The whole report. */
export const CheckReportSchema = v.object({
  /** Version of this report format. */
  version: v.literal(1),
  artifact: v.object({
    /** Where it was read from: the file, or the image reference (`check --image`). */
    source: v.string(),
    /** With `check --image`: where the artifact was found (the referrer's digest, or the sibling tag); its bytes were verified. */
    found: v.optional(v.string()),
    /** `nfd` (NFD v1alpha1 rules) or `compspec` (attribute artifact). */
    kind: v.picklist(["nfd", "compspec"]),
    /** The sets evaluated (after `--tags`); an attribute artifact is one set. */
    sets: v.array(ArtifactSetSchema),
  }),
  /** `--all`: a target fits only when every node does. */
  all: v.boolean(),
  /** Whether the image can run on some target (the exit code is 0 then). */
  fits: v.boolean(),
  /** The target to choose: most fitting nodes, then highest best weight; null when none fits. */
  topChoice: v.nullable(v.string()),
  targets: v.array(TargetReportSchema),
});

/** The report `check --json` prints. */
export type CheckReport = v.InferOutput<typeof CheckReportSchema>;
/** One target's part of it. */
export type TargetReport = v.InferOutput<typeof TargetReportSchema>;
/** One group of nodes. */
export type GroupReport = v.InferOutput<typeof GroupSchema>;
/** One reason over a group. */
export type ReasonReport = v.InferOutput<typeof ReasonReportSchema>;
/** A set of the artifact. */
export type ArtifactSet = v.InferOutput<typeof ArtifactSetSchema>;
/** Kinds of target. */
export type TargetKind = TargetReport["kind"];

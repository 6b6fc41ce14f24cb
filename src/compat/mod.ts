/**
 * Image compatibility (issue 9): compatibility artifacts of both kinds — NFD
 * `v1alpha1` rule artifacts and compspec attribute artifacts — read from
 * text, and evaluated on nodes. Pure: text and node data in, verdicts out; the
 * commands (`compspec check`, `compspec create artifact`) do the I/O.
 *
 * The registry work (artifacts from OCI registries) needs only text → artifact:
 * {@linkcode parseArtifact} (or {@linkcode parseDocumentText} then
 * {@linkcode detectArtifactKind} / {@linkcode readArtifact}), with errors as
 * {@linkcode DocumentError} naming the source given.
 *
 * @module
 */
export { type Artifact, type ArtifactKind, detectArtifactKind, parseArtifact, readArtifact } from "./artifact.ts";
export { type AttributeArtifact, COMPSPEC_KIND, COMPSPEC_VERSIONS } from "./attribute_artifact.ts";
export { DocumentError, MAX_DOCUMENT_BYTES, type ParsedDocument, parseDocumentText, type Place } from "./document.ts";
export { type NfdArtifact, NFD_VERSION } from "./nfd_artifact.ts";
export { evaluateNfd, type SetStatus } from "./nfd_eval.ts";
export { nfdOutputJson } from "./nfd_output.ts";
export { checkGraphNode, checkNodeFile, nfdStatusOfNodeFile, type Requirements, requirementsOf } from "./node_input.ts";
export { type CheckReport, CheckReportSchema, type TargetReport } from "./report.ts";
export { artifactSets, checkReport, summarizeTarget, type TargetVerdicts, topChoice } from "./summary.ts";
export type { NodeVerdict, Reason, SetVerdict, Status } from "./verdict.ts";

/** Media types of the two artifact kinds, as their tools store them (see docs/compat.md). */
export const MEDIA_TYPES = {
  /** NFD: the artifact manifest's `artifactType` (attached to the image as a referrer). */
  nfdArtifact: "application/vnd.nfd.image-compatibility.v1alpha1",
  /** NFD: the layer holding the YAML spec. */
  nfdSpec: "application/vnd.nfd.image-compatibility.spec.v1alpha1+yaml",
  /** compspec-go: the layer media type its examples push (under a sibling `<tag>-compspec`). */
  compspecLayer: "application/org.supercontainers.compspec",
  /** compspec-go `match` at HEAD looks for this one instead; accept both. */
  compspecLayerHead: "application/org.compspec",
} as const;

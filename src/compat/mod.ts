/**
 * Image compatibility (issue 9): compatibility artifacts of both kinds — NFD
 * `v1alpha1` rule artifacts and compspec attribute artifacts — read from
 * text, and evaluated on nodes. Pure: text and node data in, verdicts out; the
 * commands (`compspec check`, `compspec create artifact`) do the I/O.
 *
 * This is the one definition of both formats: `check`, `artifact push` and
 * `match` read artifacts with {@linkcode parseArtifact} /
 * {@linkcode parseArtifactBytes} (or {@linkcode parseDocumentText} then
 * {@linkcode detectArtifactKind} / {@linkcode readArtifact}), with errors as
 * {@linkcode DocumentError} naming the source given and the place. The media
 * types the formats are stored under (media_types.ts) are the registry
 * client's too; it imports that module alone, so that `artifact pull` loads no
 * parser.
 *
 * @module
 */
export { type Artifact, type ArtifactKind, detectArtifactKind, parseArtifact, parseArtifactBytes, readArtifact } from "./artifact.ts";
export { type AttributeArtifact, COMPSPEC_KIND, COMPSPEC_VERSIONS } from "./attribute_artifact.ts";
export { DocumentError, documentText, MAX_DOCUMENT_BYTES, type ParsedDocument, parseDocumentNow, parseDocumentText, type Place } from "./document.ts";
export { type NfdArtifact, NFD_VERSION } from "./nfd_artifact.ts";
export { evaluateNfd, type SetStatus } from "./nfd_eval.ts";
export { nfdOutputJson } from "./nfd_output.ts";
export { checkGraphNode, checkNodeFile, nfdStatusOfNodeFile, type Requirements, requirementsOf } from "./node_input.ts";
export { type CheckReport, CheckReportSchema, type TargetReport } from "./report.ts";
export { artifactSets, checkReport, summarizeTarget, type TargetVerdicts, topChoice } from "./summary.ts";
export type { NodeVerdict, Reason, SetVerdict, Status } from "./verdict.ts";

export {
  COMPSPEC_LAYER,
  COMPSPEC_LAYER_RENAMED,
  COMPSPEC_LAYERS,
  kindOfMediaType,
  NFD_ARTIFACT_TYPE,
  NFD_SPEC_LAYER,
} from "./media_types.ts";

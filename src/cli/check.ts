/**
 * `compspec check`: can this image run here — on this machine, a saved root,
 * a node file, a folder of node files, or the clusters of graph files — and
 * if not, why not? The artifact's bytes come from one place
 * ({@linkcode readArtifactText}: a file, or the artifact attached to an image);
 * from then on only text and a source name.
 *
 * @module
 */
import { type Artifact, parseArtifact } from "../compat/artifact.ts";
import { DocumentError } from "../compat/document.ts";
import type { NfdArtifact } from "../compat/nfd_artifact.ts";
import { closestName } from "../util/closest_name.ts";
import { nfdOutputJson } from "../compat/nfd_output.ts";
import { checkNodeFile, nfdStatusOfNodeFile, type Requirements, requirementsOf } from "../compat/node_input.ts";
import type { CheckReport } from "../compat/report.ts";
import { unknownNamesOnly } from "../compat/verdict.ts";
import { artifactSets, checkReport, summarizeTarget, type TargetVerdicts } from "../compat/summary.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { type ArtifactOrigin, artifactErrorText, type ArtifactText, NO_ARTIFACT_EXIT, readArtifactText } from "./artifact_source.ts";
import { extractNode, graphVerdicts, type NamedNodeFile, nodeDirVerdicts, readOneNodeFile } from "./check_targets.ts";
import { formatCheckReport } from "./check_text.ts";
import { CliError, info, usageError, warn, writeStdout } from "./output.ts";
import {
  ARTIFACT_LOOKUP_OPTIONS,
  ARTIFACT_LOOKUP_ORDER,
  type ArtifactLookupValues,
  LOOKUP_CHOICE_OPTIONS,
  lookupOptionsGiven,
  REGISTRY_HELP_BLOCK,
  REGISTRY_HELP_COLUMN,
} from "./registry_flags.ts";
import { escapeControl } from "../util/escape_control.ts";
import { pushAll } from "../util/array_ops.ts";

/** `compspec check`, declared: options and help. */
export const CHECK = defineCommand({
  name: "check",
  options: {
    artifact: { type: "string", value: "FILE", help: ["a compatibility artifact file"] },
    image: { type: "string", value: "REF", help: ["the artifact attached to an image, found and verified", "as 'compspec artifact pull' does (see below)"] },
    root: { type: "string", value: "DIR|SNAPSHOT", help: ["a saved machine root or snapshot file"] },
    "node-file": { type: "string", value: "FILE", help: ["one node file (from 'compspec extract')"] },
    "node-dir": { type: "string", value: "DIR", help: ["a folder of node files"] },
    graph: {
      type: "string",
      multiple: true,
      value: "FILE",
      help: [
        "a cluster graph from 'compspec create nodes' (use",
        "--labels there for NFD rules); repeat for several",
        "clusters: the top choice is the one with the most",
        "nodes that can run it, then the highest weight",
      ],
    },
    tags: { type: "string", value: "TAG,...", help: ["only NFD compatibility sets with one of these tags"] },
    all: { type: "boolean", help: ["it must run on every node (exit 0 only then)"] },
    json: { type: "boolean", help: ["the report as JSON (schema/check-report.schema.json)"] },
    "output-json": {
      type: "boolean",
      help: ["exactly what NFD's 'nfd compat validate-node --output-json'", "prints, for one node (this machine, --root or --node-file)"],
    },
    "allow-fail": { type: "boolean", help: ["skip bad node files in --node-dir with a warning"] },
    ...ARTIFACT_LOOKUP_OPTIONS,
  },
  help: [
    `Usage: compspec check (--artifact FILE | --image REF [registry options])
                     [--tags TAG,...] [--json | --output-json] [--all]
                     [--root DIR|SNAPSHOT | --node-file FILE | --node-dir DIR [--allow-fail]
                      | --graph CLUSTER.json ...]`,
    `Evaluate an image's compatibility artifact on nodes: can the image run here,
and if not, why not? Without a target, this machine is checked (only the
sections the artifact needs are extracted, in-process).`,
    `Artifacts (YAML or JSON; the kind is told from the content):
  NFD rule artifacts (version: v1alpha1), with NFD's exact semantics, and
  compspec attribute artifacts (compspec-go's 'create artifact' output), each
  attribute matched to the node attribute of the same name
  (io.archspec.cpu.target in archspec's order). See docs/compat.md.`,
    { title: "The artifact (one of)", options: ["artifact", "image"], column: 27 },
    { title: "Targets (one kind)", options: ["root", "node-file", "node-dir", "graph"], column: 27 },
    { title: "Options", options: ["tags", "all", "json", "output-json", "allow-fail", "help"], column: 27 },
    `Exit status:
  0  the image can run (on this machine; on at least one node or cluster;
     with --all on every node)
  1  it cannot (or it cannot be told)
  2  usage error or a bad artifact (its file, or the artifact found for --image,
     is not a valid artifact: the message names it and the place)
  ${NO_ARTIFACT_EXIT}  --image: no artifact to evaluate: the image or its registry could not
     be reached or read (404, 401/403, timeout, refused connection …), no
     compatibility artifact is attached, or its bytes failed their digest or
     size check (refused, never evaluated); or no answer because a
     compatibility set fails only on element names no machine has (a
     misspelt flag such as avx512f: see the warnings)`,
    `With --image: ${ARTIFACT_LOOKUP_ORDER.replace(/^Where it looks/, "where it looks")}`,
    { title: "Image options", options: Object.keys(LOOKUP_CHOICE_OPTIONS), column: REGISTRY_HELP_COLUMN },
    REGISTRY_HELP_BLOCK,
    `Examples:
  compspec check --artifact image-compatibility.yaml
  compspec check --artifact spec.yaml --node-dir /shared/cluster/ --all
  compspec check --artifact spec.json --graph red.json --graph blue.json --json
  compspec check --image registry.example.org/hpc/lammps:2024 --node-dir /shared/cluster/
  compspec check --image oci-layout:/mirror/lammps:2024 --graph cluster.json`,
  ],
});

/** Parse `--tags a,b`. */
function parseTags(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const tags = text.split(",").map((t) => t.trim()).filter((t) => t !== "");
  if (tags.length === 0) throw usageError("check: --tags needs at least one tag");
  return tags;
}

/**
 * `--tags` must name tags the artifact has: a mistyped tag would select no set
 * and read as "cannot run it". Exit 2, listing the tags there are.
 */
function checkTags(artifact: NfdArtifact, tags: readonly string[]): void {
  const have = [...new Set(artifact.sets.flatMap((s) => (s.tag === undefined ? [] : [s.tag])))];
  const missing = tags.filter((t) => !have.includes(t));
  if (missing.length === 0) return;
  const listed = have.length === 0 ? "it has no tagged set" : `its tags are ${have.join(", ")}`;
  const guess = missing.length === 1 && have.length > 1 ? closestName(missing[0]!, have) : undefined;
  throw usageError(
    `check: --tags ${missing.join(",")}: no compatibility set of ${artifact.source} has ${missing.length === 1 ? "this tag" : "these tags"}; ${listed}${guess ? ` (did you mean ${guess}?)` : ""}`,
  );
}

/** Compile artifact text; a bad artifact is exit 2 (`command` words the message). */
export async function compileArtifact({ text, source, errorName }: ArtifactText, command = "check"): Promise<Artifact> {
  try {
    return await parseArtifact(text, source);
  } catch (e) {
    if (e instanceof DocumentError) throw usageError(errorName === undefined ? e.message : `${command}: ${artifactErrorText(e, errorName)}`);
    throw e;
  }
}

/** Where the artifact comes from: `--artifact` or `--image` (one of them), and the image options only with `--image`. */
function artifactOrigin(values: { artifact?: string; image?: string } & ArtifactLookupValues): ArtifactOrigin {
  if (values.artifact !== undefined && values.image !== undefined) {
    throw usageError("check: --artifact and --image both name the artifact: give one");
  }
  if (values.image !== undefined) return { image: values.image, lookup: values };
  const stray = lookupOptionsGiven(values);
  if (stray.length > 0) throw usageError(`check: ${stray.join(", ")} ${stray.length === 1 ? "applies" : "apply"} to --image`);
  if (values.artifact === undefined) throw usageError("check: --artifact FILE is required, or --image REF (see 'compspec check --help')");
  return { file: values.artifact };
}

/** `--output-json`: NFD's own output for one node. */
function outputNfdJson(artifact: Artifact, req: Requirements, node: NamedNodeFile, tags: string[] | undefined): number {
  if (artifact.kind !== "nfd") throw usageError("check: --output-json prints NFD's format: it needs an NFD (v1alpha1) artifact");
  const r = nfdStatusOfNodeFile(artifact, req, node.file, node.hostname, { tags });
  if (r.verdict.error !== undefined) throw new CliError(`${node.hostname}: ${r.verdict.error}`);
  for (const s of r.verdict.sets) {
    for (const reason of s.reasons) {
      if (reason.status === "unknown") warn(`${reason.feature}: ${reason.note} (NFD's output says false here)`);
    }
  }
  writeStdout(nfdOutputJson(r.status!));
  return r.verdict.status === "pass" ? 0 : unknownNamesOnly(r.verdict) ? NO_ARTIFACT_EXIT : 1;
}

/** Run `compspec check`. */
export async function checkCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(CHECK, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const origin = artifactOrigin(values);
  const given = (["root", "node-file", "node-dir", "graph"] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1) throw usageError(`check: give one kind of target, not ${given.map((k) => `--${k}`).join(" and ")}`);
  if (values.json && values["output-json"]) throw usageError("check: --json and --output-json are two different formats: give one");
  if (values["output-json"] && (values["node-dir"] !== undefined || values.graph !== undefined)) {
    throw usageError("check: --output-json is NFD's format for one node: use it with this machine, --root or --node-file");
  }
  if (values["allow-fail"] && values["node-dir"] === undefined) throw usageError("check: --allow-fail applies to --node-dir");
  const tags = parseTags(values.tags);
  const all = values.all ?? false;

  // Every usage check above comes before any network work.
  const text = await readArtifactText(origin);
  const artifact = await compileArtifact(text);
  if (tags && artifact.kind !== "nfd") throw usageError(`check: --tags selects NFD compatibility sets; ${artifact.source} is a compspec attribute artifact`);
  if (tags && artifact.kind === "nfd") checkTags(artifact, tags);
  for (const note of artifact.notes) warn(note);
  const req = requirementsOf(artifact);
  const opts = { tags };

  let targets: TargetVerdicts[];
  if (values["node-dir"] !== undefined) {
    targets = [await nodeDirVerdicts(values["node-dir"], artifact, req, { ...opts, allowFail: values["allow-fail"] ?? false })];
  } else if (values.graph !== undefined) {
    targets = [];
    for (const g of values.graph) pushAll(targets, await graphVerdicts(g, artifact, req, opts));
  } else {
    const file = values["node-file"];
    const node = file !== undefined ? await readOneNodeFile(file) : await extractNode(values.root, req);
    if (values["output-json"]) {
      // NFD's format has no place for it: say on stderr which artifact was evaluated.
      if (text.found !== undefined) info(`compspec: artifact from ${escapeControl(text.found)}`);
      return outputNfdJson(artifact, req, node, tags);
    }
    const kind = file !== undefined ? "node-file" : values.root !== undefined ? "root" : "host";
    targets = [{
      name: node.hostname,
      kind,
      ...(file !== undefined ? { source: file } : values.root !== undefined ? { source: values.root } : {}),
      verdicts: [checkNodeFile(artifact, req, node.file, node.hostname, opts)],
    }];
  }
  const sets = artifactSets(artifact, tags);
  const report: CheckReport = checkReport(artifact, sets, targets.map((t) => summarizeTarget(t, sets, all)), all, text.found);
  writeStdout(values.json ? JSON.stringify(report, null, 2) + "\n" : formatCheckReport(report));
  // A set that fails only on names no machine has (a misspelt flag) is no answer: the artifact needs fixing.
  return report.fits ? 0 : targets.some((t) => t.verdicts.some(unknownNamesOnly)) ? NO_ARTIFACT_EXIT : 1;
}

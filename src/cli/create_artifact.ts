/**
 * `compspec create artifact`: compspec-go's command — run the extractors a
 * compatibility request names, fill in its attributes, and write the
 * artifact byte for byte as compspec-go does — with its bugs fixed: warnings
 * on stderr, a path that names nothing is an error (or, with --allow-fail,
 * `""` and a warning), `--out` written atomically, only the sections the
 * request names are extracted.
 *
 * @module
 */
import {
  appendField,
  artifactText,
  type FieldPath,
  parseFieldPath,
  populateRequest,
  readRequest,
  requestedSections,
} from "../compat/create_artifact.ts";
import { DocumentError, parseDocumentNow } from "../compat/document.ts";
import { withLazyModules } from "../util/lazy_module.ts";
import { findExtractor } from "../extractors/registry.ts";
import { openHost } from "../host/open_host.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { readDocumentFile } from "./artifact_source.ts";
import { extractSections } from "./extract_sections.ts";
import { FORCE_OPTION, forceOf } from "./force_option.ts";
import { checkOutput, CliError, usageError, warn, writeFileAtomic, writeStdout } from "./output.ts";
import { errorMessage } from "../util/errors.ts";

/** `compspec create artifact`, declared: options and help. */
export const CREATE_ARTIFACT = defineCommand({
  name: "create artifact",
  options: {
    in: { type: "string", short: "i", value: "REQUEST.yaml", required: true, help: ["the request"] },
    append: { type: "string", multiple: true, short: "a", value: "PATH=VALUE", help: ["set a field after extraction (repeatable), e.g.", "-a custom.gpu.available=yes"] },
    out: { type: "string", short: "o", value: "FILE", help: ["write the artifact to FILE atomically (no trailing newline)"] },
    "allow-fail": { type: "boolean", short: "f", help: ["a path that names nothing (or a section that cannot be", "read) becomes \"\" with a warning instead of an error"] },
    // compspec-go parses -m/--media-type and never uses it; accepted for drop-in use (not in the help).
    "media-type": { type: "string", short: "m", value: "TYPE", help: ["ignored, as compspec-go ignores it"] },
    root: { type: "string", value: "DIR|SNAPSHOT", help: ["extract from a saved root instead of this machine"] },
    ...FORCE_OPTION,
  },
  help: [
    `Usage: compspec create artifact -i|--in REQUEST.yaml [-a|--append EXTRACTOR.SECTION.FIELD=VALUE]...
                               [-o|--out FILE] [-f|--allow-fail] [--root DIR|SNAPSHOT]
                               [--force]`,
    `Describe the environment an image is built in as a compatibility artifact
(compspec-go's format): run the extractors the request names and put each
extracted value under its attribute. The output is byte-identical to
compspec-go's for the same values.`,
    `The request (YAML) maps attribute names to extractor paths:
  version: "0.0.0"
  kind: CompatibilitySpec
  metadata:
    name: lammps-prototype
    schemas:
      io.archspec: https://…/archspec/compspec.json
  compatibilities:
  - name: io.archspec
    version: "0.0.0"
    attributes:
      cpu.target: system.arch.target      # the archspec name, e.g. icelake
      cpu.model: system.processor.0.normalized.model`,
    { title: "Options", options: ["in", "append", "out", "allow-fail", "root", "force", "help"], column: 29 },
    `Then: compspec check --artifact FILE [--node-dir DIR | --graph FILE ...]`,
  ],
});

/** Parse `-a extractor.section.field=value` (split at the first "="). */
function parseAppend(text: string): { path: FieldPath; value: string } {
  const eq = text.indexOf("=");
  const path = eq < 0 ? undefined : parseFieldPath(text.slice(0, eq));
  if (!path) throw usageError(`create artifact: -a ${JSON.stringify(text)}: expected EXTRACTOR.SECTION.FIELD=VALUE`);
  return { path, value: text.slice(eq + 1) };
}

/** Run `compspec create artifact`. */
export async function createArtifactCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(CREATE_ARTIFACT, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const appends = (values.append ?? []).map(parseAppend);
  const allowFail = values["allow-fail"] ?? false;
  const force = forceOf(values);
  // Output mistakes show before the request is read or anything extracted.
  if (values.out !== undefined) checkOutput(values.out, { force, option: "--out" });

  const { text, source } = readDocumentFile(values.in, "--in");
  let request;
  try {
    request = await withLazyModules(() => readRequest(parseDocumentNow(text, source)));
  } catch (e) {
    if (e instanceof DocumentError) throw usageError(e.message);
    throw e;
  }

  // Only the sections the request names, of extractors compspec has.
  const names: string[] = [];
  for (const [extractor, sections] of requestedSections(request)) {
    const known = findExtractor(extractor);
    if (!known) continue;
    const valid = sections.filter((s) => known.sections.some((k) => k.name === s));
    if (valid.length > 0) names.push(`${extractor}[${valid.join(",")}]`);
  }
  let host;
  try {
    host = await openHost(values.root);
  } catch (e) {
    throw new CliError(errorMessage(e));
  }
  const { results, failures } = extractSections(host, names);
  const failed = failures.map((f) => `${f.extractor}[${f.section}]: ${f.message}`);
  if (failed.length > 0 && !allowFail) {
    throw new CliError(`cannot extract from ${host.description}:\n  ${failed.join("\n  ")}\n(use --allow-fail to set what they answer to "")`);
  }
  for (const f of failures) delete results[f.extractor]?.sections[f.section];
  for (const m of failed) warn(m);
  for (const { path, value } of appends) appendField(results, path, value);

  const { artifact, unresolved } = populateRequest(request, results);
  const problems = unresolved.map((u) => `${u.namespace} ${u.attribute}: ${u.path} names nothing: ${u.why}`);
  if (problems.length > 0 && !allowFail) {
    throw new CliError(`${source}: ${problems.length === 1 ? problems[0] : `\n  ${problems.join("\n  ")}`}\n(nothing written; use --allow-fail to set them to "")`);
  }
  for (const p of problems) warn(`${p}; set to ""`);
  const out = artifactText(artifact);
  if (values.out === undefined) writeStdout(out + "\n");
  else writeFileAtomic(values.out, out, force);
  return 0;
}
